/** noteCount: the O(1) count of concerns stays equal to the notes map's size through every kind of change. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { noteCount, notesMap } from './board-doc.ts';

describe('noteCount', () => {
  it('follows adds, deletes, replacements and remote updates, as Y.Map size would', () => {
    const doc = new Y.Doc();
    const add = (id: string) => notesMap(doc).set(id, new Y.Map());
    add('a');
    expect(noteCount(doc)).toBe(1);
    doc.transact(() => {
      add('b');
      add('c');
      notesMap(doc).delete('a');
    });
    expect(noteCount(doc)).toBe(2);
    // Setting an existing key replaces it: still one concern.
    add('b');
    expect(noteCount(doc)).toBe(2);
    const other = new Y.Doc();
    notesMap(other).set('x', new Y.Map());
    notesMap(other).set('y', new Y.Map());
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(noteCount(doc)).toBe(4);
    notesMap(doc).delete('missing');
    notesMap(doc).delete('x');
    expect(noteCount(doc)).toBe(notesMap(doc).size);
    expect(noteCount(doc)).toBe(3);
  });
});
