/**
 * /healthz tells the truth about storage: a server whose writes fail (a full disk) is not
 * healthy just because reads still work. The failure is real: the database file gets triggers
 * that roll back every insert, as SQLite does when the disk is full.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, createSession } from './helpers/clients.ts';
import { failSqliteWrites } from './helpers/sqlite-faults.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';

interface Health {
  ok: boolean;
  storage: { ok: boolean; kind: string; detail?: string; writeError?: { message: string; code?: string; at: number } };
  presence: { ok: boolean };
}

describe('/healthz and storage writes', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const health = () => api<Health>(server.url, 'GET', '/healthz');

  it('answers 503 with the writer\'s last error while writes fail, and 200 again once a write succeeds', async () => {
    await createSession(server.url, 'Before the disk filled');
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, storage: { ok: true, kind: 'sqlite' } } });

    const broken = await failSqliteWrites(path.join(server.dataDir, 'yishi.db'));
    let restored = false;
    try {
      const refused = await api(server.url, 'POST', '/api/sessions', { title: 'While the disk is full' });
      expect(refused.status).toBe(500);
      const failing = await health();
      expect(failing.status).toBe(503);
      expect(failing.body.ok).toBe(false);
      expect(failing.body.storage).toMatchObject({ ok: false, kind: 'sqlite', writeError: { message: 'simulated disk full', at: expect.any(Number) } });
      expect(failing.body.storage.detail).toMatch(/the last write failed: simulated disk full/);
      // Asked again (the store probes with a write of its own): still failing, still 503.
      expect((await health()).status).toBe(503);
      await broken.restore();
      restored = true;
    } finally {
      if (!restored) await broken.restore();
    }

    await createSession(server.url, 'After the disk was freed');
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, storage: { ok: true } } });
  });
});
