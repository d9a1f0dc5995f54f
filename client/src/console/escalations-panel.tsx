/**
 * Escalation in the results tab: this session's escalation code (what a lower-level session
 * types to hand an item up), the items received with where they came from and a status to set,
 * and the items this session sent with their status over there.
 */
import { useEffect } from 'preact/hooks';
import { EscalationStatuses } from '../../../shared/results.ts';
import type { EscalationStatus, EscalationView } from '../../../shared/results.ts';
import type { MessageKey } from '../i18n.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { formatEscalationCode } from './escalations-model.ts';
import type { EscalationsModel } from './escalations-model.ts';
import type { PeopleModel } from './people-model.ts';
import { clip } from './board-labels.ts';

const statusText = (s: EscalationStatus): string => t(`console.esc.st.${s}` as MessageKey);
const kindText = (k: EscalationView['kind']): string => t(k === 'theme' ? 'console.esc.kind.theme' : 'console.esc.kind.action');

export function EscalationsPanel({ console: c, esc, people }: { console: ConsoleModel; esc: EscalationsModel; people: PeopleModel }) {
  useEffect(() => void esc.refresh(), [esc]);
  if (!c.can('item:escalate')) return null;
  const code = c.details.value.escalationCode;
  const incoming = esc.incoming.value;
  const outgoing = esc.outgoing.value;
  return (
    <section aria-labelledby="esc-heading">
      <h3 id="esc-heading">{t('console.esc.heading')}</h3>
      {code && (
        <div class="esc-code">
          <p>
            {t('console.esc.code')} <strong class="esc-code__value">{formatEscalationCode(code)}</strong>
          </p>
          <button type="button" class="small" onClick={() => void people.copy(code)}>{t('console.copy')}</button>
          <p class="hint">{t('console.esc.codeHint')}</p>
        </div>
      )}
      <h4 id="esc-in-heading">{t('console.esc.incoming', { n: incoming.length })}</h4>
      {incoming.length === 0 ? <p class="empty small">{t('console.esc.none')}</p> : (
        <ul class="escalations" aria-labelledby="esc-in-heading">
          {incoming.map((e) => <Incoming key={e.id} e={e} esc={esc} />)}
        </ul>
      )}
      <h4 id="esc-out-heading">{t('console.esc.outgoing', { n: outgoing.length })}</h4>
      {outgoing.length === 0 ? <p class="empty small">{t('console.esc.none')}</p> : (
        <ul class="escalations" aria-labelledby="esc-out-heading">
          {outgoing.map((e) => (
            <li key={e.id} class="escalation">
              <p class="escalation__title"><span>{e.title}</span> <span class="tag">{kindText(e.kind)}</span></p>
              <p class="hint"><Other e={e} /> · {t('console.esc.statusNow', { status: statusText(e.status) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "From/To: <the other session>", a link when its results are public. */
function Other({ e }: { e: EscalationView }) {
  const [before, after] = t(e.direction === 'incoming' ? 'console.esc.from' : 'console.esc.to', { title: '\u0000' }).split('\u0000');
  return (
    <>
      {before}
      {e.otherPublicUrl ? <a href={e.otherPublicUrl} target="_blank" rel="noopener">{e.otherTitle}</a> : e.otherTitle}
      {after}
    </>
  );
}

function Incoming({ e, esc }: { e: EscalationView; esc: EscalationsModel }) {
  const short = clip(e.title, 40);
  const statusId = `esc-status-${e.id}`;
  const noteId = `esc-note-${e.id}`;
  return (
    <li class="escalation">
      <p class="escalation__title"><span>{e.title}</span> <span class="tag">{kindText(e.kind)}</span></p>
      <p class="hint"><Other e={e} /> · {t('console.esc.statusNow', { status: statusText(e.status) })}</p>
      {e.detail && <p class="escalation__detail">{e.detail}</p>}
      <form
        class="stack-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          const form = ev.currentTarget;
          const data = new FormData(form);
          void esc.setStatus(e.id, data.get('status') as EscalationStatus, String(data.get('note') ?? '')).then((ok) => {
            const note = form.elements.namedItem('note');
            if (ok && note instanceof HTMLInputElement) note.value = '';
          });
        }}
      >
        <label for={statusId}>{t('console.esc.statusFor', { title: short })}</label>
        <select id={statusId} name="status">
          {EscalationStatuses.map((s) => <option key={s} value={s} selected={s === e.status}>{statusText(s)}</option>)}
        </select>
        <label for={noteId}>{t('console.esc.noteFor', { title: short })}</label>
        <input id={noteId} name="note" maxLength={1000} autocomplete="off" />
        <button type="submit" class="small primary" aria-label={t('console.esc.saveFor', { title: short })}>{t('console.esc.save')}</button>
      </form>
    </li>
  );
}
