/**
 * The live tally of concerns by author stays equal to a walk of the whole board through adds,
 * deletes, replacements, merges and changes that arrive as updates from elsewhere.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NoteAuthorTally, type AuthorCounts } from './note-author-tally.ts';

function walk(notes: Y.Map<Y.Map<unknown>>): AuthorCounts {
  const counts: AuthorCounts = new Map();
  for (const n of notes.values()) {
    const a = n.get('authorId') as string;
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return counts;
}

function note(authorId: string, text: string): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  m.set('authorId', authorId);
  m.set('text', text);
  return m;
}

describe('NoteAuthorTally', () => {
  it('matches a walk of the board after every change, including changes applied from another document', () => {
    const doc = new Y.Doc();
    const notes = doc.getMap<Y.Map<unknown>>('notes');
    notes.set('pre', note('p0', 'there before the tally'));
    const tally = new NoteAuthorTally(notes);
    expect(tally.counts).toEqual(walk(notes));
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let step = 0; step < 400; step++) {
      const id = `n${rnd(40)}`;
      const author = `p${rnd(6)}`;
      switch (rnd(5)) {
        case 0:
        case 1:
          notes.set(id, note(author, `concern ${step}`)); // an add, or a replacement of an existing id
          break;
        case 2:
          notes.delete(id);
          break;
        case 3:
          // A merge: one transaction deletes one concern and rewrites another.
          doc.transact(() => {
            notes.delete(id);
            notes.get(`n${rnd(40)}`)?.set('text', 'merged');
          });
          break;
        default: {
          // From another document, as a client's or another process's update.
          Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
          other.getMap<Y.Map<unknown>>('notes').set(`o${step}`, note(author, 'from elsewhere'));
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
        }
      }
      expect(tally.counts).toEqual(walk(notes));
    }
    expect(notes.size).toBeGreaterThan(0);
  });
});
