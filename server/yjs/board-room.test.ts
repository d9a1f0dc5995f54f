/**
 * BoardRoom with fake connections over the in-memory store: no socket, no disk. Commits are
 * held by a gate (tests/helpers/gated-storage.ts) and resolved by hand, so each rule is checked
 * at the exact moment it is about: before a commit is durable, and right after.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import type { Storage, StorageOp } from '../storage/storage.ts';
import { clientDoc, fakeConnection, type FakeConnection } from '../../tests/helpers/fake-connection.ts';
import { gateStorage, nextTurn } from '../../tests/helpers/gated-storage.ts';
import { BoardRoom } from './board-room.ts';
import { BusyReencodeFactor } from './join-state-cache.ts';
import { decodeMessage } from './protocol-frames.ts';
import { edit, entry, serverBoard, title } from './guard-fixtures.ts';

/** A board in the Act step (notes n1 and n2 by p1, action a1), stored, and its room loaded over a gate. */
async function setup(compactLullMs?: number) {
  const inner = createMemoryStorage();
  const initial = Y.encodeStateAsUpdate(serverBoard());
  await inner.commit([{ op: 'board.update', boardId: 'b1', update: initial }]);
  const gate = gateStorage(inner);
  const failures: unknown[] = [];
  const room = await load(gate.storage, failures, compactLullMs);
  return { inner, gate, room, failures, initial };
}

/** Window 0: every commit is relayed at the next turn (the windows have tests of their own in board-seams.test.ts). */
function load(storage: Storage, failures: unknown[] = [], compactLullMs?: number): Promise<BoardRoom> {
  return BoardRoom.load('b1', 's1', storage, { compactAfterUpdates: 1000, compactLullMs, fanoutWindowMs: 0, onFailure: (_room, err) => failures.push(err) });
}

/** A client of `conn` that starts from the room's current state. */
function clientOf(room: BoardRoom, clientId: number): Y.Doc {
  return clientDoc(clientId, Y.encodeStateAsUpdate(room.doc));
}

const moveNote = (doc: Y.Doc, x: number): Uint8Array => edit(doc, () => entry(doc, 'notes', 'n1').set('x', x));

/** Note n1's x in a document built from `base` and the updates a connection received, after each update. */
function xAfterEach(base: Uint8Array, conn: FakeConnection): unknown[] {
  const doc = clientDoc(999, base);
  return conn.updates().map((u) => {
    Y.applyUpdate(doc, u);
    return entry(doc, 'notes', 'n1').get('x');
  });
}

const boardUpdates = (ops: StorageOp[]): Uint8Array[] => ops.flatMap((o) => (o.op === 'board.update' ? [o.update] : []));
const claimsIn = (ops: StorageOp[]) => ops.filter((o) => o.op === 'clientId.claim');

describe('BoardRoom: durable before visible', () => {
  it('a client update is relayed to the others only after its commit resolved, and never back to its sender', async () => {
    const { gate, room, initial } = await setup();
    const a = fakeConnection('a', 'pA');
    const b = fakeConnection('b', 'pB');
    room.addConnection(a);
    room.addConnection(b);
    const result = room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 300));
    expect(result.ok).toBe(true);
    expect(gate.pending()).toBe(1);
    await nextTurn();
    expect(b.updates()).toEqual([]);
    expect((await gate.storage.loadBoardDoc('b1')).updates).toHaveLength(1); // only the seeded state

    await gate.release();
    await nextTurn();
    expect(xAfterEach(initial, b)).toEqual([300]);
    expect(a.updates()).toEqual([]);
  });

  it('a failed commit is never relayed: the room reports the failure and refuses later writes', async () => {
    const { gate, room, failures } = await setup();
    const a = fakeConnection('a', 'pA');
    const b = fakeConnection('b', 'pB');
    room.addConnection(a);
    room.addConnection(b);
    const client = clientOf(room, 101);
    room.receiveClientUpdate(a, moveNote(client, 300));
    await gate.fail(new Error('disk full'));
    await nextTurn();
    expect(b.updates()).toEqual([]);
    expect(failures).toEqual([new Error('disk full')]);
    expect(room.failed).toBe(true);
    expect(room.receiveClientUpdate(a, moveNote(client, 400))).toEqual({ ok: false, reason: 'board unavailable' });
    expect(gate.submitted).toHaveLength(1);
  });

  it('serverChange resolves only once its commit is durable, and then reaches every connection', async () => {
    const { gate, room, initial } = await setup();
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    const extra: StorageOp = { op: 'record.append', entry: { sessionId: 's1', boardId: 'b1', actorId: 'pA', kind: 'note.moved', data: {}, at: 1 } };
    let resolved = false;
    const change = room.serverChange((doc) => entry(doc, 'notes', 'n1').set('x', 50), [extra]).then(() => (resolved = true));
    await nextTurn();
    expect(resolved).toBe(false);
    expect(a.updates()).toEqual([]);
    // The document change and the command's other ops are one commit.
    expect(gate.submitted).toHaveLength(1);
    expect(gate.submitted[0]!.map((o) => o.op)).toEqual(['board.update', 'record.append']);

    await gate.release();
    await change;
    await nextTurn();
    expect(resolved).toBe(true);
    expect(xAfterEach(initial, a)).toEqual([50]);
  });
});

