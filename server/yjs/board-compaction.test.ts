/**
 * When a board's update log is folded into a snapshot: after `compactAfterUpdates` updates, and
 * only once the log's bytes reach `compactLogPercent` of the last snapshot's, so a busy large
 * board pays the full encoding about once per doubling of what is stored instead of every few
 * seconds. Over the in-memory store: what is stored is read back as a restarting process would.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { BoardRoom } from './board-room.ts';
import { entry, serverBoard } from './guard-fixtures.ts';

/** A stored board and its room; a due fold happens at once unless the test gives a lull. */
async function board(opts: { compactAfterUpdates: number; compactLogPercent?: number; compactLullMs?: number }): Promise<{ storage: Storage; room: BoardRoom }> {
  const storage = createMemoryStorage();
  await storage.commit([{ op: 'board.update', boardId: 'b1', update: Y.encodeStateAsUpdate(serverBoard()) }]);
  const room = await BoardRoom.load('b1', 's1', storage, { compactLullMs: 0, ...opts, fanoutWindowMs: 0, onFailure: (_room, err) => { throw err; } });
  return { storage, room };
}

/** The stored log and snapshot, after any compaction the last commit started has landed. */
async function stored(storage: Storage, room: BoardRoom) {
  for (let i = 0; i < 3; i++) {
    await room.whenCommitted();
    await new Promise((r) => setImmediate(r));
  }
  const s = await storage.loadBoardDoc('b1');
  return { updates: s.updates.length, logBytes: s.updates.reduce((n, u) => n + u.length, 0), snapshotBytes: s.snapshot?.length ?? 0, snapshot: s.snapshot };
}

/** A document rebuilt from what is stored, as a restart would load it. */
async function rebuilt(storage: Storage): Promise<Y.Doc> {
  const s = await storage.loadBoardDoc('b1');
  const doc = new Y.Doc();
  if (s.snapshot) Y.applyUpdate(doc, s.snapshot);
  for (const u of s.updates) Y.applyUpdate(doc, u);
  return doc;
}

const move = (room: BoardRoom, x: number) => room.serverChange((doc) => entry(doc, 'notes', 'n1').set('x', x));
const longNote = (room: BoardRoom, i: number) =>
  room.serverChange((doc) => {
    const note = new Y.Map<unknown>();
    note.set('id', `long${i}`);
    note.set('text', `a longer concern, number ${i}: `.padEnd(150, 'x'));
    doc.getMap('notes').set(`long${i}`, note);
  });

