/**
 * A board's life in one process: its update log is folded into a snapshot (compaction) without
 * losing anything, across a restart too; an idle board is unloaded and comes back intact; and a
 * Yjs clientID stays with the participant who first wrote with it, after they disconnect too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, joinAsExpert, synced } from './helpers/clients.ts';
import { connectRaw, type RawClient } from './helpers/raw-yjs-client.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function server(overrides: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const s = await startServer(overrides);
  cleanups.push(() => s.close());
  return s;
}

async function raw(s: TestServer, boardId: string, token: string): Promise<RawClient> {
  const c = await connectRaw(s.wsUrl, boardId, token);
  cleanups.push(() => c.close());
  await c.synced;
  return c;
}

/** Sends what `edit` changes in the client's doc as one update. */
function write(c: RawClient, edit: (doc: Y.Doc) => void): void {
  const sv = Y.encodeStateVector(c.doc);
  edit(c.doc);
  c.sendUpdate(Y.encodeStateAsUpdate(c.doc, sv));
}

/** The close code if the server closes the connection within `ms`, else null. */
function closedWithin(c: RawClient, ms = 3000): Promise<number | null> {
  return Promise.race([c.closed.then((e) => e.code), new Promise<null>((r) => setTimeout(() => r(null), ms))]);
}

const note = (doc: Y.Doc, id: string) => doc.getMap('notes').get(id) as Y.Map<unknown>;

/** Everything a client can see of a board. */
function content(doc: Y.Doc): unknown {
  return { notes: doc.getMap('notes').toJSON(), clusters: doc.getMap('clusters').toJSON(), actions: doc.getMap('actions').toJSON(), board: doc.getMap('board').toJSON() };
}

/** Same content, same structs (state vector) and same deletions (delete set). */
function expectSameDoc(actual: Y.Doc, expected: Y.Doc): void {
  expect(content(actual)).toEqual(content(expected));
  expect(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(actual)))).toEqual(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(expected))));
  expect(Y.equalSnapshots(Y.snapshot(actual), Y.snapshot(expected))).toBe(true);
}

/** Builds a document from what storage holds for a board (snapshot, then the update log). */
async function storedDoc(s: TestServer, boardId: string): Promise<{ doc: Y.Doc; snapshot: boolean; updates: number }> {
  const stored = await s.app.storage.loadBoardDoc(boardId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return { doc, snapshot: stored.snapshot !== null, updates: stored.updates.length };
}

describe('compaction', () => {
  it('folds the update log into a snapshot once it holds compactAfterUpdates updates; snapshot plus log rebuild the live document, also after a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-compact-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startServer({ dataDir, compactAfterUpdates: 5, compactLogPercent: 0 });
    const session = await createSession(first.url);
    const boardId = session.boards[0]!.id;
    const fac = await connectSocket(first.url, session.facilitatorToken);
    const noteIds: string[] = [];
    for (let i = 0; i < 3; i++) noteIds.push((await command(fac, 'note:add', { boardId, text: `concern ${i}` })).noteId as string);
    const clusterId = (await command(fac, 'cluster:add', { boardId, title: 'Theme', x: 0, y: 0 })).clusterId as string;
    const actionId = (await command(fac, 'action:add', { boardId, title: 'Do it' })).actionId as string;
    const expert = await joinAsExpert(first.url, session.sessionId, session.facilitatorToken);
    const writer = await raw(first, boardId, expert.token);
    const observer = await raw(first, boardId, session.facilitatorToken);

    const layoutWrites = 20;
    for (let i = 0; i < layoutWrites; i++) {
      if (i % 4 === 3) write(writer, (d) => ((d.getMap('actions').get(actionId) as Y.Map<unknown>).get('title') as Y.Text).insert(0, `${i} `));
      else write(writer, (d) => note(d, noteIds[i % 3]!).set(i % 2 ? 'x' : 'y', i % 2 ? 1000 + i : -i));
      if (i === 7) expect((await command(fac, 'timer:start', { boardId, seconds: 60 })).ok).toBe(true);
      if (i === 13) expect((await command(fac, 'note:delete', { boardId, noteId: noteIds[2]! })).ok).toBe(true);
    }
    expect((await command(fac, 'spotlight:set', { boardId, targetId: clusterId })).ok).toBe(true);
    // Every layout write has reached the observer, so every one of them is committed.
    await eventually(() => {
      const title = (observer.doc.getMap('actions').get(actionId) as Y.Map<unknown> | undefined)?.get('title') as Y.Text | undefined;
      expect(title?.toString().startsWith('19 ')).toBe(true);
      expect(observer.doc.getMap('board').get('spotlight')).toBe(clusterId);
      expectSameDoc(observer.doc, writer.doc);
    });
    expect(observer.doc.getMap('notes').has(noteIds[2]!)).toBe(false);
    const live = first.app.rooms.peek(boardId)!.doc;
    expectSameDoc(observer.doc, live);

    // 1 initial update + 5 commands + 20 layout writes + 3 commands were committed; the log holds fewer.
    await eventually(async () => expect((await first.app.storage.loadBoardDoc(boardId)).updates.length).toBeLessThan(5));
    const stored = await storedDoc(first, boardId);
    expect(stored.snapshot).toBe(true);
    expectSameDoc(stored.doc, live);

    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(live));
    fac.close();
    await first.close();

    const second = await server({ dataDir });
    const reader = await raw(second, boardId, session.facilitatorToken);
    expectSameDoc(reader.doc, before);
    // The restarted board keeps working on top of the compacted state.
    const fac2 = await connectSocket(second.url, session.facilitatorToken);
    cleanups.push(() => void fac2.close());
    expect((await command(fac2, 'note:add', { boardId, text: 'after the restart' })).ok).toBe(true);
  });
});