describe('BoardRoom: order of a connection\'s updates', () => {
  it('updates are committed in the order received, each handed to storage before the next is looked at, and relayed in that order', async () => {
    const { gate, room, initial } = await setup();
    const a = fakeConnection('a', 'pA');
    const b = fakeConnection('b', 'pB');
    room.addConnection(a);
    room.addConnection(b);
    const client = clientOf(room, 101);
    const sent = [1, 2, 3].map((x) => moveNote(client, x));
    for (const [i, u] of sent.entries()) {
      expect(room.receiveClientUpdate(a, u).ok).toBe(true);
      expect(gate.pending()).toBe(i + 1);
    }
    expect(gate.submitted.map((ops) => boardUpdates(ops).map((u) => Array.from(u)))).toEqual(sent.map((u) => [Array.from(u)]));
    for (let i = 0; i < 3; i++) {
      await gate.release();
      await nextTurn();
    }
    expect(xAfterEach(initial, b)).toEqual([1, 2, 3]);
    const stored = await gate.storage.loadBoardDoc('b1');
    expect(stored.updates.slice(1).map((u) => Array.from(u))).toEqual(sent.map((u) => Array.from(u)));
  });

  it('commits resolved in one turn are relayed as one frame; each sender gets the batch without its own update', async () => {
    const { gate, room, initial } = await setup();
    const a = fakeConnection('a', 'pA');
    const b = fakeConnection('b', 'pB');
    const c = fakeConnection('c', 'pC', 'resident');
    for (const conn of [a, b, c]) room.addConnection(conn);
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 500));
    const bClient = clientOf(room, 202);
    room.receiveClientUpdate(b, edit(bClient, () => entry(bClient, 'notes', 'n2').set('y', 77)));
    expect(gate.pending()).toBe(2);
    await gate.releaseAll();
    await nextTurn();

    /** [n1.x, n2.y] after applying what `conn` received onto the initial board (seeded x 10, y 20). */
    const seenBy = (conn: FakeConnection) => {
      const doc = clientDoc(999, initial);
      for (const u of conn.updates()) Y.applyUpdate(doc, u);
      return [entry(doc, 'notes', 'n1').get('x'), entry(doc, 'notes', 'n2').get('y')];
    };
    expect([a.updates().length, b.updates().length, c.updates().length]).toEqual([1, 1, 1]);
    expect(seenBy(c)).toEqual([500, 77]);
    expect(seenBy(a)).toEqual([10, 77]);
    expect(seenBy(b)).toEqual([500, 20]);
  });
});

