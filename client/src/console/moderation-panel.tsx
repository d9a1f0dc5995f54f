/** The moderation tab: concerns awaiting screening, hidden and rejected ones, private writing, and undo. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { HeldNote, ModerationModel } from './moderation-model.ts';
import { describeEntry } from './moderation-model.ts';
import { clip } from './board-labels.ts';
import { PhotoThumb } from './photo-thumb.tsx';

export function ModerationPanel({ console: c, mod }: { console: ConsoleModel; mod: ModerationModel }) {
  const changes = c.changes.value;
  useEffect(() => void mod.refreshRecord(), [mod, changes]);
  const pending = mod.pending.value;
  const hidden = mod.hidden.value;
  const rejected = mod.rejected.value;
  const privateCount = mod.privateCount.value;
  const settings = c.board.settings.value;
  return (
    <>
      <section aria-labelledby="screening-heading">
        <h3 id="screening-heading">{t('console.mod.screening', { n: pending.length })}</h3>
        {!settings.screening && <p class="hint">{t('console.mod.screeningOff')}</p>}
        {pending.length === 0 ? <p class="empty small">{t('console.mod.noneWaiting')}</p> : (
          <ul class="held">
            {pending.map((h) => (
              <HeldItem key={h.note.id} held={h} token={c.stored.token}>
                <button type="button" class="small primary" aria-label={t('console.mod.approveLabel', { text: clip(h.note.text, 30) })} onClick={() => void mod.approve(h.note.id)}>
                  {t('console.mod.approve')}
                </button>
                <button type="button" class="small" aria-label={t('console.mod.rejectLabel', { text: clip(h.note.text, 30) })} onClick={() => void mod.reject(h.note.id)}>
                  {t('console.mod.reject')}
                </button>
              </HeldItem>
            ))}
          </ul>
        )}
      </section>
      {(settings.privateGather || privateCount > 0) && (
        <section aria-labelledby="private-heading">
          <h3 id="private-heading">{t('console.mod.private', { n: privateCount })}</h3>
          <button type="button" class="small" disabled={!c.can('notes:reveal')} onClick={() => void mod.revealPrivate()}>
            {t('console.mod.reveal')}
          </button>
        </section>
      )}
      {(hidden.length > 0 || rejected.length > 0) && (
        <section aria-labelledby="hidden-heading">
          <h3 id="hidden-heading">{t('console.mod.hiddenHeading', { n: hidden.length + rejected.length })}</h3>
          <ul class="held">
            {[...hidden, ...rejected].map((h) => (
              <HeldItem key={h.note.id} held={h} token={c.stored.token}>
                {h.state === 'hidden' ? (
                  <button type="button" class="small" aria-label={t('console.mod.restoreLabel', { text: clip(h.note.text, 30) })} onClick={() => void mod.restore(h.note.id)}>
                    {t('console.mod.restore')}
                  </button>
                ) : (
                  <button type="button" class="small" aria-label={t('console.mod.approveLabel', { text: clip(h.note.text, 30) })} onClick={() => void mod.approve(h.note.id)}>
                    {t('console.mod.approveAnyway')}
                  </button>
                )}
              </HeldItem>
            ))}
          </ul>
        </section>
      )}
      <UndoList console={c} mod={mod} />
    </>
  );
}

function HeldItem({ held, token, children }: { held: HeldNote; token: string; children: ComponentChildren }) {
  return (
    <li class="held__item">
      <p class="held__text">{held.note.text}</p>
      {held.note.photoId && <PhotoThumb photoId={held.note.photoId} token={token} text={held.note.text} />}
      {held.reason && <p class="hint">{t('console.mod.reasonWas', { reason: held.reason })}</p>}
      <div class="button-row">{children}</div>
    </li>
  );
}

function UndoList({ console: c, mod }: { console: ConsoleModel; mod: ModerationModel }) {
  const list = mod.undoList.value;
  if (!c.can('record:undo')) return null;
  return (
    <section aria-labelledby="undo-heading">
      <h3 id="undo-heading">{t('console.record.heading')}</h3>
      <button type="button" class="small" disabled={mod.loading.value} onClick={() => void mod.refreshRecord()}>
        {t('console.refresh')}
      </button>
      {list.length === 0 ? <p class="empty small">{t('console.record.none')}</p> : (
        <ul class="record">
          {list.slice(0, 20).map((e) => (
            <li key={e.seq}>
              <span>{describeEntry(e)}</span>
              <button type="button" class="small" aria-label={t('console.record.undoLabel', { what: describeEntry(e) })} onClick={() => void mod.undo(e.seq)}>
                {t('console.record.undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