describe('idle unload', () => {
  it('a board with no connection is compacted and unloaded by unloadIdle, and reloads intact on the next connection', async () => {
    const s = await server({ roomIdleMs: 200 });
    const session = await createSession(s.url);
    const boardId = session.boards[0]!.id;
    const fac = await connectSocket(s.url, session.facilitatorToken);
    cleanups.push(() => void fac.close());
    const noteId = (await command(fac, 'note:add', { boardId, text: 'Kept while unloaded' })).noteId as string;
    const expert = await joinAsExpert(s.url, session.sessionId, session.facilitatorToken);
    const writer = await raw(s, boardId, expert.token);
    const provider = connectProvider(s.wsUrl, boardId, session.facilitatorToken);
    await synced(provider);
    write(writer, (d) => note(d, noteId).set('x', 4321));
    await eventually(() => expect(note(provider.doc, noteId).get('x')).toBe(4321));
    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(provider.doc));
    const room = s.app.rooms.peek(boardId);
    expect(room).toBeDefined();

    // Connected clients keep the board loaded however long it has been.
    await s.app.rooms.unloadIdle(Date.now() + 60_000);
    expect(s.app.rooms.peek(boardId)).toBe(room);

    writer.close();
    provider.destroy();
    await eventually(() => expect(room!.connections.size).toBe(0));
    await s.app.rooms.unloadIdle(Date.now() + 1000);
    expect(s.app.rooms.peek(boardId)).toBeUndefined();
    // Compacted on the way out: the next load reads one snapshot.
    expect((await s.app.storage.loadBoardDoc(boardId)).updates.length).toBe(0);

    const back = connectProvider(s.wsUrl, boardId, session.facilitatorToken);
    cleanups.push(() => back.destroy());
    await synced(back);
    expectSameDoc(back.doc, before);
    expect(s.app.rooms.peek(boardId)).not.toBe(room);
    expect((await command(fac, 'note:move', { boardId, noteId, x: 5, y: 6 })).ok).toBe(true);
    await eventually(() => expect(note(back.doc, noteId).get('x')).toBe(5));
  });

  it('the sweeper unloads a board roomIdleMs after its last connection closed, without being called', async () => {
    const s = await server({ roomIdleMs: 200 });
    const session = await createSession(s.url);
    const boardId = session.boards[0]!.id;
    const p = connectProvider(s.wsUrl, boardId, session.facilitatorToken);
    await synced(p);
    expect(s.app.rooms.peek(boardId)).toBeDefined();
    p.destroy();
    await eventually(() => expect(s.app.rooms.peek(boardId)).toBeUndefined(), 5000);
    const again = connectProvider(s.wsUrl, boardId, session.facilitatorToken);
    cleanups.push(() => again.destroy());
    await synced(again);
    expect(again.doc.getMap('board').get('phase')).toBe('gather');
  });
});

describe('clientID claims', () => {
  it('a clientID belongs for good to the participant who first wrote with it: refused to others while the owner is connected and after the owner left; the owner continues with it', async () => {
    const s = await server();
    const session = await createSession(s.url);
    const boardId = session.boards[0]!.id;
    const fac = await connectSocket(s.url, session.facilitatorToken);
    cleanups.push(() => void fac.close());
    const noteId = (await command(fac, 'note:add', { boardId, text: 'Shared id' })).noteId as string;
    const alice = await joinAsExpert(s.url, session.sessionId, session.facilitatorToken, 'Alice');
    const bob = await joinAsExpert(s.url, session.sessionId, session.facilitatorToken, 'Bob');
    const observer = await raw(s, boardId, session.facilitatorToken);

    const a = await raw(s, boardId, alice.token);
    const X = a.doc.clientID;
    write(a, (d) => note(d, noteId).set('x', 111));
    await eventually(() => expect(note(observer.doc, noteId).get('x')).toBe(111));

    // While Alice is connected, Bob may not write as X.
    const intruder = await raw(s, boardId, bob.token);
    await eventually(() => expect(note(intruder.doc, noteId).get('x')).toBe(111));
    intruder.doc.clientID = X;
    write(intruder, (d) => note(d, noteId).set('x', 666));
    expect(await closedWithin(intruder)).toBe(4403);

    a.close();
    await eventually(() => expect(s.app.rooms.peek(boardId)!.connections.size).toBe(1));

    // Alice is gone: X is still hers, so Bob is still refused.
    const b = await raw(s, boardId, bob.token);
    b.doc.clientID = X;
    write(b, (d) => note(d, noteId).set('x', 222));
    expect(await closedWithin(b)).toBe(4403);
    expect(note(observer.doc, noteId).get('x')).toBe(111);

    // Alice comes back (a reloaded page restoring its document) and goes on writing as X.
    const back = await raw(s, boardId, alice.token);
    await eventually(() => expect(note(back.doc, noteId).get('x')).toBe(111));
    back.doc.clientID = X;
    write(back, (d) => note(d, noteId).set('x', 333));
    await eventually(() => expect(note(observer.doc, noteId).get('x')).toBe(333));
    expect(await closedWithin(back, 200)).toBeNull();
  });
});