describe('BoardRoom: joins (sync step 2)', () => {
  const emptyVector = Y.encodeStateVector(new Y.Doc());
  /**
   * The document the frames answering a join give a client starting from `base`, applied in the
   * order they come: updates (the changes since a cached full state), then the sync step 2. It is
   * what the client holds when its provider counts itself synced.
   */
  const docFrom = (frames: Uint8Array[], base?: Uint8Array): Y.Doc => {
    const doc = base ? clientDoc(998, base) : new Y.Doc();
    frames.forEach((f, i) => {
      const msg = decodeMessage(f);
      const expected = i === frames.length - 1 ? 'sync-step2' : 'update';
      if (msg.type !== expected) throw new Error(`frame ${i}: expected ${expected}, got ${msg.type}`);
      Y.applyUpdate(doc, msg.update);
    });
    return doc;
  };
  /** n1's x in the document the frames give a new client. */
  const xIn = (frames: Uint8Array[]): unknown => entry(docFrom(frames), 'notes', 'n1').get('x');

  it('a join waits for the commits in flight when it was asked, then answers with what they changed', async () => {
    const { gate, room } = await setup();
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 300));
    let answer: Uint8Array[] | null = null;
    const join = room.joinFrames(emptyVector).then((frames) => (answer = frames));
    await nextTurn();
    expect(answer).toBeNull();
    await gate.release();
    await join;
    expect(xIn(answer!)).toBe(300);
  });

  it('a commit handed to storage after the join was asked does not delay it', async () => {
    const { gate, room } = await setup();
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    const client = clientOf(room, 101);
    room.receiveClientUpdate(a, moveNote(client, 1));
    const join = room.joinFrames(emptyVector);
    room.receiveClientUpdate(a, moveNote(client, 2));
    await gate.release();
    const frames = await join;
    expect(gate.pending()).toBe(1);
    // Encoded when asked: it holds the first change and not the one still in flight.
    expect(xIn(frames)).toBe(1);
  });

  it('a join whose awaited commit failed never reaches the joiner: the failing room closes its connections first', async () => {
    const { gate } = await setup();
    // As BoardRooms does on a failure: drop the room and close its connections.
    const room = await BoardRoom.load('b1', 's1', gate.storage, { compactAfterUpdates: 1000, onFailure: (r) => r.destroy(1011, 'storage failure', 'failed') });
    const a = fakeConnection('a', 'pA');
    const joiner = fakeConnection('j', 'pJ');
    room.addConnection(a);
    room.addConnection(joiner);
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 300));
    // As the Yjs endpoint does: a closed socket sends nothing.
    const answered = room.joinFrames(emptyVector).then((frames) => {
      for (const f of frames) if (!joiner.closed) joiner.send(f);
    }, () => undefined);
    await gate.fail(new Error('disk full'));
    await answered;
    expect(joiner.closed).toEqual({ code: 1011, reason: 'storage failure' });
    expect(joiner.updates()).toEqual([]);
  });

  // Not only the endpoint's ordering (the test above): the room itself never answers with state
  // whose commit failed.
  it('a join whose awaited commit failed is refused by the room itself', async () => {
    const { gate, room } = await setup();
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 300));
    const join = room.joinFrames(emptyVector);
    await gate.fail(new Error('disk full'));
    await expect(join).rejects.toThrow();
  });

  it('with nothing in flight a join is answered at once with the full state (positive control)', async () => {
    const { room } = await setup();
    const frames = await room.joinFrames(emptyVector);
    expect(frames).toHaveLength(1);
    expect(xIn(frames)).toBe(10);
  });

  it('new tablets share the full-state frame; after a commit they get one shared frame of the changes since and then it, which together hold the commit', async () => {
    const { gate, room } = await setup();
    const [first] = await room.joinFrames(emptyVector);
    expect(await room.joinFrames(emptyVector)).toEqual([first]);
    expect((await room.joinFrames(emptyVector)).at(-1)).toBe(first);
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 300));
    await gate.release();
    const afterCommit = await room.joinFrames(emptyVector);
    expect(afterCommit).toHaveLength(2);
    expect(afterCommit.at(-1)).toBe(first);
    expect(xIn([first!])).toBe(10);
    expect(xIn(afterCommit)).toBe(300);
    const again = await room.joinFrames(emptyVector);
    expect(again.at(-1)).toBe(first);
    expect(again[0]).toBe(afterCommit[0]);
  });

  /** Moves n1 until the moves weigh more than `bytes`; all committed. */
  async function moveBeyond(room: BoardRoom, gate: ReturnType<typeof gateStorage>, bytes: number): Promise<void> {
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    const client = clientOf(room, 101);
    let changed = 0;
    for (let x = 1; changed <= bytes; x++) {
      const u = moveNote(client, x);
      changed += u.length;
      room.receiveClientUpdate(a, u);
    }
    await gate.releaseAll();
  }

  it('in a lull, once the changes since pass an eighth of the full state, the next new tablet gets a fresh full state alone', async () => {
    const { gate, room } = await setup(0);
    const [first] = await room.joinFrames(emptyVector);
    await moveBeyond(room, gate, first!.length / 8);
    const frames = await room.joinFrames(emptyVector);
    expect(frames).toHaveLength(1);
    expect(frames.at(-1)).not.toBe(first);
    expect(xIn(frames)).toBe(entry(room.doc, 'notes', 'n1').get('x'));
  });

  it('on a busy board the next new tablet keeps the cached full state past an eighth, and gets a fresh one once the changes weigh BusyReencodeFactor times as much', async () => {
    const { gate, room } = await setup(60_000);
    const [first] = await room.joinFrames(emptyVector);
    await moveBeyond(room, gate, first!.length / 8);
    const busy = await room.joinFrames(emptyVector);
    expect(busy.at(-1)).toBe(first);
    expect(busy.length).toBeGreaterThan(1);
    expect(xIn(busy)).toBe(entry(room.doc, 'notes', 'n1').get('x'));
    await moveBeyond(room, gate, first!.length * BusyReencodeFactor);
    const fresh = await room.joinFrames(emptyVector);
    expect(fresh).toHaveLength(1);
    expect(fresh.at(-1)).not.toBe(first);
    expect(xIn(fresh)).toBe(entry(room.doc, 'notes', 'n1').get('x'));
  });

  it('a restoring tablet gets only what its copy lacks, never the cached full state', async () => {
    const { gate, room, initial } = await setup();
    const [full] = await room.joinFrames(emptyVector);
    const copy = Y.encodeStateVector(room.doc);
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 300));
    await gate.release();
    const diff = await room.joinFrames(copy);
    expect(diff).toHaveLength(1);
    expect(diff[0]!.length).toBeLessThan(full!.length);
    expect(entry(docFrom(diff, initial), 'notes', 'n1').get('x')).toBe(300);
  });
});

