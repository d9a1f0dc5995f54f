/**
 * Privacy: a facilitator deletes a whole session (command or HTTP) — every row of it in every
 * table and every trace in the database files goes, other sessions stay, its live connections
 * are closed; retention deletes idle unpublished sessions and keeps published ones; nobody is
 * ever told another person's group or age band.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, joinAsExpert, synced } from './helpers/clients.ts';
import { jpegWithGps } from './helpers/images.ts';
import { Retention } from '../server/privacy/retention.ts';

let server: TestServer;
let jpeg: Buffer;
beforeAll(async () => {
  server = await startServer();
  jpeg = await jpegWithGps(400, 300);
});
afterAll(async () => {
  await server?.close();
});

async function upload(boardId: string, noteId: string, token: string) {
  const res = await fetch(`${server.url}/api/boards/${boardId}/notes/${noteId}/photo`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' }, body: new Uint8Array(jpeg) });
  expect(res.status).toBe(201);
}

/** A session with something in every kind of row: notes (public and held), votes, a photo, an invite, record entries, idempotency results. */
async function populated(marker: string) {
  const s = await createSession(server.url, `Title ${marker}`, { screening: true });
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(server.url, s.facilitatorToken);
  const expert = await joinAsExpert(server.url, s.sessionId, s.facilitatorToken);
  const resident = await join(server.url, s.joinCode, { name: `Name ${marker}`, group: 'volunteer', consent: true });
  const sock = await connectSocket(server.url, resident.token);
  const pub = await command(fac, 'note:add', { boardId, text: `Public ${marker}`, idempotencyKey: `key-${marker}-1` });
  await command(sock, 'note:add', { boardId, text: `Held ${marker}`, idempotencyKey: `key-${marker}-2` });
  const voted = await command(fac, 'note:add', { boardId, text: `Voted ${marker}` });
  await upload(boardId, pub.noteId, s.facilitatorToken);
  await command(fac, 'phase:set', { boardId, phase: 'cluster' });
  await command(fac, 'phase:set', { boardId, phase: 'vote' });
  // On a concern that stays: the deleted one's dots would go back to their voter.
  expect(await command(sock, 'vote:cast', { boardId, targetId: voted.noteId })).toMatchObject({ ok: true });
  await command(fac, 'note:delete', { boardId, noteId: pub.noteId }); // a record entry with the whole note
  const provider = connectProvider(server.wsUrl, boardId, resident.token);
  await synced(provider);
  return { s, boardId, fac, sock, resident, expert, provider, ids: [s.sessionId, boardId, s.participantId, resident.participantId, expert.participantId] };
}

/** Every row of every table as text (blobs as latin1, so note texts inside Yjs updates show). */
function dump(): { table: string; text: string }[] {
  const db = new Database(path.join(server.dataDir, 'yishi.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return tables.flatMap((table) => (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((row) => ({
      table,
      text: Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))).join('\u0001'),
    })));
  } finally {
    db.close();
  }
}

const rowsMentioning = (needles: string[]) => dump().filter((r) => needles.some((n) => r.text.includes(n)));

/** Every file of the data directory, raw, searched for a marker. */
function filesMentioning(marker: string): string[] {
  return fs.readdirSync(server.dataDir).filter((f) => fs.statSync(path.join(server.dataDir, f)).isFile() && fs.readFileSync(path.join(server.dataDir, f)).includes(marker));
}

