/**
 * An action item with its owner, due date, status, overdue flag, escalation and dated follow-up
 * timeline. `level`: its title's heading level, one below the heading it sits under (h4 under a
 * board's "Action items" h3 on the results page, h2 right under the follow-up page's h1), so
 * headings never skip a level.
 */
import type { ReactNode } from 'preact/compat';
import type { PublicAction } from '../../../shared/results.ts';
import { t } from '../i18n.ts';
import { AdviceList } from './advice-list.tsx';
import { EscalationNote } from './escalation-note.tsx';
import { formatDay, formatMoment } from './format.ts';

export function ActionItem({ action: a, themeTitle, level = 4, children }: { action: PublicAction; themeTitle?: string | null; level?: 2 | 4; children?: ReactNode }) {
  const id = `rp-action-${a.boardId}-${a.id}`;
  const Title = `h${level}` as const;
  const Sub = `h${level + 1}` as 'h3' | 'h5';
  return (
    <article class={`rp-card rp-action${a.overdue ? ' is-overdue' : ''}`} aria-labelledby={id}>
      <Title id={id} class="rp-action__title">{a.title}</Title>
      {themeTitle && <p class="rp-kind">{t('results.action.theme', { title: themeTitle })}</p>}
      {a.from && <p class="rp-kind rp-from">{t('results.action.from', { board: a.from.title })}</p>}
      <dl class="rp-facts">
        <div>
          <dt>{t('results.action.owner')}</dt>
          <dd>{a.owner || t('results.action.noOwner')}</dd>
        </div>
        <div>
          <dt>{t('results.action.due')}</dt>
          <dd>
            {a.due ? <time dateTime={a.due}>{formatDay(a.due)}</time> : t('results.action.noDue')}
            {a.overdue && <strong class="rp-overdue">{t('results.overdue')}</strong>}
          </dd>
        </div>
        <div>
          <dt>{t('results.action.status')}</dt>
          <dd>
            <span class={`rp-status rp-status--${a.status}`}>{t(`results.status.${a.status}`)}</span>
          </dd>
        </div>
      </dl>
      {a.escalation && <EscalationNote escalation={a.escalation} />}
      <AdviceList advice={a.advice ?? []} />
      <Sub class="rp-timeline-head">{t('results.timeline')}</Sub>
      {a.updates.length === 0 ? (
        <p class="rp-empty">{t('results.timeline.none')}</p>
      ) : (
        <ol class="rp-timeline">
          {a.updates.map((u, i) => (
            <li key={i}>
              <time dateTime={new Date(u.at).toISOString()}>{formatMoment(u.at)}</time>
              <span class="rp-by">{u.label ?? t(`results.by.${u.by}`)}</span>
              {u.status && <span class="rp-update-status">{t('results.update.status', { status: t(`results.status.${u.status}`) })}</span>}
              <span class="rp-note">{u.note}</span>
            </li>
          ))}
        </ol>
      )}
      {children}
    </article>
  );
}
