/**
 * The revealed vote as ranked bars: one row per item, most dots first, ties sharing a rank (the
 * same ranking as the public results page). Bars grow in one after another unless the viewer
 * asked for reduced motion. Shown only once `board.tallies` exists: before the reveal the
 * screen has no numbers to show.
 */
import { useRef } from 'preact/hooks';
import { t, tn } from '../i18n.ts';
import { locale } from '../i18n.ts';
import type { BoardSummary } from '../../../shared/http-api.ts';
import type { BoardModel } from '../model/board-model.ts';
import { useAutoFit } from './auto-fit.ts';
import { rankedRows } from '../model/tallies.ts';
import { ActionItems } from './spotlight.tsx';

/** Rows beyond this are summed up in one line: a projector cannot show a hundred bars legibly. */
const MAX_ROWS = 12;

export function VoteResults({ model, boards }: { model: BoardModel; boards: readonly BoardSummary[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const rows = rankedRows(model);
  const shown = rows.slice(0, MAX_ROWS);
  const max = Math.max(1, ...shown.map((r) => r.votes));
  const n = new Intl.NumberFormat(locale.value);
  const actions = model.actions.value;
  const spot = model.spotlight.value;
  useAutoFit(ref, `${shown.map((r) => `${r.targetId}:${r.votes}:${r.title}`).join()}/${actions.length}`, 16, 56);
  return (
    <div class={`bs-results${actions.length > 0 ? ' has-actions' : ''}`}>
      <section class="bs-votes" aria-labelledby="bs-votes-heading">
        <h2 id="bs-votes-heading">{t('screen.votes')}</h2>
        <div class="bs-votes-fit" ref={ref}>
          {shown.length === 0 ? (
            <p class="bs-empty">{t('screen.votes.none')}</p>
          ) : (
            <ol class="bs-bars">
              {shown.map((r, i) => (
                <li key={r.targetId} class={spot === r.targetId ? 'is-spot' : undefined} style={{ '--i': shown.length - 1 - i }}>
                  <span class="bs-rank">
                    <span class="visually-hidden">{t('screen.votes.rank', { rank: r.rank })}</span>
                    <span aria-hidden="true">{n.format(r.rank)}</span>
                  </span>
                  <span class="bs-bar-title">{r.title}</span>
                  <svg class="bs-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect class="bs-bar-track" width="100" height="10" rx="1" />
                    <rect class="bs-bar-fill" width={(100 * r.votes) / max} height="10" rx="1" />
                  </svg>
                  <span class="bs-bar-count">{tn('screen.votes.dots', r.votes)}</span>
                </li>
              ))}
            </ol>
          )}
          {rows.length > shown.length && <p class="bs-more">{tn('screen.votes.more', rows.length - shown.length)}</p>}
        </div>
      </section>
      {actions.length > 0 && (
        <section class="bs-actions" aria-labelledby="bs-actions-side">
          <h2 id="bs-actions-side">{t('screen.actions')}</h2>
          <ActionItems model={model} actions={actions} spot={spot} boards={boards} />
        </section>
      )}
    </div>
  );
}