describe('deleting a session', () => {
  it('every table is tied to a session by session_id, board_id or participant_id (so deletion finds all of it)', () => {
    const db = new Database(path.join(server.dataDir, 'yishi.db'), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const untied = tables.filter((t) => t !== 'sessions' && !(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[]).some((c) => ['session_id', 'board_id', 'participant_id'].includes(c)));
    db.close();
    expect(untied).toEqual([]);
  });

  it('session:delete removes every row and every trace of the session, closes its connections, and leaves other sessions alone', async () => {
    const a = await populated('AAA-SECRET-7f3');
    const b = await populated('BBB-KEEP-91c');
    expect(rowsMentioning(a.ids).map((r) => r.table)).toEqual(expect.arrayContaining(['sessions', 'boards', 'participants', 'invites', 'record', 'idempotency', 'votes', 'held_notes', 'photos', 'board_updates']));
    const before = rowsMentioning(b.ids).length;

    // Only the facilitator, and only with the exact title.
    expect(await command(a.sock, 'session:delete', { confirmTitle: 'Title AAA-SECRET-7f3' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(a.fac, 'session:delete', { confirmTitle: 'title aaa-secret-7f3' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(rowsMentioning(a.ids).length).toBeGreaterThan(0);

    const deletedPush = new Promise<{ sessionId: string; reason: string }>((resolve) => a.sock.once('session:deleted', resolve));
    const facDisconnected = new Promise<string>((resolve) => a.fac.once('disconnect', resolve));
    expect(await command(a.fac, 'session:delete', { confirmTitle: 'Title AAA-SECRET-7f3' })).toMatchObject({ ok: true, deleted: a.s.sessionId });
    expect(await deletedPush).toEqual({ sessionId: a.s.sessionId, reason: 'deleted by the facilitator' });
    expect(await facDisconnected).toBe('io server disconnect');
    expect((await a.provider.closed).code).toBe(4410);

    // Nothing is written back afterwards, even when idle boards are swept.
    await server.app.rooms.unloadIdle(Date.now() + 3_600_000);
    expect(server.app.rooms.peek(a.boardId)).toBeUndefined();
    await eventually(async () => expect(await server.app.presence.roster(a.s.sessionId)).toEqual([]));
    expect(rowsMentioning(a.ids)).toEqual([]);
    expect(rowsMentioning(['AAA-SECRET-7f3'])).toEqual([]);
    // Not in the database files either (deleted pages are zeroed, the WAL is emptied); no other files exist.
    expect(filesMentioning('AAA-SECRET-7f3')).toEqual([]);
    expect(fs.readdirSync(server.dataDir).filter((f) => !/^yishi\.db(-wal|-shm)?$/.test(f) && f !== 'secret')).toEqual([]);

    // Its tokens are dead; the other session is whole and working.
    expect((await api(server.url, 'GET', '/api/me', undefined, a.resident.token)).status).toBe(401);
    expect(rowsMentioning(b.ids).length).toBe(before);
    expect(b.provider.provider.wsconnected).toBe(true);
    expect(await command(b.fac, 'note:add', { boardId: b.boardId, text: 'Still here' })).toMatchObject({ ok: true });
    for (const x of [a, b]) {
      x.provider.destroy();
      x.sock.close();
      x.fac.close();
    }
  });

  it('DELETE /api/sessions/:id does the same, for the session’s facilitator with the exact title', async () => {
    const a = await populated('HTTP-DEL-c4d');
    const other = await createSession(server.url, 'Other');
    const del = (token: string, body: unknown, id = a.s.sessionId) => api(server.url, 'DELETE', `/api/sessions/${id}`, body, token);
    expect((await del(other.facilitatorToken, { confirmTitle: 'Title HTTP-DEL-c4d' })).status).toBe(403);
    expect((await del(a.expert.token, { confirmTitle: 'Title HTTP-DEL-c4d' })).status).toBe(403);
    expect(await del(a.s.facilitatorToken, { confirmTitle: 'nope' })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
    expect(await del(a.s.facilitatorToken, {})).toMatchObject({ status: 400 });
    const deletedPush = new Promise((resolve) => a.sock.once('session:deleted', resolve));
    expect((await del(a.s.facilitatorToken, { confirmTitle: 'Title HTTP-DEL-c4d' })).status).toBe(204);
    await deletedPush;
    expect((await a.provider.closed).code).toBe(4410);
    expect(rowsMentioning(a.ids)).toEqual([]);
    expect((await del(a.s.facilitatorToken, { confirmTitle: 'Title HTTP-DEL-c4d' })).status).toBe(401);
    expect(await server.app.storage.getSession(other.sessionId)).not.toBeNull();
    a.provider.destroy();
    a.sock.close();
    a.fac.close();
  });
});

describe('deletion is final', () => {
  it('commands racing the deletion (read just before, write just after) recreate nothing: each lands before it (and is deleted with it) or is refused NOT_FOUND', async () => {
    const a = await populated('RACE-DEL-3e8');
    const joinings = Array.from({ length: 30 }, (_, i) => command(a.fac, 'session:joining', { open: i % 2 === 0 }));
    const notes = Array.from({ length: 10 }, (_, i) => command(a.sock, 'note:add', { boardId: a.boardId, text: `Racing RACE-DEL-3e8 ${i}` }));
    const deletion = server.app.deletion.delete(a.s.sessionId, 'facilitator');
    const acks = await Promise.all([...joinings, ...notes].map((p) => p.catch((err: Error) => ({ ok: false, error: { code: 'DISCONNECTED', message: err.message } }))));
    expect(await deletion).toMatchObject({ sessionId: a.s.sessionId });
    // Never INTERNAL: a late write is refused as the session being gone.
    for (const ack of acks) if (!ack.ok) expect(['NOT_FOUND', 'DISCONNECTED', 'UNAUTHORIZED'], JSON.stringify(ack)).toContain(ack.error!.code);
    // And a command that had read the session before, committing now, is refused by storage.
    await expect(server.app.storage.commit([{ op: 'session.put', session: { id: a.s.sessionId, title: 'back', joinCode: 'BACKAGAIN1', joinOpen: true, settings: {}, createdAt: 1 } }])).rejects.toMatchObject({ name: 'SessionDeletedError' });
    await new Promise((r) => setTimeout(r, 50));
    expect(rowsMentioning(a.ids)).toEqual([]);
    expect(rowsMentioning(['RACE-DEL-3e8'])).toEqual([]);
    a.provider.destroy();
    a.sock.close();
    a.fac.close();
  });
});

describe('retention', () => {
  it('deletes an idle unpublished session and keeps a published one (clock injected)', async () => {
    const idle = await populated('RET-IDLE-0a1');
    const published = await populated('RET-PUB-5b2');
    expect(await command(published.fac, 'session:publish', {})).toMatchObject({ ok: true });
    for (const x of [idle, published]) {
      x.provider.destroy();
      x.sock.close();
      x.fac.close();
    }
    await eventually(async () => {
      for (const x of [idle, published]) expect(await server.app.presence.roster(x.s.sessionId)).toEqual([]);
    });
    const make = (days: number, offsetDays: number) => new Retention({
      storage: server.app.storage, rooms: server.app.rooms, presence: server.app.presence, deletion: server.app.deletion,
      log: server.app.fastify.log, retentionDays: days, now: () => Date.now() + offsetDays * 24 * 3600 * 1000,
    });
    // Recent activity, or retention off: nothing goes.
    expect(await make(365, 0).sweep()).toEqual([]);
    expect(await make(0, 400).sweep()).toEqual([]);
    // 400 days later: the idle unpublished one goes, the published one stays.
    const deleted = await make(365, 400).sweep();
    expect(deleted).toContain(idle.s.sessionId);
    expect(deleted).not.toContain(published.s.sessionId);
    expect(rowsMentioning(idle.ids)).toEqual([]);
    expect(await server.app.storage.getSession(published.s.sessionId)).not.toBeNull();
  });

  it('a session edited only through Yjs is not idle: board updates count as activity', async () => {
    const edited = await populated('RET-YJS-7c3');
    const untouched = await populated('RET-NONE-2d4');
    for (const x of [edited, untouched]) x.provider.destroy();
    const noteId = (await command(edited.fac, 'note:add', { boardId: edited.boardId, text: 'Movable' })).noteId as string;
    // Everything so far is older than `mid`; then one edit, through Yjs only, on one of them.
    await new Promise((r) => setTimeout(r, 20));
    const mid = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    const fac = connectProvider(server.wsUrl, edited.boardId, edited.s.facilitatorToken);
    await synced(fac);
    fac.doc.transact(() => (fac.doc.getMap('notes').get(noteId) as Y.Map<unknown>).set('x', 321));
    await eventually(async () => expect((await server.app.storage.listIdleSessions(mid)).map((s) => s.sessionId)).not.toContain(edited.s.sessionId));
    fac.destroy();
    for (const x of [edited, untouched]) {
      x.sock.close();
      x.fac.close();
    }
    await eventually(async () => {
      for (const x of [edited, untouched]) expect(await server.app.presence.roster(x.s.sessionId)).toEqual([]);
      for (const room of server.app.rooms.all()) if ([edited.boardId, untouched.boardId].includes(room.boardId)) expect(room.connections.size).toBe(0);
    });
    // Retention of 1 day, swept 1 day after `mid`: the cutoff falls between the old rows and the Yjs edit.
    const retention = new Retention({
      storage: server.app.storage, rooms: server.app.rooms, presence: server.app.presence, deletion: server.app.deletion,
      log: server.app.fastify.log, retentionDays: 1, now: () => mid + 24 * 3600 * 1000,
    });
    const deleted = await retention.sweep();
    expect(deleted).toContain(untouched.s.sessionId);
    expect(deleted).not.toContain(edited.s.sessionId);
    expect(await server.app.storage.getSession(edited.s.sessionId)).not.toBeNull();
  });

  it('RETENTION_DAYS is read from the environment: default 365, 0 turns it off', async () => {
    const { loadConfig } = await import('../server/config.ts');
    expect(loadConfig({}, { secret: 'x', dataDir: server.dataDir }).retentionDays).toBe(365);
    expect(loadConfig({ RETENTION_DAYS: '0' }, { secret: 'x', dataDir: server.dataDir }).retentionDays).toBe(0);
    expect(() => loadConfig({ RETENTION_DAYS: '-3' }, { secret: 'x', dataDir: server.dataDir })).toThrow(/RETENTION_DAYS/);
  });
});

describe('group and age band', () => {
  it('are never returned per person: not in /api/me, the roster, the record or held notes — only in aggregates', async () => {
    const s = await createSession(server.url, 'Balance', { privateGather: true });
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(server.url, s.facilitatorToken);
    const r = await join(server.url, s.joinCode, { name: 'Resident', group: 'business_owner', ageBand: '75_plus', consent: true });
    const sock = await connectSocket(server.url, r.token);
    const frames: string[] = [];
    fac.io.engine.on('packet', (p: { data?: unknown }) => frames.push(JSON.stringify(p.data ?? '')));
    await command(sock, 'note:add', { boardId, text: 'Concern' });
    const held = await command(fac, 'notes:held', { boardId });
    const me = await api(server.url, 'GET', '/api/me', undefined, r.token);
    const record = await api(server.url, 'GET', `/api/sessions/${s.sessionId}/record`, undefined, s.facilitatorToken);
    const participation = await api<{ byGroup: Record<string, unknown> }>(server.url, 'GET', `/api/sessions/${s.sessionId}/participation`, undefined, s.facilitatorToken);
    await eventually(() => expect(frames.some((f) => f.includes('members'))).toBe(true));
    const perPerson = [JSON.stringify(held), JSON.stringify(me.body), JSON.stringify(record.body), ...frames.filter((f) => !f.includes('byGroup'))];
    for (const text of perPerson) {
      expect(text).not.toContain('75_plus');
      expect(text).not.toContain('business_owner');
    }
    expect(participation.body.byGroup).toHaveProperty('business_owner'); // the aggregate, by design
    fac.close();
    sock.close();
  });
});
