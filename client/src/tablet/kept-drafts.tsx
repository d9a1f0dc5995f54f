/**
 * Action wording this device typed that the server did not take (the step left Act as the
 * person typed, or while the tablet was offline), offered back in every step: put it back into
 * the action while drafting is open, copy it, or let it go.
 */
import { MaxDraftTextLength } from '../../../shared/write-paths.ts';
import { cutText } from '../../../shared/well-formed-text.ts';
import { t } from '../i18n.ts';
import type { KeptDraft } from '../model/kept-drafts.ts';
import { mayDraft } from './draft-panel.tsx';
import type { TabletModel } from './tablet-model.ts';

/** Replaces the action's shared wording with the kept one (as the person's own edit), then forgets it. */
function putBack(tablet: TabletModel, d: KeptDraft): void {
  const title = tablet.board.actions.value.find((a) => a.id === d.actionId)?.titleText;
  const doc = title?.doc;
  if (!title || !doc || !mayDraft(tablet, d.actionId)) return;
  doc.transact(() => {
    title.delete(0, title.length);
    title.insert(0, cutText(d.text, MaxDraftTextLength));
  });
  tablet.conn.drafts.dismiss(d.id);
}

export function KeptDraftsPanel({ tablet }: { tablet: TabletModel }) {
  const conn = tablet.conn;
  const mine = conn.drafts.items.value.filter((d) => d.boardId === conn.draftsBoardId);
  if (mine.length === 0) return null;
  const actions = tablet.board.actions.value;
  const clipboard = typeof navigator !== 'undefined' && navigator.clipboard !== undefined;
  return (
    <section class="tkept" aria-labelledby="tkept-heading">
      <h2 id="tkept-heading">{t('tablet.kept.heading')}</h2>
      <p class="hint">{t('tablet.kept.help')}</p>
      <ul class="tkept__list">
        {mine.map((d) => {
          const n = actions.findIndex((a) => a.id === d.actionId) + 1;
          const canPutBack = n > 0 && actions[n - 1]!.titleText !== null && mayDraft(tablet, d.actionId);
          const id = `tkept-${d.id}`;
          return (
            <li key={d.id} class="tkept__item">
              <label for={id} class="tdraft__label">
                {n > 0 ? t('tablet.kept.for', { n }) : t('tablet.kept.gone')}
              </label>
              <textarea id={id} class="tdraft__text" rows={3} readOnly value={d.text} />
              <div class="tkept__actions">
                {canPutBack && (
                  <button type="button" class="primary" onClick={() => putBack(tablet, d)}>
                    {t('tablet.kept.putBack')}
                  </button>
                )}
                {clipboard && (
                  <button type="button" onClick={() => void navigator.clipboard.writeText(d.text).then(() => tablet.say('ok', 'tablet.kept.copied'), () => undefined)}>
                    {t('tablet.kept.copy')}
                  </button>
                )}
                <button type="button" onClick={() => conn.drafts.dismiss(d.id)}>
                  {t('tablet.kept.dismiss')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