describe('BoardRoom: guard refusals', () => {
  it('a refused update applies nothing, stores nothing, claims nothing and reaches nobody', async () => {
    const { gate, room } = await setup();
    const resident = fakeConnection('r', 'pR', 'resident');
    const b = fakeConnection('b', 'pB');
    room.addConnection(resident);
    room.addConnection(b);
    const before = Y.encodeStateVector(room.doc);
    // Residents do not move concerns through Yjs (only moderators write layout fields).
    const result = room.receiveClientUpdate(resident, moveNote(clientOf(room, 101), 300));
    expect(result.ok).toBe(false);
    expect(Array.from(Y.encodeStateVector(room.doc))).toEqual(Array.from(before));
    expect(entry(room.doc, 'notes', 'n1').get('x')).toBe(10);
    expect(gate.submitted).toEqual([]);
    await nextTurn();
    expect(b.updates()).toEqual([]);
    // The refused write claimed nothing: someone else may still write under that id.
    const f = fakeConnection('f', 'pF');
    expect(room.receiveClientUpdate(f, moveNote(clientOf(room, 101), 300)).ok).toBe(true);
    expect(claimsIn(gate.submitted[0]!)).toEqual([{ op: 'clientId.claim', boardId: 'b1', clientId: 101, participantId: 'pF' }]);
  });

  it('positive control: a resident co-drafting an action title in the Act step is admitted, stored and relayed', async () => {
    const { gate, inner, room, initial } = await setup();
    const resident = fakeConnection('r', 'pR', 'resident');
    const b = fakeConnection('b', 'pB');
    room.addConnection(resident);
    room.addConnection(b);
    const client = clientOf(room, 101);
    expect(room.receiveClientUpdate(resident, edit(client, () => title(client).insert(0, 'Soon: '))).ok).toBe(true);
    await gate.release();
    await nextTurn();
    const seen = clientDoc(999, initial);
    for (const u of b.updates()) Y.applyUpdate(seen, u);
    expect(title(seen).toString()).toBe('Soon: Fix the lights');
    expect((await inner.loadBoardDoc('b1')).updates.length).toBe(2);
  });
});

describe('BoardRoom: client-id claims', () => {
  it('a first write under a client id stores its claim in the same commit as the update; later writes claim nothing', async () => {
    const { gate, inner, room } = await setup();
    const a = fakeConnection('a', 'pA');
    room.addConnection(a);
    const client = clientOf(room, 101);
    room.receiveClientUpdate(a, moveNote(client, 1));
    room.receiveClientUpdate(a, moveNote(client, 2));
    expect(gate.submitted.map((ops) => ops.map((o) => o.op))).toEqual([['board.update', 'clientId.claim'], ['board.update']]);
    expect(claimsIn(gate.submitted[0]!)).toEqual([{ op: 'clientId.claim', boardId: 'b1', clientId: 101, participantId: 'pA' }]);
    await gate.releaseAll();
    expect(await inner.listClientIdClaims('b1')).toEqual([{ boardId: 'b1', clientId: 101, participantId: 'pA' }]);
  });

  it('an id claimed by one participant is refused to another, also once the board is reloaded from storage; its owner still writes', async () => {
    const { gate, inner, room } = await setup();
    const a = fakeConnection('a', 'pA');
    const other = fakeConnection('o', 'pO');
    room.receiveClientUpdate(a, moveNote(clientOf(room, 101), 1));
    await gate.release();
    expect(room.receiveClientUpdate(other, moveNote(clientOf(room, 101), 5)).ok).toBe(false);
    expect(gate.submitted).toHaveLength(1);

    const gate2 = gateStorage(inner);
    const reloaded = await load(gate2.storage);
    expect(reloaded.receiveClientUpdate(other, moveNote(clientOf(reloaded, 101), 5)).ok).toBe(false);
    expect(gate2.submitted).toEqual([]);
    expect(reloaded.receiveClientUpdate(a, moveNote(clientOf(reloaded, 101), 6)).ok).toBe(true);
    expect(gate2.submitted.map((ops) => ops.map((o) => o.op))).toEqual([['board.update']]);
  });
});
