/**
 * Any process serves any client (issue 21, first part): three servers on one PostgreSQL
 * database; a session created through one, joined through another, its commands and its board
 * served through the third, which hands them to the owner over the internal channel (signed with
 * SECRET, on its own port, never on the public one).
 */
import { describe, expect, it } from 'vitest';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, synced } from './helpers/clients.ts';
import { useOpenClients } from './helpers/open-clients.ts';
import { createTestSchema, usePostgresServers } from './helpers/postgres.ts';
import { testSecret, type TestServer } from './helpers/test-server.ts';
import { notesMap } from '../shared/board-doc.ts';
import { sign } from '../server/forwarding/internal-channel.ts';

const { db: database, servers, start: startOn } = usePostgresServers();
const clients = useOpenClients();

const start = (databaseUrl: string): Promise<TestServer> => startOn(databaseUrl);

/** The internal listener's URL, as written into the owner rows. */
async function internalUrlOf(server: TestServer, sessionId: string): Promise<string> {
  const rows = await server.app.storage.getSession(sessionId);
  expect(rows).not.toBeNull();
  const lease = server.app.ownership.current(sessionId);
  expect(lease).toBeDefined();
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: server.app.config.databaseUrl! });
  await client.connect();
  try {
    const { rows: [row] } = await client.query<{ internal_url: string }>('SELECT internal_url FROM session_owner WHERE session_id = $1', [sessionId]);
    return row!.internal_url;
  } finally {
    await client.end();
  }
}

describe('any process serves any client', () => {
  it('created through A, joined through B, commands and board through C: C hands them to A, the owner', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b, c] = [await start(url), await start(url), await start(url)];
    const s = await createSession(a.url, 'Courtyard 院子');
    const boardId = s.boards[0]!.id;
    const resident = await join(b.url, s.joinCode, { name: 'Through B' });
    expect(a.app.ownership.current(s.sessionId)).toBeDefined();

    // Commands through C: applied by A (C never holds the session).
    const facC = await connectSocket(c.url, s.facilitatorToken);
    clients.sockets.push(facC);
    const added = await command(facC, 'note:add', { boardId, text: 'The gate is broken 大门坏了', idempotencyKey: 'forwarded-1' });
    expect(added).toMatchObject({ ok: true });
    expect(await command(facC, 'note:add', { boardId, text: 'The gate is broken 大门坏了', idempotencyKey: 'forwarded-1' })).toMatchObject({ ok: true, replayed: true, noteId: added.noteId });
    const resC = await connectSocket(c.url, resident.token);
    clients.sockets.push(resC);
    expect(await command(resC, 'note:add', { boardId, text: 'More benches 多放椅子' })).toMatchObject({ ok: true });
    expect(c.app.ownership.current(s.sessionId)).toBeUndefined();
    expect(b.app.ownership.current(s.sessionId)).toBeUndefined();

    // The board through C, relayed to A: a provider on C and one on A see the same document, both ways.
    const onC = connectProvider(c.wsUrl, boardId, s.facilitatorToken);
    const onA = connectProvider(a.wsUrl, boardId, s.facilitatorToken);
    clients.providers.push(onC, onA);
    await Promise.all([synced(onC), synced(onA)]);
    expect([...notesMap(onC.doc).values()].map((n) => n.get('text')).sort()).toEqual(['More benches 多放椅子', 'The gate is broken 大门坏了']);
    notesMap(onC.doc).get(added.noteId as string)!.set('x', 321);
    await eventually(() => expect(notesMap(onA.doc).get(added.noteId as string)?.get('x')).toBe(321));
    expect(await command(facC, 'note:add', { boardId, text: 'Lights 路灯' })).toMatchObject({ ok: true });
    await eventually(() => expect(notesMap(onC.doc).size).toBe(3));
    // The guard runs at the owner, for relayed connections too: a resident may not move a concern.
    const resOnC = connectProvider(c.wsUrl, boardId, resident.token);
    clients.providers.push(resOnC);
    await synced(resOnC);
    notesMap(resOnC.doc).get(added.noteId as string)!.set('x', 999);
    expect((await resOnC.closed).code).toBe(4403);
    expect(notesMap(onA.doc).get(added.noteId as string)?.get('x')).toBe(321);

    // A stops gracefully: C's relayed connection closes (1001), the provider reconnects through C,
    // which now claims the session itself and serves it.
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    notesMap(onC.doc).get(added.noteId as string)!.set('y', 654);
    await eventually(async () => {
      const fresh = connectProvider(b.wsUrl, boardId, s.facilitatorToken);
      clients.providers.push(fresh);
      await synced(fresh);
      expect(notesMap(fresh.doc).get(added.noteId as string)?.get('y')).toBe(654);
    }, 20_000);
    expect(Boolean(b.app.ownership.current(s.sessionId)) !== Boolean(c.app.ownership.current(s.sessionId))).toBe(true);
  });

  it('the internal channel answers only signed requests, on its own port; the public port has no such route', async () => {
    const { url } = await createTestSchema(database().url);
    const a = await start(url);
    const s = await createSession(a.url, 'Signed');
    const internalUrl = await internalUrlOf(a, s.sessionId);
    expect(internalUrl).not.toBe(a.url);
    const body = JSON.stringify({ actor: { participantId: 'p', sessionId: s.sessionId, role: 'facilitator', name: null }, name: 'note:add', payload: { boardId: s.boards[0]!.id, text: 'forged' }, connectionId: null });
    const post = (headers: Record<string, string>, to = internalUrl) => fetch(`${to}/internal/command`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-yishi-signature': sign('another-secret', 'POST', '/internal/command', body) })).status).toBe(401);
    expect((await post({ 'x-yishi-signature': sign(testSecret, 'POST', '/internal/command', body, Date.now() - 60_000) })).status).toBe(401);
    expect((await post({ 'x-yishi-signature': sign(testSecret, 'POST', '/internal/command', body) }, a.url)).status).toBe(404);
    // Signed: the owner runs it as the named actor would (here an unknown participant: the command itself decides).
    const signed = await post({ 'x-yishi-signature': sign(testSecret, 'POST', '/internal/command', body) });
    expect(signed.status).toBe(200);
    expect(await api(a.url, 'GET', '/internal/command')).toMatchObject({ status: 404 });
  });
});
