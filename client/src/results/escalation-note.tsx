/** Escalations on the public page: a line on an escalated theme or action, and a card for items received from another session. */
import type { PublicEscalation } from '../../../shared/results.ts';
import { t } from '../i18n.ts';
import { formatMoment } from './format.ts';

/** "Escalated to <the other session>" (a link when that session's results are public) and its status there. */
export function EscalationNote({ escalation: e }: { escalation: PublicEscalation }) {
  const title = e.otherPublicUrl ? <a href={e.otherPublicUrl}>{e.otherTitle}</a> : e.otherTitle;
  // The link goes where {title} stands in the sentence, which differs between the languages.
  const [before, after] = t(e.direction === 'outgoing' ? 'results.escalated.to' : 'results.escalated.from', { title: '\u0000' }).split('\u0000');
  return (
    <p class="rp-escalation">
      {before}
      {title}
      {after} · {t(e.direction === 'outgoing' ? 'results.escalated.status' : 'results.escalated.statusHere', { status: t(`results.escStatus.${e.status}`) })}
    </p>
  );
}

/** An item another session escalated to this one: what it is, where it came from, what happened since. */
export function EscalationCard({ escalation: e }: { escalation: PublicEscalation }) {
  return (
    <article class="rp-card" aria-labelledby={`rp-esc-${e.id}`}>
      <h3 id={`rp-esc-${e.id}`}>
        {e.title} <span class="rp-kind">· {t(`results.kind.${e.kind === 'theme' ? 'theme' : 'action'}`)}</span>
      </h3>
      <EscalationNote escalation={e} />
      {e.detail && <p class="rp-detail">{e.detail}</p>}
      {e.updates.length > 0 && (
        <ol class="rp-timeline">
          {e.updates.map((u, i) => (
            <li key={i}>
              <time dateTime={new Date(u.at).toISOString()}>{formatMoment(u.at)}</time>
              <span class="rp-update-status">{t(`results.escStatus.${u.status}`)}</span>
              {u.note && <span>{u.note}</span>}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
