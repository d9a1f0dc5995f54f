/** Short readable labels for things on a board (a note's text, a theme's or action's title), by id. */
import type { BoardModel } from '../model/board-model.ts';
import { t, tn } from '../i18n.ts';

/** Cuts long text to `max` characters (code points) with an ellipsis. */
export function clip(text: string, max = 60): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** What the spotlight (a note, a theme or an action) points at, for people. */
export function spotlightLabel(board: BoardModel, id: string): string {
  const note = board.notes.value.find((n) => n.id === id);
  if (note) return t('console.label.note', { text: clip(note.text) });
  const theme = board.clusters.value.find((c) => c.id === id);
  if (theme) return t('console.label.theme', { text: clip(theme.title) });
  const action = board.actions.value.find((a) => a.id === id);
  if (action) return t('console.label.action', { text: clip(action.title) });
  return t('console.label.gone');
}

/** The text of a vote target on this board (what `voteOn` names), or null when it is gone. */
export function targetText(board: BoardModel, id: string): string | null {
  const note = board.notes.value.find((n) => n.id === id);
  if (note) return note.text;
  const theme = board.clusters.value.find((c) => c.id === id);
  if (theme) return theme.title;
  const action = board.actions.value.find((a) => a.id === id);
  return action ? action.title : null;
}

/** "1 dot", "3 dots" (one form in Chinese). */
export function dots(n: number): string {
  return tn('console.note.dots', n);
}
