/** The vote tab: who still has dots, the reveal (which closes voting) and reopening, and the ranked result. */
import { locale, t, tn } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { VoteModel } from './vote-model.ts';
import { rankedRows } from '../model/tallies.ts';
import { dots } from './board-labels.ts';

export function VotePanel({ console: c, vote }: { console: ConsoleModel; vote: VoteModel }) {
  const progress = vote.progress.value;
  const tallies = c.board.tallies.value;
  const closed = c.board.votingClosed.value;
  const voteOn = c.board.settings.value.voteOn;
  const nf = new Intl.NumberFormat(locale.value);
  const ranked = rankedRows(c.board);
  const max = Math.max(1, ...ranked.map((r) => r.votes));
  return (
    <section aria-labelledby="vote-heading">
      <h3 id="vote-heading">{t('console.vote.heading')}</h3>
      <p>{t('console.vote.on', { what: t(`console.settings.voteOn.${voteOn}`) })}</p>
      {progress && !closed && (
        <p class="vote-progress" role="status">
          {tn('console.vote.progress', progress.voters, { left: nf.format(progress.withDotsLeft), dots: nf.format(progress.dotsPerParticipant) })}
        </p>
      )}
      <button type="button" class="primary" disabled={!c.can('vote:reveal')} onClick={() => void vote.reveal()}>
        {tallies ? t('console.vote.revealAgain') : t('console.vote.reveal')}
      </button>
      {!c.can('vote:reveal') && <p class="hint">{t('console.vote.revealWhen')}</p>}
      {closed && (
        <>
          <p class="vote-closed" role="status">
            {t('console.vote.closed')}
          </p>
          <button type="button" disabled={!c.can('vote:reopen')} onClick={() => void vote.reopen()}>
            {t('console.vote.reopen')}
          </button>
        </>
      )}
      <div aria-live="polite">
        {tallies && (
          <ol class="tallies" aria-label={t('console.vote.results')}>
            {ranked.length === 0 && <li class="empty small">{t('console.vote.noDots')}</li>}
            {ranked.map((r) => (
              <li key={r.targetId} class="tally">
                <span class="tally__rank">{t('console.vote.rank', { rank: nf.format(r.rank) })}</span>
                <span class="tally__text">{r.title}</span>
                <span class="tally__bar" aria-hidden="true">
                  <span style={{ width: `${(r.votes / max) * 100}%` }} />
                </span>
                <span class="tally__dots">{dots(r.votes)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
