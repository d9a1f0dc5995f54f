/** Typed access to a board's Y.Doc (schema in board-schema.ts). Pure: no I/O. */
import * as Y from 'yjs';
import { BoardKeys, Roots, type ActionFields, type ClusterFields, type NoteFields, type Phase } from './board-schema.ts';
import type { Settings } from './settings.ts';
import { DefaultSettings } from './settings-defaults.ts';

/** The root map of concerns. */
export function notesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(Roots.notes);
}

const noteCounts = new WeakMap<Y.Doc, { n: number }>();

/**
 * How many concerns are on the board, in O(1): Y.Map's `size` walks every entry, which made each
 * `note:add` on a 5,000-concern board walk 5,000 entries. Counted once, then kept by an observer.
 */
export function noteCount(doc: Y.Doc): number {
  let count = noteCounts.get(doc);
  if (!count) {
    const notes = notesMap(doc);
    const c = { n: notes.size };
    notes.observe((e) => {
      for (const change of e.changes.keys.values()) c.n += change.action === 'add' ? 1 : change.action === 'delete' ? -1 : 0;
    });
    noteCounts.set(doc, c);
    count = c;
  }
  return count.n;
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

/** Whether `vote:reveal` closed voting on the board (and no `vote:reopen` opened it since). */
export function readVotingClosed(doc: Y.Doc): boolean {
  return boardMap(doc).get(BoardKeys.voting) === 'closed';
}

/** Settings as published in the board map (all of them are visible to residents). */
export type PublicSettings = Settings;

/** The board's effective settings: what its board map publishes, over the defaults. */
export function readSettings(doc: Y.Doc): Settings {
  return { ...DefaultSettings, ...((boardMap(doc).get(BoardKeys.settings) ?? {}) as Partial<Settings>) };
}

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

/** Writes a whole entry (note, theme, topic, place, advice) as a nested map under its id. */
export function writeEntry<T extends { id: string }>(map: Y.Map<Y.Map<unknown>>, entry: T): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(entry)) m.set(k, v);
  map.set(entry.id, m);
}

/** Creates a note entry (server side, inside a transaction). */
export function writeNewNote(doc: Y.Doc, note: NoteFields): void {
  writeEntry(notesMap(doc), note);
}

/** Reads one theme as plain data, or null if absent. */
export function readCluster(doc: Y.Doc, id: string): ClusterFields | null {
  const m = clustersMap(doc).get(id);
  return m ? (m.toJSON() as ClusterFields) : null;
}

/** Creates a theme entry (server side). */
export function writeNewCluster(doc: Y.Doc, cluster: ClusterFields): void {
  writeEntry(clustersMap(doc), cluster);
}

/** Reads one action item as plain data (title as a string), or null if absent. */
export function readAction(doc: Y.Doc, id: string): ActionFields | null {
  const m = actionsMap(doc).get(id);
  return m ? (m.toJSON() as ActionFields) : null;
}

/** Creates an action entry whose title is a Y.Text that people co-draft (server side). */
export function writeNewAction(doc: Y.Doc, action: ActionFields): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(action)) {
    if (k === 'title') continue;
    m.set(k, v);
  }
  const title = new Y.Text();
  m.set('title', title);
  actionsMap(doc).set(action.id, m);
  title.insert(0, action.title);
}

/** Ids of the notes filed under a theme. */
export function notesInCluster(doc: Y.Doc, clusterId: string): string[] {
  const out: string[] = [];
  for (const [id, m] of notesMap(doc)) if (m.get('clusterId') === clusterId) out.push(id);
  return out;
}
