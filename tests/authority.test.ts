/** The server decides: what a resident may not do is refused by command and by hand-made Yjs update, and nobody else sees it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, join, synced, type ProviderClient } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
let fac: Socket;
let mallory: { token: string; participantId: string; socket: Socket };
let victimNote: string;
let themeId: string;
let observer: ProviderClient;

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url);
  boardId = session.boards[0]!.id;
  fac = await connectSocket(server.url, session.facilitatorToken);
  const alice = await join(server.url, session.joinCode, { name: 'Alice' });
  const aliceSock = await connectSocket(server.url, alice.token);
  victimNote = (await command(aliceSock, 'note:add', { boardId, text: 'Alice’s concern' })).noteId as string;
  aliceSock.close();
  themeId = (await command(fac, 'cluster:add', { boardId, title: 'Safety', x: 0, y: 0 })).clusterId as string;
  const m = await join(server.url, session.joinCode, { name: 'Mallory' });
  mallory = { ...m, socket: await connectSocket(server.url, m.token) };
  observer = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
  await synced(observer);
});

afterAll(async () => {
  observer?.destroy();
  mallory?.socket.close();
  fac?.close();
  await server?.close();
});

function snapshot(): unknown {
  return { notes: observer.doc.getMap('notes').toJSON(), clusters: observer.doc.getMap('clusters').toJSON(), board: observer.doc.getMap('board').toJSON() };
}

/** Sends a hand-made update from the resident; expects 4403 and an unchanged board for everyone else. */
async function yjsAttack(edit: (doc: Y.Doc) => void): Promise<void> {
  const before = snapshot();
  const raw = await connectRaw(server.wsUrl, boardId, mallory.token);
  await raw.synced;
  const sv = Y.encodeStateVector(raw.doc);
  edit(raw.doc);
  raw.sendUpdate(Y.encodeStateAsUpdate(raw.doc, sv));
  expect((await raw.closed).code).toBe(4403);
  // Round trip through the server so anything relayed would have arrived.
  expect((await command(fac, 'vote:status', { boardId })).ok).toBe(true);
  await new Promise((r) => setTimeout(r, 100));
  expect(snapshot()).toEqual(before);
  const fresh = await connectRaw(server.wsUrl, boardId, session.facilitatorToken);
  await fresh.synced;
  expect({ notes: fresh.doc.getMap('notes').toJSON(), clusters: fresh.doc.getMap('clusters').toJSON(), board: fresh.doc.getMap('board').toJSON() }).toEqual(before);
  fresh.close();
}

describe('a resident', () => {
  it("cannot delete another's note by command (FORBIDDEN)", async () => {
    expect(await command(mallory.socket, 'note:delete', { boardId, noteId: victimNote })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(observer.doc.getMap('notes').has(victimNote)).toBe(true);
  });

  it("cannot delete another's note by a hand-made Yjs update (4403)", async () => {
    await yjsAttack((d) => d.getMap('notes').delete(victimNote));
  });

  it("cannot rewrite another's note text through Yjs (4403)", async () => {
    await yjsAttack((d) => (d.getMap('notes').get(victimNote) as Y.Map<unknown>).set('text', 'defaced'));
  });

  it('cannot edit a theme by command (FORBIDDEN) or through Yjs (4403)', async () => {
    expect(await command(mallory.socket, 'cluster:rename', { boardId, clusterId: themeId, title: 'Mine now' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await yjsAttack((d) => (d.getMap('clusters').get(themeId) as Y.Map<unknown>).set('title', 'Mine now'));
  });

  it('cannot set the phase by command (FORBIDDEN) or through Yjs (4403)', async () => {
    expect(await command(mallory.socket, 'phase:set', { boardId, phase: 'vote', reason: 'because' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await yjsAttack((d) => d.getMap('board').set('phase', 'vote'));
    expect(observer.doc.getMap('board').get('phase')).toBe('gather');
  });

  it('cannot reveal votes, kick, undo or change settings', async () => {
    for (const [name, payload] of [
      ['vote:reveal', { boardId }],
      ['participant:kick', { participantId: session.participantId }],
      ['record:undo', { seq: 1 }],
      ['settings:set', { settings: { anonymous: true } }],
      ['board:lock', { boardId, locked: true }],
      ['timer:start', { boardId, seconds: 60 }],
    ] as const) {
      expect(await command(mallory.socket, name, payload)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('is refused with LOCKED while the board is locked, and can act again when unlocked', async () => {
    expect((await command(fac, 'board:lock', { boardId, locked: true })).ok).toBe(true);
    expect(await command(mallory.socket, 'note:add', { boardId, text: 'let me in' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect((await command(fac, 'board:lock', { boardId, locked: false })).ok).toBe(true);
    expect(await command(mallory.socket, 'note:add', { boardId, text: 'let me in' })).toMatchObject({ ok: true });
  });
});

describe('phases', () => {
  it('a jump forward needs a reason, which is recorded; one step back needs none; the same phase is a no-op', async () => {
    expect(await command(fac, 'phase:set', { boardId, phase: 'vote' })).toMatchObject({ ok: false, error: { code: 'PHASE' } });
    expect(await command(fac, 'phase:set', { boardId, phase: 'vote', reason: 'themes were agreed beforehand' })).toMatchObject({ ok: true });
    expect(await command(fac, 'phase:set', { boardId, phase: 'vote' })).toMatchObject({ ok: true });
    expect(await command(fac, 'phase:set', { boardId, phase: 'gather' })).toMatchObject({ ok: true });
    const entries = (await server.app.storage.listRecord(session.sessionId)).filter((e) => e.kind === 'phase.set');
    expect(entries.map((e) => e.data)).toEqual([
      { from: 'gather', to: 'vote', skipped: ['cluster'], reason: 'themes were agreed beforehand' },
      { from: 'vote', to: 'gather', skipped: [], reason: null },
    ]);
  });

  it("boardId '*' sets every board of the session", async () => {
    expect(await command(fac, 'phase:set', { boardId: '*', phase: 'cluster' })).toMatchObject({ ok: true, boards: 1 });
  });
});

describe('kick', () => {
  it('revokes the token and closes the live connections on every transport', async () => {
    const r = await join(server.url, session.joinCode, { name: 'Troll' });
    const sock = await connectSocket(server.url, r.token);
    const raw = await connectRaw(server.wsUrl, boardId, r.token);
    await raw.synced;
    const kickedEvents: unknown[] = [];
    sock.on('kicked', (k) => kickedEvents.push(k));
    const kicked = new Promise<{ reason: string }>((resolve) => sock.once('kicked', resolve));
    const disconnected = new Promise<void>((resolve) => sock.once('disconnect', () => resolve()));
    expect(await command(fac, 'participant:kick', { participantId: r.participantId, reason: 'abusive' })).toMatchObject({ ok: true });
    expect((await kicked).reason).toBe('abusive');
    await disconnected;
    expect(kickedEvents).toHaveLength(1);
    expect((await raw.closed).code).toBe(4409);
    const again = await connectRaw(server.wsUrl, boardId, r.token, { sync: false });
    expect((await again.closed).code).toBe(4401);
    const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${r.token}` } });
    expect(res.status).toBe(401);
    expect(await command(fac, 'participant:kick', { participantId: session.participantId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
