/** The "posted" notice follows the concern it speaks of (private → shown, or → screening); My concerns keeps merged ones. */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeNewNote } from '../../../shared/board-doc.ts';
import type { NoteFields } from '../../../shared/board-schema.ts';
import type { CommandAck, ConnectionStatus } from '../board-connection.ts';
import { BoardModel } from '../model/board-model.ts';
import { memoryOutboxStore, Outbox } from '../model/outbox.ts';
import { SessionPushes } from '../model/session-pushes.ts';
import { MyConcernsModel, postedFollowUp } from './my-concerns-model.ts';
import type { ConcernsConnection } from './my-concerns-model.ts';

describe('postedFollowUp', () => {
  it('keeps a notice that is still true, and says nothing while the new place is unknown', () => {
    expect(postedFollowUp('private', 'private')).toBeNull();
    expect(postedFollowUp('pending', 'pending')).toBeNull();
    expect(postedFollowUp('private', null)).toBeNull();
    expect(postedFollowUp('public', 'board')).toBeNull();
  });

  it('replaces “only you see it” once the private writing was revealed', () => {
    expect(postedFollowUp('private', 'board')).toBe('tablet.add.nowOnBoard');
    expect(postedFollowUp('private', 'pending')).toBe('tablet.add.nowPending');
    expect(postedFollowUp('pending', 'board')).toBe('tablet.add.nowOnBoard');
  });

  it('drops the notice when the concern was not accepted or taken off (My concerns says why)', () => {
    expect(postedFollowUp('pending', 'rejected')).toBe('clear');
    expect(postedFollowUp('private', 'hidden')).toBe('clear');
  });
});

describe('MyConcernsModel', () => {
  const note = (id: string, authorId: string, extra: Partial<NoteFields> = {}): NoteFields => ({ id, text: `text ${id}`, authorId, x: 0, y: 0, clusterId: null, createdAt: 1, color: 'yellow', ...extra });

  it('a concern a moderator merged into another stays in its author’s list, saying which one it now counts as', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      writeNewNote(doc, note('mine', 'me', { createdAt: 5 }));
      writeNewNote(doc, note('kept', 'other', { text: 'The lift breaks down every week', mergedFrom: ['gone'], mergedNotes: [{ id: 'gone', authorId: 'me', text: 'Lift broken again', createdAt: 3 }, { id: 'theirs', authorId: 'other', text: 'x', createdAt: 2 }] }));
    });
    const conn: ConcernsConnection = {
      model: signal(new BoardModel(doc, (run) => (run(), () => {}))),
      pushes: new SessionPushes(() => 0),
      status: signal<ConnectionStatus>('offline'),
      outbox: new Outbox({ store: memoryOutboxStore() }),
      send: async () => ({ ok: false, error: { code: 'NETWORK', message: 'offline' } }) as CommandAck,
    };
    const mine = new MyConcernsModel(conn, 'b1', 'me');
    expect(mine.list.value.map((i) => (i.where === 'merged' ? { where: i.where, text: i.text, into: i.into.text } : { where: i.where }))).toEqual([
      { where: 'board' },
      { where: 'merged', text: 'Lift broken again', into: 'The lift breaks down every week' },
    ]);
    mine.destroy();
  });
});
