/** The middle of the console: the board's themes with their concerns, new themes, and advice. */
import type { AdviceFields } from '../../../shared/open-space.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { NoteCard } from './note-card.tsx';
import { ThemeCard } from './theme-card.tsx';
import type { ThemeModel } from './theme-model.ts';

export function BoardView({ console: c, themes }: { console: ConsoleModel; themes: ThemeModel }) {
  const board = c.board;
  const notes = board.notes.value;
  const clusters = board.clusters.value;
  const tallies = board.tallies.value;
  const voteOn = board.settings.value.voteOn;
  const advice = board.advice.value;
  const noteTally = (id: string) => (tallies && voteOn === 'notes' ? (tallies[id] ?? 0) : null);
  const themeTally = (id: string) => (tallies && voteOn === 'clusters' ? (tallies[id] ?? 0) : null);
  const pile = (clusterId: string | null) => notes.filter((n) => (n.clusterId ?? null) === clusterId);
  const unsorted = pile(null);
  return (
    <section class="console-board" aria-labelledby="board-heading">
      <div class="console-board__head">
        <h2 id="board-heading">{t('console.board.heading', { notes: notes.length, themes: clusters.length })}</h2>
        {c.can('cluster:add') && (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void themes.addTheme();
            }}
          >
            <label for="new-theme" class="visually-hidden">{t('console.theme.newLabel')}</label>
            <input
              id="new-theme"
              placeholder={t('console.theme.newPlaceholder')}
              value={themes.newTitle.value}
              maxLength={200}
              onInput={(e) => (themes.newTitle.value = e.currentTarget.value)}
            />
            <button type="submit" class="small">{t('console.theme.add')}</button>
          </form>
        )}
      </div>
      <div class="themes">
        <ThemeCard console={c} themes={themes} theme={null} clusters={clusters} count={unsorted.length} tally={null}>
          <NoteList console={c} themes={themes} notes={unsorted} clusters={clusters} tallyOf={noteTally} />
        </ThemeCard>
        {clusters.map((cl) => {
          const inTheme = pile(cl.id);
          return (
            <ThemeCard key={cl.id} console={c} themes={themes} theme={cl} clusters={clusters} count={inTheme.length} tally={themeTally(cl.id)}>
              <AdviceList advice={advice.filter((a) => a.targetId === cl.id)} />
              <NoteList console={c} themes={themes} notes={inTheme} clusters={clusters} tallyOf={noteTally} />
            </ThemeCard>
          );
        })}
      </div>
    </section>
  );
}

function NoteList(props: { console: ConsoleModel; themes: ThemeModel; notes: ReturnType<ConsoleModel['board']['notesIn']>; clusters: ConsoleModel['board']['clusters']['value']; tallyOf: (id: string) => number | null }) {
  if (props.notes.length === 0) return <p class="empty small">{t('console.board.emptyTheme')}</p>;
  return (
    <ul class="cnotes">
      {props.notes.map((n) => (
        <NoteCard key={n.id} console={props.console} themes={props.themes} note={n} clusters={props.clusters} tally={props.tallyOf(n.id)} />
      ))}
    </ul>
  );
}

/** Expert advice on a theme or action, under the author's name. */
export function AdviceList({ advice }: { advice: AdviceFields[] }) {
  if (advice.length === 0) return null;
  return (
    <ul class="advice">
      {advice.map((a) => (
        <li key={a.id}>
          <span class="advice__who">{t('console.advice.by', { name: a.authorName ?? t('console.someone') })}</span> {a.text}
        </li>
      ))}
    </ul>
  );
}