describe('compaction of a board update log', () => {
  it('with no snapshot yet, folds the log after compactAfterUpdates updates', async () => {
    const { storage, room } = await board({ compactAfterUpdates: 3 });
    await move(room, 1);
    expect((await stored(storage, room)).snapshot).toBeNull();
    expect((await stored(storage, room)).updates).toBe(2);
    await move(room, 2); // the board's first update and two moves: three
    const after = await stored(storage, room);
    expect(after.snapshot).not.toBeNull();
    expect(after.updates).toBe(0);
  });

  it('then waits until the log holds as many bytes as the snapshot, however many updates that takes', async () => {
    const { storage, room } = await board({ compactAfterUpdates: 3 });
    for (let x = 1; x <= 2; x++) await move(room, x);
    const first = await stored(storage, room);
    expect(first.updates).toBe(0);
    // Small moves: many more than three, far fewer bytes than the snapshot.
    for (let x = 10; x < 20; x++) await move(room, x);
    const small = await stored(storage, room);
    expect(small.logBytes).toBeLessThan(first.snapshotBytes);
    expect(small.updates).toBe(10);
    expect(small.snapshotBytes).toBe(first.snapshotBytes);
    // Notes until the log outweighs the snapshot: then, and not before, it is folded; nothing is lost.
    let i = 0;
    let last = small;
    for (;;) {
      await longNote(room, i++);
      expect(i).toBeLessThan(50);
      const now = await stored(storage, room);
      if (now.updates === 0) break;
      expect(now.logBytes).toBeLessThan(first.snapshotBytes);
      last = now;
    }
    expect(last.logBytes).toBeLessThan(first.snapshotBytes);
    const folded = await stored(storage, room);
    expect(folded.snapshotBytes).toBeGreaterThan(first.snapshotBytes);
    expect(Y.encodeStateAsUpdate(await rebuilt(storage))).toEqual(Y.encodeStateAsUpdate(room.doc));
  });

  it('with compactLogPercent 0 the update count alone decides', async () => {
    const { storage, room } = await board({ compactAfterUpdates: 3, compactLogPercent: 0 });
    for (let x = 1; x <= 2; x++) await move(room, x);
    expect((await stored(storage, room)).updates).toBe(0);
    for (let x = 10; x < 13; x++) await move(room, x);
    const after = await stored(storage, room);
    expect(after.updates).toBe(0);
    expect(entry(await rebuilt(storage), 'notes', 'n1').get('x')).toBe(12);
  });

  it('calls racing for the same quiet moment fold the log once, and the updates behind them stay counted', async () => {
    const { storage, room } = await board({ compactAfterUpdates: 3, compactLogPercent: 0 });
    await move(room, 1);
    // The third update starts a compaction once it lands; more are committed right behind it,
    // so several calls wait for the same quiet moment.
    await Promise.all([move(room, 2), move(room, 3), move(room, 4), move(room, 5)]);
    const after = await stored(storage, room);
    expect(after.snapshot).not.toBeNull();
    expect(after.updates).toBeLessThan(3);
    expect(Y.encodeStateAsUpdate(await rebuilt(storage))).toEqual(Y.encodeStateAsUpdate(room.doc));
    // The count goes on from what the log really holds: it folds again at exactly three.
    let x = 6;
    while ((await stored(storage, room)).updates < 2) await move(room, x++);
    expect((await stored(storage, room)).updates).toBe(2);
    await move(room, x);
    expect((await stored(storage, room)).updates).toBe(0);
    expect(entry(await rebuilt(storage), 'notes', 'n1').get('x')).toBe(x);
  });

  it('a new client after a fold starts from the snapshot just written, plus the changes since: one encoding, not two', async () => {
    const { storage, room } = await board({ compactAfterUpdates: 3, compactLogPercent: 0 });
    for (let x = 1; x <= 2; x++) await move(room, x);
    const { snapshot } = await stored(storage, room);
    expect(snapshot).not.toBeNull();
    await move(room, 7);
    const [first, ...since] = await room.authority.missingFor(new Uint8Array([0]));
    expect(first).toEqual(snapshot);
    expect(since).toHaveLength(1);
    const joined = new Y.Doc();
    for (const u of [first!, ...since]) Y.applyUpdate(joined, u);
    expect(Y.encodeStateAsUpdate(joined)).toEqual(Y.encodeStateAsUpdate(room.doc));
  });

  it('a due fold waits for a lull without commits, then folds', async () => {
    const { storage, room } = await board({ compactAfterUpdates: 3, compactLullMs: 200 });
    for (let x = 1; x <= 2; x++) await move(room, x); // no snapshot yet: the first fold is at once
    const first = await stored(storage, room);
    expect(first.updates).toBe(0);
    let i = 0;
    let due = first;
    while (!(due.logBytes >= first.snapshotBytes && due.updates >= 3)) {
      await longNote(room, i++);
      due = await stored(storage, room);
      expect(i).toBeLessThan(50);
    }
    // Due, and not folded right after the commit that made it due (the lull is 200 ms).
    expect(due.updates).toBeGreaterThan(0);
    const at = performance.now();
    let lulled = due;
    while (lulled.updates > 0) {
      await new Promise((r) => setTimeout(r, 25));
      lulled = await stored(storage, room);
      expect(performance.now() - at).toBeLessThan(10_000);
    }
    expect(performance.now() - at).toBeGreaterThanOrEqual(100); // the lull began at that commit, just before `at`
    expect(Y.encodeStateAsUpdate(await rebuilt(storage))).toEqual(Y.encodeStateAsUpdate(room.doc));
  });

  it('a log four times past due folds at the next commit, lull or not', async () => {
    // A lull far longer than the test: only the overdue rule can fold.
    const { storage, room } = await board({ compactAfterUpdates: 3, compactLullMs: 60_000 });
    for (let x = 1; x <= 2; x++) await move(room, x);
    const snap = (await stored(storage, room)).snapshotBytes;
    expect(snap).toBeGreaterThan(0);
    let grown = 0;
    for (let k = 0; ; k++) {
      await longNote(room, k);
      const now = await stored(storage, room);
      if (now.updates === 0) break;
      grown = now.logBytes;
      expect(k).toBeLessThan(400);
    }
    expect(grown).toBeGreaterThan(snap * 3);
    expect(grown).toBeLessThan(snap * 4);
    expect(Y.encodeStateAsUpdate(await rebuilt(storage))).toEqual(Y.encodeStateAsUpdate(room.doc));
  });
});
