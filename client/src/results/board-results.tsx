/** One board's outcome on the public page: the ranked vote, the themes with their concerns, the action items. */
import type { PublicBoard, PublicNote } from '../../../shared/results.ts';
import { t } from '../i18n.ts';
import { ActionItem } from './action-item.tsx';
import { AdviceList } from './advice-list.tsx';
import { EscalationNote } from './escalation-note.tsx';
import { formatCount } from './format.ts';
import { VoteChart } from './vote-chart.tsx';

/**
 * Each part (votes, themes and concerns, each theme, actions) is a region named by its heading.
 * With a plenary and breakouts on one page, the board's title is added to the name: screen readers
 * list "Vote results", or a theme two boards both have, once per board, told apart.
 */
export function BoardResults({ board, single }: { board: PublicBoard; single: boolean }) {
  const id = `rp-board-${board.id}`;
  const named = (heading: string): string => (single ? heading : `${heading} ${id}`);
  return (
    <section class="rp-board" aria-labelledby={id}>
      <h2 id={id}>
        {board.title}
        {!single && <span class="rp-kind"> · {t(`results.board.${board.kind}`)}</span>}
      </h2>
      <section class="rp-section" aria-labelledby={named(`${id}-votes`)}>
        <h3 id={`${id}-votes`}>{t('results.votes')}</h3>
        {board.tallies === null ? (
          <p class="rp-empty">{t('results.votes.notRevealed')}</p>
        ) : board.tallies.length === 0 ? (
          <p class="rp-empty">{t('results.votes.none')}</p>
        ) : (
          <VoteChart tallies={board.tallies} boardTitle={board.title} />
        )}
      </section>
      <section class="rp-section" aria-labelledby={named(`${id}-themes`)}>
        <h3 id={`${id}-themes`}>{t('results.themes')}</h3>
        {board.themes.length === 0 && board.unthemedNotes.length === 0 && <p class="rp-empty">{t('results.noConcerns')}</p>}
        <div class="rp-themes">
          {board.themes.map((theme) => (
            <section key={theme.id} class="rp-theme" aria-labelledby={named(`${id}-theme-${theme.id}`)}>
              <h4 id={`${id}-theme-${theme.id}`}>{theme.title}</h4>
              <p class="rp-count">{countLabel(theme.notes.length)}</p>
              {theme.escalation && <EscalationNote escalation={theme.escalation} />}
              <AdviceList advice={theme.advice ?? []} />
              <Concerns notes={theme.notes} />
            </section>
          ))}
          {board.unthemedNotes.length > 0 && (
            <section class="rp-theme rp-theme--none" aria-labelledby={named(`${id}-unthemed`)}>
              <h4 id={`${id}-unthemed`}>{t('results.unthemed')}</h4>
              <Concerns notes={board.unthemedNotes} />
            </section>
          )}
        </div>
      </section>
      <section class="rp-section" aria-labelledby={named(`${id}-actions`)}>
        <h3 id={`${id}-actions`}>{t('results.actions')}</h3>
        {board.actions.length === 0 ? (
          <p class="rp-empty">{t('results.actions.none')}</p>
        ) : (
          board.actions.map((a) => <ActionItem key={a.id} action={a} themeTitle={board.themes.find((x) => x.id === a.themeId)?.title ?? null} />)
        )}
      </section>
    </section>
  );
}

function countLabel(n: number): string {
  return n === 1 ? t('results.concernCount1') : t('results.concernCount', { count: formatCount(n) });
}

function Concerns({ notes }: { notes: PublicNote[] }) {
  return (
    <ul class="rp-notes">
      {notes.map((n) => (
        <li key={n.id}>
          {n.photo && (
            // Full size on tap: the JPEG itself, in the browser's own viewer.
            <a class="rp-photo" href={n.photo.fullUrl} target="_blank" rel="noopener">
              <img src={n.photo.thumbUrl} alt={t('results.photo', { text: n.text })} loading="lazy" />
            </a>
          )}
          <span>{n.text}</span>
        </li>
      ))}
    </ul>
  );
}
