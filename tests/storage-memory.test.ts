/** The storage contract against the in-memory store, plus what only it promises. */
import { describe, expect, it } from 'vitest';
import { createMemoryData, createMemoryStorage } from '../server/storage/memory-storage.ts';
import type { StorageOp } from '../server/storage/storage.ts';
import { storageContract } from './contract/storage.contract.ts';

storageContract('memory', async () => {
  // Kept across close and open, as a file is.
  const data = createMemoryData();
  return {
    open: async () => createMemoryStorage(data),
    cleanup: async () => undefined,
    // The memory store's device hook: every commit fails as a full disk would, until restored.
    failWrites: async () => {
      data.device.failing = 'simulated disk full';
      return { restore: async () => void (data.device.failing = null) };
    },
  };
});

const note = { id: 'h1', text: 'held', authorId: 'p1', x: 0, y: 0, clusterId: null, createdAt: 1, color: 'yellow' };

describe('memory storage', () => {
  it('rows are copied in: changing what was committed changes nothing stored', async () => {
    const store = createMemoryStorage();
    const update = new Uint8Array([1, 2, 3]);
    const settings = { dotsPerParticipant: 3 };
    const data = { list: [1] };
    const heldNote = { ...note };
    await store.commit([
      { op: 'session.put', session: { id: 's1', title: 'S', joinCode: 'C1', joinOpen: true, settings, createdAt: 1 } },
      { op: 'board.update', boardId: 'b1', update },
      { op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'k', data, at: 1 } },
      { op: 'heldNote.put', row: { boardId: 'b1', note: heldNote, state: 'private', reason: null, at: 1 } },
    ]);
    update[0] = 99;
    settings.dotsPerParticipant = 9;
    data.list.push(2);
    heldNote.text = 'changed';
    expect(Array.from((await store.loadBoardDoc('b1')).updates[0]!)).toEqual([1, 2, 3]);
    expect((await store.getSession('s1'))?.settings).toEqual({ dotsPerParticipant: 3 });
    expect((await store.listRecord('s1'))[0]?.data).toEqual({ list: [1] });
    expect((await store.listHeldNotes('b1'))[0]?.note.text).toBe('held');
  });

  it('rows are copied out: changing what a read returned changes nothing stored', async () => {
    const store = createMemoryStorage();
    await store.commit([
      { op: 'session.put', session: { id: 's1', title: 'S', joinCode: 'C1', joinOpen: true, settings: { dotsPerParticipant: 3 }, createdAt: 1 } },
      { op: 'board.update', boardId: 'b1', update: new Uint8Array([1, 2, 3]) },
      { op: 'board.compact', boardId: 'b2', snapshot: new Uint8Array([7]) },
      { op: 'photo.put', photo: { id: 'f1', sessionId: 's1', boardId: 'b1', noteId: 'n1', uploadedBy: 'p1', width: 1, height: 1, thumbWidth: 1, thumbHeight: 1, full: new Uint8Array([5]), thumb: new Uint8Array([6]), createdAt: 1 } },
    ]);
    (await store.loadBoardDoc('b1')).updates[0]![0] = 99;
    (await store.loadBoardDoc('b2')).snapshot![0] = 99;
    (await store.getPhotoBytes('f1', 'full'))![0] = 99;
    const session = (await store.getSession('s1'))!;
    session.title = 'changed';
    (session.settings as { dotsPerParticipant: number }).dotsPerParticipant = 9;
    expect(Array.from((await store.loadBoardDoc('b1')).updates[0]!)).toEqual([1, 2, 3]);
    expect(Array.from((await store.loadBoardDoc('b2')).snapshot!)).toEqual([7]);
    expect(Array.from((await store.getPhotoBytes('f1', 'full'))!)).toEqual([5]);
    expect(await store.getSession('s1')).toMatchObject({ title: 'S', settings: { dotsPerParticipant: 3 } });
  });

  it('a commit whose data JSON cannot encode rejects alone and applies none of its ops', async () => {
    const store = createMemoryStorage();
    const tick = (i: number): StorageOp => ({ op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'tick', data: { i }, at: i } });
    const bad: StorageOp[] = [tick(9), { op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'x', data: { n: 1n }, at: 0 } }];
    const results = await Promise.allSettled([store.commit([tick(1)]), store.commit(bad), store.commit([tick(2)])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.listRecord('s1')).map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
  });

  it('a second photo or update row with the same id rejects with a UNIQUE error and rolls its commit back', async () => {
    const store = createMemoryStorage();
    const update = { id: 'u1', sessionId: 's1', boardId: 'b1', actionId: 'a1', at: 1, status: null, note: '', by: 'facilitator' as const, label: null, actorId: 'p1' };
    await store.commit([{ op: 'actionUpdate.put', row: update }]);
    await expect(store.commit([
      { op: 'heldNote.put', row: { boardId: 'b1', note, state: 'private', reason: null, at: 1 } },
      { op: 'actionUpdate.put', row: { ...update, note: 'again' } },
    ])).rejects.toMatchObject({ name: 'MemoryCommitError', code: 'CONSTRAINT_UNIQUE' });
    expect(await store.listHeldNotes('b1')).toEqual([]);
    expect((await store.listActionUpdates('s1')).map((u) => u.note)).toEqual(['']);
  });

  it('a rolled-back session.delete puts every row back in its place (oldest-first lists keep their order)', async () => {
    const store = createMemoryStorage();
    const link = (code: string) => ({ code, sessionId: 's1', label: code, actions: [], createdBy: 'p1', createdAt: 5, revoked: false });
    await store.commit([
      { op: 'session.put', session: { id: 's1', title: 'S', joinCode: 'C1', joinOpen: true, settings: {}, createdAt: 1 } },
      { op: 'session.put', session: { id: 's2', title: 'S', joinCode: 'C2', joinOpen: true, settings: {}, createdAt: 1 } },
      { op: 'followUpLink.put', link: link('L2') }, { op: 'followUpLink.put', link: link('L1') },
      { op: 'clientId.claim', boardId: 'b1', clientId: 9, participantId: 'p1' },
      { op: 'board.put', board: { id: 'b1', sessionId: 's1', title: 'B', kind: 'plenary', createdAt: 1 } },
    ]);
    // The taken join code fails the commit after its delete ran.
    await expect(store.commit([
      { op: 'session.delete', sessionId: 's1' },
      { op: 'session.put', session: { id: 's3', title: 'S', joinCode: 'C2', joinOpen: true, settings: {}, createdAt: 1 } },
    ])).rejects.toThrow(/UNIQUE/);
    expect((await store.listFollowUpLinks('s1')).map((l) => l.code)).toEqual(['L2', 'L1']);
    expect(await store.listClientIdClaims('b1')).toEqual([{ boardId: 'b1', clientId: 9, participantId: 'p1' }]);
    expect(await store.getBoard('b1')).not.toBeNull();
  });

  it('a deletion refuses late writes for its grace period, then forgets the ids, so they do not pile up', async () => {
    let now = 1_000;
    const data = createMemoryData({ deletedIdGraceMs: 60_000, now: () => now });
    const store = createMemoryStorage(data);
    await store.commit([
      { op: 'session.put', session: { id: 's1', title: 'S', joinCode: 'C1', joinOpen: true, settings: {}, createdAt: 1 } },
      { op: 'board.put', board: { id: 'b1', sessionId: 's1', title: 'B', kind: 'plenary', createdAt: 1 } },
    ]);
    await store.commit([{ op: 'session.delete', sessionId: 's1' }]);
    now += 59_000;
    await expect(store.commit([{ op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) }])).rejects.toThrow(/session was deleted/);
    expect([data.deleted.sessions.size, data.deleted.boards.size]).toEqual([1, 1]);
    now += 2_000;
    expect([data.deleted.sessions.size, data.deleted.boards.size]).toEqual([0, 0]);
  });

  it('a closed store rejects commits and reads with a clear error, and says so in health', async () => {
    const store = createMemoryStorage();
    await store.close();
    await expect(store.commit([])).rejects.toThrow(/memory storage is closed/);
    await expect(store.getSession('s1')).rejects.toThrow(/memory storage is closed/);
    expect(await store.health()).toEqual({ ok: false, kind: 'memory', detail: 'closed' });
  });
});
