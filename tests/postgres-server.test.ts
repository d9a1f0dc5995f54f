/**
 * A Yishi server on PostgreSQL (DATABASE_URL): it refuses to start without SECRET, reports its
 * storage in /healthz (503 while the database refuses writes), and what one process writes —
 * sessions, concerns, photos — every other process on the same database reads.
 */
import { describe, expect, it } from 'vitest';
import { api, command, connectProvider, connectSocket, createSession, synced } from './helpers/clients.ts';
import { jpegWithGps } from './helpers/images.ts';
import { createTestSchema, failPostgresWrites, usePostgresServers } from './helpers/postgres.ts';
import { spawnServer } from './helpers/server-process.ts';
import type { TestServer } from './helpers/test-server.ts';
import { notesMap } from '../shared/board-doc.ts';
import { loadConfig } from '../server/config.ts';

interface Health {
  ok: boolean;
  storage: { ok: boolean; kind: string; detail?: string; writeError?: { message: string; code?: string; at: number } };
}

const { db: database, servers, start: startOn } = usePostgresServers();

const start = (databaseUrl: string): Promise<TestServer> => startOn(databaseUrl);

describe('a server on PostgreSQL', () => {
  it('with DATABASE_URL set and no SECRET, refuses to start and says why', async () => {
    const { url } = await createTestSchema(database().url);
    await expect(spawnServer({ DATABASE_URL: url, SECRET: '' })).rejects.toThrow(/DATABASE_URL is set but SECRET is not/);
  });

  it('/healthz reports postgres; a session, a concern and a photo written through one process are read through another', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b] = [await start(url), await start(url)];
    expect(await api<Health>(a.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true, storage: { ok: true, kind: 'postgres' } } });

    const s = await createSession(a.url, 'Courtyard 议事');
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(a.url, s.facilitatorToken);
    const added = await command(fac, 'note:add', { boardId, text: 'The gate does not close 大门关不上' });
    expect(added.ok).toBe(true);
    fac.close();
    const res = await fetch(`${a.url}/api/boards/${boardId}/notes/${added.noteId as string}/photo`, {
      method: 'POST', headers: { authorization: `Bearer ${s.facilitatorToken}`, 'content-type': 'image/jpeg' }, body: new Uint8Array(await jpegWithGps(400, 300)),
    });
    expect(res.status).toBe(201);
    const { photoId } = await res.json() as { photoId: string };

    // The other process: the same session by its join code, the same photo bytes.
    expect(await api(b.url, 'GET', `/api/join/${s.joinCode}`)).toMatchObject({ status: 200 });
    const [fromA, fromB] = await Promise.all([a, b].map(async (srv) => {
      const r = await fetch(`${srv.url}/api/photos/${photoId}/full?token=${s.facilitatorToken}`);
      expect(r.status).toBe(200);
      return Buffer.from(await r.arrayBuffer());
    }));
    expect(fromB!.equals(fromA!)).toBe(true);
    expect(fromB!.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    // After the first process stops, the second serves the board from the database.
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const provider = connectProvider(b.wsUrl, boardId, s.facilitatorToken);
    await synced(provider);
    expect(notesMap(provider.doc).get(added.noteId as string)?.get('text')).toBe('The gate does not close 大门关不上');
    provider.destroy();
  });

  it('/healthz answers 503 with the database\'s error while writes fail, and 200 again once a write succeeds', async () => {
    const { url } = await createTestSchema(database().url);
    const server = await start(url);
    const before = await createSession(server.url, 'Before');
    const broken = await failPostgresWrites(url);
    try {
      // A write to the session this process already holds: the commit itself fails. (A new
      // session would fail earlier, claiming its lease, which is not the store's write.)
      expect((await api(server.url, 'POST', '/api/join', { joinCode: before.joinCode, name: 'While writes fail' })).status).toBe(500);
      const failing = await api<Health>(server.url, 'GET', '/healthz');
      expect(failing.status).toBe(503);
      expect(failing.body.storage).toMatchObject({ ok: false, kind: 'postgres', writeError: { message: 'simulated disk full', code: '53100' } });
      expect((await api(server.url, 'GET', '/healthz')).status).toBe(503);
    } finally {
      await broken.restore();
    }
    // Nobody writes: the health check's own probe finds that writing works again.
    expect(await api<Health>(server.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: { ok: true, storage: { ok: true, kind: 'postgres' } } });
  });
});

describe('DATABASE_URL', () => {
  const load = (env: Record<string, string>) => loadConfig(env, { dataDir: '/nonexistent-not-used' });

  it('selects PostgreSQL with SECRET set; unset or empty, storage stays the SQLite file', () => {
    expect(load({ DATABASE_URL: 'postgres://yishi:pw@db:5432/yishi', SECRET: 's' }).databaseUrl).toBe('postgres://yishi:pw@db:5432/yishi');
    expect(load({ DATABASE_URL: 'postgresql://db/yishi', SECRET: 's' }).databaseUrl).toBe('postgresql://db/yishi');
    expect(load({ DATABASE_URL: ' ', SECRET: 's' }).databaseUrl).toBeNull();
  });

  it('refuses to start without SECRET, and with a URL that is not PostgreSQL\'s (without echoing it)', () => {
    expect(() => load({ DATABASE_URL: 'postgres://db/yishi' })).toThrow(/DATABASE_URL is set but SECRET is not/);
    expect(() => load({ DATABASE_URL: 'mysql://root:hunter2@db/yishi', SECRET: 's' })).toThrow(/^DATABASE_URL must be a PostgreSQL URL such as postgres:\/\/user:password@host:5432\/yishi$/);
    expect(() => load({ DATABASE_URL: 'not a url', SECRET: 's' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
  });
});
