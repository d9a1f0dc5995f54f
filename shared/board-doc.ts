/** Typed access to a board's Y.Doc (schema in board-schema.ts). Pure: no I/O. */
import * as Y from 'yjs';
import { BoardKeys, Roots, type NoteFields, type Phase } from './board-schema.ts';
import type { Settings } from './settings.ts';

/** The root map of concerns. */
export function notesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(Roots.notes);
}

/** The root map of themes. */
export function clustersMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(Roots.clusters);
}

/** The root map of action items. */
export function actionsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(Roots.actions);
}

/** The server-written board state. */
export function boardMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(Roots.board);
}

/** The board's phase (gather when never set). */
export function readPhase(doc: Y.Doc): Phase {
  return (boardMap(doc).get(BoardKeys.phase) as Phase | undefined) ?? 'gather';
}

/** Whether residents are locked out of the board. */
export function readLocked(doc: Y.Doc): boolean {
  return boardMap(doc).get(BoardKeys.locked) === true;
}

/** Settings residents may see, as published in the board map. */
export type PublicSettings = Pick<Settings, 'dotsPerParticipant' | 'capPerTarget' | 'voteOn' | 'noteMaxLength' | 'residentsSort' | 'anonymous' | 'privateGather' | 'screening'>;

/** Writes the initial server state of a new board. Call inside a server transaction. */
export function initBoard(doc: Y.Doc, settings: PublicSettings, phase: Phase = 'gather'): void {
  const b = boardMap(doc);
  b.set(BoardKeys.phase, phase);
  b.set(BoardKeys.locked, false);
  b.set(BoardKeys.spotlight, null);
  b.set(BoardKeys.timer, null);
  b.set(BoardKeys.settings, { ...settings });
  // Root maps exist from the start so clients can observe them before the first entry.
  notesMap(doc);
  clustersMap(doc);
  actionsMap(doc);
}

/** Reads one note as plain data, or null if absent. */
export function readNote(doc: Y.Doc, id: string): NoteFields | null {
  const m = notesMap(doc).get(id);
  return m ? (m.toJSON() as NoteFields) : null;
}

/** Creates a note entry (server side, inside a transaction). */
export function writeNewNote(doc: Y.Doc, note: NoteFields): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(note)) m.set(k, v);
  notesMap(doc).set(note.id, m);
}
