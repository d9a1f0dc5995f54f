/**
 * Ranked vote results: one row per item with an SVG bar (crisp on paper), and the same numbers as
 * a table for anyone who prefers one.
 */
import type { PublicTally } from '../../../shared/results.ts';
import { t } from '../i18n.ts';
import { formatCount } from './format.ts';

/** One bar's length, as a share of the longest (the top item's). */
function share(votes: number, max: number): number {
  return Math.round((1000 * votes) / max) / 10;
}

export function VoteChart({ tallies, boardTitle }: { tallies: PublicTally[]; boardTitle: string }) {
  const max = Math.max(1, ...tallies.map((x) => x.votes));
  return (
    <figure class="rp-chart">
      <figcaption class="visually-hidden">{t('results.votes.chart', { board: boardTitle })}</figcaption>
      {/* Rows in HTML so long titles wrap on a phone; each bar is SVG (crisp on paper). The table below has the same data. */}
      <ol class="rp-bars">
        {tallies.map((x) => (
          <li key={x.targetId}>
            <span class="rp-bar-rank">
              <span class="visually-hidden">{t('results.votes.rank')} </span>
              {formatCount(x.rank)}
            </span>
            <span class="rp-bar-title">{x.title}</span>
            <svg class="rp-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect width="100" height="10" rx="1.5" class="rp-chart-track" />
              <rect width={share(x.votes, max)} height="10" rx="1.5" class="rp-chart-bar" />
            </svg>
            <span class="rp-bar-count">
              {formatCount(x.votes)}
              <span class="visually-hidden"> {t('results.votes.dots')}</span>
            </span>
          </li>
        ))}
      </ol>
      <details class="rp-chart-table">
        <summary>{t('results.votes.table')}</summary>
        <table>
          <caption class="visually-hidden">{t('results.votes.chart', { board: boardTitle })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.votes.rank')}</th>
              <th scope="col">{t('results.votes.item')}</th>
              <th scope="col">{t('results.votes.kind')}</th>
              <th scope="col">{t('results.votes.dots')}</th>
            </tr>
          </thead>
          <tbody>
            {tallies.map((x) => (
              <tr key={x.targetId}>
                <td>{formatCount(x.rank)}</td>
                <th scope="row">{x.title}</th>
                <td>{t(`results.kind.${x.kind}`)}</td>
                <td>{formatCount(x.votes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
