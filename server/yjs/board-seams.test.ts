/**
 * The seams of a board (server/yjs/board-room.ts): changes of several boards committed as one
 * (`stageAll` + `commitTogether`), the lifecycle hooks, and a fan-out that works from any source
 * of committed changes (as a relay process's would). Fake connections over the in-memory store.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { clientDoc, fakeConnection } from '../../tests/helpers/fake-connection.ts';
import { gateStorage, nextTurn } from '../../tests/helpers/gated-storage.ts';
import { BoardRoom, type RoomHooks } from './board-room.ts';
import { commitTogether, stageAll } from './board-authority.ts';
import { BoardFanout } from './board-fanout.ts';
import { decodeMessage } from './protocol-frames.ts';
import { edit, entry, serverBoard } from './guard-fixtures.ts';

async function twoBoards(hooks?: RoomHooks) {
  const inner = createMemoryStorage();
  for (const id of ['b1', 'b2']) await inner.commit([{ op: 'board.update', boardId: id, update: Y.encodeStateAsUpdate(serverBoard()) }]);
  const gate = gateStorage(inner);
  const failures: string[] = [];
  const load = (id: string, storage: Storage = gate.storage) =>
    BoardRoom.load(id, 's1', storage, { compactAfterUpdates: 1000, onFailure: (r) => failures.push(r.boardId), hooks });
  return { inner, gate, failures, load, rooms: [await load('b1'), await load('b2')] as const };
}

const setX = (x: number) => (doc: Y.Doc) => entry(doc, 'notes', 'n1').set('x', x);
const xOf = (doc: Y.Doc) => entry(doc, 'notes', 'n1').get('x');

describe('commitTogether: one commit for every board a command touches', () => {
  it('stages both boards, hands storage ONE commit with both updates and the ops, and relays nothing before it is durable', async () => {
    const { gate, rooms, inner, load } = await twoBoards();
    const conns = rooms.map((r, i) => {
      const c = fakeConnection(`c${i}`, `p${i}`);
      r.addConnection(c);
      return c;
    });
    const staged = stageAll(rooms.map((r, i) => ({ authority: r.authority, mutate: setX(100 + i) })));
    let done = false;
    const committed = commitTogether(gate.storage, staged, [{ op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: 'p', kind: 'test', data: {}, at: 1 } }]).then(() => (done = true));
    expect(gate.submitted).toHaveLength(1);
    expect(gate.submitted[0]!.map((o) => ('boardId' in o ? `${o.op}:${o.boardId}` : o.op))).toEqual(['board.update:b1', 'board.update:b2', 'record.append']);
    await nextTurn();
    expect(done).toBe(false);
    expect(conns.map((c) => c.updates().length)).toEqual([0, 0]);

    await gate.release();
    await committed;
    await nextTurn();
    expect(conns.map((c) => c.updates().length)).toEqual([1, 1]);
    // Both are in storage: a reload of each board sees its change.
    const reloaded = await Promise.all(['b1', 'b2'].map((id) => load(id, inner)));
    expect(reloaded.map((r) => xOf(r.doc))).toEqual([100, 101]);
  });

  it('a failed commit fails every board it held and relays nothing', async () => {
    const { gate, rooms, failures } = await twoBoards();
    const conns = rooms.map((r, i) => {
      const c = fakeConnection(`c${i}`, `p${i}`);
      r.addConnection(c);
      return c;
    });
    const committed = commitTogether(gate.storage, stageAll(rooms.map((r) => ({ authority: r.authority, mutate: setX(7) }))), []);
    await gate.fail(new Error('disk full'));
    await expect(committed).rejects.toThrow('disk full');
    await nextTurn();
    expect(failures.sort()).toEqual(['b1', 'b2']);
    expect(rooms.map((r) => r.failed)).toEqual([true, true]);
    expect(conns.map((c) => c.updates().length)).toEqual([0, 0]);
  });

  it('stageAll stages nothing if a board has failed, and abandons the boards staged before a change that throws', async () => {
    const { gate, rooms, failures } = await twoBoards();
    expect(() => stageAll([
      { authority: rooms[0].authority, mutate: setX(1) },
      { authority: rooms[1].authority, mutate: () => { throw new Error('broken change'); } },
    ])).toThrow('broken change');
    // b1's document holds a change storage will never see: it fails rather than serve it.
    expect(failures).toEqual(['b1']);
    expect(gate.submitted).toEqual([]);
    expect(() => stageAll([{ authority: rooms[0].authority, mutate: setX(2) }])).toThrow('board unavailable');
  });
});

describe('lifecycle hooks', () => {
  it('loaded, committed (in commit order, before the fan-out) and unloaded fire with the room', async () => {
    const seen: string[] = [];
    const { gate, rooms } = await twoBoards({
      loaded: (r) => seen.push(`loaded ${r.boardId}`),
      committed: (r, c) => seen.push(`committed ${r.boardId} from ${c.originId ?? 'server'}`),
      unloaded: (r, why) => seen.push(`unloaded ${r.boardId} ${why}`),
    });
    const a = fakeConnection('a', 'pA');
    rooms[0].addConnection(a);
    const client = clientDoc(101, Y.encodeStateAsUpdate(rooms[0].doc));
    rooms[0].receiveClientUpdate(a, edit(client, () => entry(client, 'notes', 'n1').set('x', 3)));
    const change = rooms[0].serverChange(setX(4));
    await gate.releaseAll();
    await change;
    rooms[1].destroy(1001, 'bye', 'idle');
    expect(seen).toEqual(['loaded b1', 'loaded b2', 'committed b1 from a', 'committed b1 from server', 'unloaded b2 idle']);
  });
});

describe('BoardFanout apart from the authority', () => {
  it('fed committed changes from any source, it batches them per turn, sends no writer its own, and answers joins from the source', async () => {
    // The source stands for another process's authority: a plain document and its state.
    const source = new Y.Doc();
    const fanout = new BoardFanout({
      stateVector: () => Y.encodeStateVector(source),
      missingFor: async (sv) => [Y.encodeStateAsUpdate(source, sv)],
    });
    const writer = fakeConnection('w', 'pW');
    const reader = fakeConnection('r', 'pR');
    fanout.add(writer);
    fanout.add(reader);
    // Greeted with the source's state vector.
    expect(writer.received.map((m) => m.type)).toEqual(['sync-step1']);
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getMap('m').set('a', 1);
    source.getMap('m').set('b', 2);
    fanout.committed({ update: updates[0]!, originId: 'w' });
    fanout.committed({ update: updates[1]!, originId: null });
    await nextTurn();
    // One frame each: the reader gets both, the writer only the one it did not write.
    expect(reader.updates()).toHaveLength(1);
    expect(writer.updates()).toHaveLength(1);
    const seen = (frames: Uint8Array[]) => {
      const d = new Y.Doc();
      for (const u of frames) Y.applyUpdate(d, u);
      return d.getMap('m').toJSON();
    };
    expect(seen(reader.updates())).toEqual({ a: 1, b: 2 });
    // The writer already holds its own change; what it received adds only the other one.
    expect(writer.updates().map((u) => Array.from(u))).toEqual([Array.from(updates[1]!)]);
    expect(seen([updates[0]!, ...writer.updates()])).toEqual({ a: 1, b: 2 });
    const [joinFrame, ...more] = await fanout.joinFrames(Y.encodeStateVector(new Y.Doc()));
    expect(more).toEqual([]);
    const join = decodeMessage(joinFrame!);
    expect(join.type === 'sync-step2' && seen([join.update])).toEqual({ a: 1, b: 2 });
    fanout.closeAll(1001, 'bye');
    expect([writer.closed, reader.closed]).toEqual([{ code: 1001, reason: 'bye' }, { code: 1001, reason: 'bye' }]);
  });
});

describe('BoardFanout windows', () => {
  /** A fan-out with a window of 40 ms on a hand-moved clock, and the changes of a source document. */
  function windowed() {
    const source = new Y.Doc();
    let clock = 1000;
    const fanout = new BoardFanout({ stateVector: () => Y.encodeStateVector(source), missingFor: async (sv) => [Y.encodeStateAsUpdate(source, sv)] }, 40, () => clock);
    const reader = fakeConnection('r', 'pR');
    fanout.add(reader);
    let n = 0;
    const commit = () => {
      let update: Uint8Array | null = null;
      source.once('update', (u: Uint8Array) => (update = u));
      source.getMap('m').set(`k${n++}`, n);
      fanout.committed({ update: update!, originId: null });
    };
    const keysSeen = () => {
      const d = new Y.Doc();
      for (const u of reader.updates()) Y.applyUpdate(d, u);
      return Object.keys(d.getMap('m').toJSON()).length;
    };
    return { fanout, reader, commit, keysSeen, advance: (ms: number) => (clock += ms) };
  }

  it('a quiet board sends at once; a busy one holds changes until the window ends, then sends them as one frame', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { reader, commit, keysSeen, advance } = windowed();
      commit();
      await nextTurn();
      expect(reader.updates()).toHaveLength(1);
      // 10 ms later, three more: held, since a frame went out less than a window ago.
      advance(10);
      commit();
      commit();
      commit();
      await nextTurn();
      expect(reader.updates()).toHaveLength(1);
      advance(30);
      vi.advanceTimersByTime(30);
      await nextTurn();
      expect(reader.updates()).toHaveLength(2);
      expect(keysSeen()).toBe(4);
      // A window later the board is quiet again: the next change goes at once.
      advance(100);
      commit();
      await nextTurn();
      expect(reader.updates()).toHaveLength(3);
      expect(keysSeen()).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('halting drops a held window: nothing is sent after a board failed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { fanout, reader, commit, advance } = windowed();
      commit();
      await nextTurn();
      advance(5);
      commit();
      fanout.halt();
      vi.advanceTimersByTime(100);
      await nextTurn();
      expect(reader.updates()).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
