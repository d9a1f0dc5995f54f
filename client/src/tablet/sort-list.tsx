/**
 * The board as a list in large type (issue 17.1): each theme with its concerns, the concerns not
 * yet in a theme first. While sorting is allowed, "Move" on a concern picks it and every other
 * theme offers a big "Move here"; nothing to drag, aim or zoom. Long piles show a page at a time,
 * so a board of thousands stays a short page.
 */
import { useState } from 'preact/hooks';
import type { ClusterFields } from '../../../shared/board-schema.ts';
import { NoteColors } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { NoteView } from '../model/board-model.ts';

/** Concerns shown per theme before "Show more". */
export const LIST_PAGE = 12;

interface Props {
  notes: readonly NoteView[];
  themes: readonly ClusterFields[];
  sortable: boolean;
  me: string;
  spot: string | null;
  /** Files the concern under the theme (null: out of any theme); resolves once the server answered. */
  onMove: (noteId: string, themeId: string | null) => Promise<void>;
}

interface Group {
  id: string | null;
  title: string;
  notes: NoteView[];
}

export function SortList({ notes, themes, sortable, me, spot, onMove }: Props) {
  const [picked, setPicked] = useState<string | null>(null);
  const [pages, setPages] = useState<Record<string, number>>({});
  const known = new Set(themes.map((c) => c.id));
  const byTheme = new Map<string | null, NoteView[]>([[null, []], ...themes.map((c) => [c.id, []] as [string, NoteView[]])]);
  for (const n of notes) byTheme.get(n.clusterId && known.has(n.clusterId) ? n.clusterId : null)!.push(n);
  // In reading order of the board (rows, then left to right), so the list and the board agree; oldest first on a tie.
  for (const pile of byTheme.values()) pile.sort((a, b) => a.y - b.y || a.x - b.x || a.createdAt - b.createdAt);
  const groups: Group[] = [{ id: null, title: t('tablet.list.unsorted'), notes: byTheme.get(null)! }, ...themes.map((c) => ({ id: c.id, title: c.title, notes: byTheme.get(c.id)! }))];
  const pickedNote = sortable && picked ? (notes.find((n) => n.id === picked) ?? null) : null;
  const move = async (themeId: string | null): Promise<void> => {
    if (!pickedNote) return;
    setPicked(null);
    await onMove(pickedNote.id, themeId);
  };

  return (
    <div class="tsort">
      {sortable && <p class="tsort__hint">{t('tablet.list.sortHint')}</p>}
      {pickedNote && (
        <div class="tsort__picked">
          <p>{t('tablet.list.moving', { text: pickedNote.text.length > 80 ? `${pickedNote.text.slice(0, 80)}…` : pickedNote.text })}</p>
          <button type="button" onClick={() => setPicked(null)}>
            {t('tablet.dialog.cancel')}
          </button>
        </div>
      )}
      {groups.map((g) => {
        // An empty unsorted pile shows only as the place to take a picked concern out of its theme.
        if (g.id === null && g.notes.length === 0 && !(pickedNote?.clusterId)) return null;
        const key = g.id ?? '';
        const shown = pages[key] ?? LIST_PAGE;
        const headingId = `tsort-${g.id ?? 'unsorted'}`;
        const canDrop = pickedNote !== null && (pickedNote.clusterId ?? null) !== g.id;
        return (
          <section key={key} class={`tsort__group${g.id === null ? ' tsort__group--unsorted' : ''}${spot && spot === g.id ? ' is-spot' : ''}`} aria-labelledby={headingId}>
            <div class="tsort__head">
              <h3 id={headingId}>
                {g.title} <span class="tsort__count">{t('tablet.list.count', { n: g.notes.length })}</span>
              </h3>
              {canDrop && (
                <button type="button" class="primary tsort__here" aria-label={t('tablet.list.hereLabel', { theme: g.title })} onClick={() => void move(g.id)}>
                  {t('tablet.list.here')}
                </button>
              )}
            </div>
            {g.notes.length === 0 ? (
              <p class="tsort__empty">{t('tablet.list.empty')}</p>
            ) : (
              <ul class="tsort__notes">
                {g.notes.slice(0, shown).map((n) => (
                  <ListNote key={n.id} note={n} mine={n.authorId === me} spot={n.id === spot} sortable={sortable} picked={n.id === picked} onPick={() => setPicked(n.id === picked ? null : n.id)} />
                ))}
              </ul>
            )}
            {g.notes.length > shown && (
              <button type="button" class="tsort__more" onClick={() => setPages({ ...pages, [key]: shown + LIST_PAGE })}>
                {t('tablet.list.more', { n: Math.min(LIST_PAGE, g.notes.length - shown) })}
              </button>
            )}
          </section>
        );
      })}
    </div>
  );
}

function ListNote({ note, mine, spot, sortable, picked, onPick }: { note: NoteView; mine: boolean; spot: boolean; sortable: boolean; picked: boolean; onPick: () => void }) {
  const color = (NoteColors as readonly string[]).includes(note.color) ? note.color : NoteColors[0];
  const textId = `tsort-note-${note.id}`;
  return (
    <li class={`tsort__note tnote--${color}${picked ? ' is-picked' : ''}${spot ? ' is-spot' : ''}`} data-list-note={note.id}>
      <p id={textId} class="tsort__text">
        {note.text}
      </p>
      {(mine || sortable || Boolean(note.mergedFrom?.length)) && (
        <div class="tsort__foot">
          {mine && <span class="tsort__tag">{t('tablet.note.mine')}</span>}
          {note.mergedFrom && note.mergedFrom.length > 0 && <span class="tsort__tag">{t('tablet.note.merged', { n: note.mergedFrom.length })}</span>}
          {sortable && (
            <button type="button" class="tsort__pick" aria-pressed={picked} aria-describedby={textId} onClick={onPick}>
              {t('tablet.list.pick')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
