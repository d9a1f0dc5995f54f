/**
 * A live board's concerns by author, kept as concerns come and go instead of walking the whole
 * board at each participation recount (20–30 ms at 20,000 concerns, once a second on a busy
 * board: a stall felt by every tablet).
 */
import type * as Y from 'yjs';

/** Concerns said on one board, by author. */
export type AuthorCounts = Map<string, number>;

/** Counts the concerns of a board's notes map by author, following every change to the map. */
export class NoteAuthorTally {
  readonly counts: AuthorCounts = new Map();
  private readonly authorOf = new Map<string, string>();

  constructor(notes: Y.Map<Y.Map<unknown>>) {
    for (const [id, note] of notes) this.add(id, note);
    notes.observe((event) => {
      for (const [id, change] of event.changes.keys) {
        if (change.action !== 'add') this.remove(id);
        if (change.action !== 'delete') this.add(id, notes.get(id));
      }
    });
  }

  private add(id: string, note: Y.Map<unknown> | undefined): void {
    const author = note?.get('authorId');
    if (typeof author !== 'string') return;
    this.authorOf.set(id, author);
    this.counts.set(author, (this.counts.get(author) ?? 0) + 1);
  }

  private remove(id: string): void {
    const author = this.authorOf.get(id);
    if (author === undefined) return;
    this.authorOf.delete(id);
    const n = (this.counts.get(author) ?? 0) - 1;
    if (n > 0) this.counts.set(author, n);
    else this.counts.delete(author);
  }
}
