/**
 * An acknowledgement means durable: a server killed with SIGKILL right after N command acks and
 * N relayed Yjs updates has every one of them after restart, on SQLite and on PostgreSQL (a
 * fresh database per run). Also: SIGTERM stops gracefully.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { spawnServer } from './helpers/server-process.ts';
import { api, command, connectSocket, createSession, eventually, joinAsExpert } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';
import { createTestDatabase } from './helpers/postgres.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'yishi-crash-'));
  dirs.push(d);
  return d;
}

/**
 * N concurrent command acks and N relayed Yjs updates, a SIGKILL, a restart on the same storage:
 * all of them are there. `storageEnv` is asked once per process (on PostgreSQL each gets its own
 * DATA_DIR, so nothing can come back from a local file).
 */
async function ackedSurviveSigkill(kind: 'sqlite' | 'postgres', storageEnv: () => Record<string, string>): Promise<void> {
  const N = 25;
  const first = await spawnServer({ ...storageEnv(), SECRET: 'crash-test-secret' });
  expect(await api(first.url, 'GET', '/healthz')).toMatchObject({ status: 200, body: { storage: { kind } } });
  const s = await createSession(first.url, 'Crash test');
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(first.url, s.facilitatorToken);
  // N notes added concurrently: each ack must mean the note is on disk.
  const acks = await Promise.all(Array.from({ length: N }, (_, i) => command(fac, 'note:add', { boardId, text: `concern ${i}` })));
  expect(acks.every((a) => a.ok)).toBe(true);
  const noteIds = acks.map((a) => a.noteId as string);

  const expert = await joinAsExpert(first.url, s.sessionId, s.facilitatorToken);
  const writer = await connectRaw(first.wsUrl, boardId, expert.token);
  const observer = await connectRaw(first.wsUrl, boardId, s.facilitatorToken);
  await Promise.all([writer.synced, observer.synced]);
  // N layout updates; each counts once the observer received it (relay happens only after commit).
  for (let i = 0; i < N; i++) {
    const sv = Y.encodeStateVector(writer.doc);
    (writer.doc.getMap('notes').get(noteIds[i]!) as Y.Map<unknown>).set('x', 5000 + i);
    writer.sendUpdate(Y.encodeStateAsUpdate(writer.doc, sv));
  }
  await eventually(() => {
    for (let i = 0; i < N; i++) expect((observer.doc.getMap('notes').get(noteIds[i]!) as Y.Map<unknown>).get('x')).toBe(5000 + i);
  }, 10_000);
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  fac.close();

  const second = await spawnServer({ ...storageEnv(), SECRET: 'crash-test-secret' });
  try {
    // On PostgreSQL the killed process's lease on the session lives on until it lapses: until
    // then the new process closes the board with 1012 (serve elsewhere), and a provider reconnects.
    let check = await connectRaw(second.wsUrl, boardId, s.facilitatorToken);
    for (let attempt = 0; ; attempt++) {
      const first = await Promise.race([check.synced.then(() => 'synced' as const), check.closed]);
      if (first === 'synced') break;
      expect(first.code, `attempt ${attempt}: ${first.reason}`).toBe(1012);
      await new Promise((r) => setTimeout(r, 300));
      check = await connectRaw(second.wsUrl, boardId, s.facilitatorToken);
    }
    const notes = check.doc.getMap('notes').toJSON() as Record<string, { text: string; x: number }>;
    for (let i = 0; i < N; i++) {
      expect(notes[noteIds[i]!]?.text).toBe(`concern ${i}`);
      expect(notes[noteIds[i]!]?.x).toBe(5000 + i);
    }
    check.close();
  } finally {
    second.child.kill('SIGKILL');
    await second.exited;
  }
}

describe('durability', () => {
  it('every acked command and every relayed Yjs update survives SIGKILL', () => {
    const dir = dataDir();
    return ackedSurviveSigkill('sqlite', () => ({ DATA_DIR: dir }));
  }, 60_000);

  describe('on PostgreSQL', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('every acked command and every relayed Yjs update survives SIGKILL', () =>
      ackedSurviveSigkill('postgres', () => ({ DATA_DIR: dataDir(), DATABASE_URL: db.url, LEASE_MS: '2000' })), 60_000);
  });

  it('SIGTERM closes connections, flushes and exits 0 within 10 s', async () => {
    const dir = dataDir();
    const srv = await spawnServer({ DATA_DIR: dir });
    const s = await createSession(srv.url, 'Shutdown');
    const fac = await connectSocket(srv.url, s.facilitatorToken);
    const kicked: unknown[] = [];
    fac.on('kicked', (k) => kicked.push(k));
    const yjs = await connectRaw(srv.wsUrl, s.boards[0]!.id, s.facilitatorToken);
    await yjs.synced;
    const started = Date.now();
    srv.child.kill('SIGTERM');
    const exit = await srv.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await yjs.closed).code).toBe(1001);
    // A shutdown is not a removal: clients are not told they were kicked.
    expect(kicked).toEqual([]);
    fac.close();
  }, 30_000);
});
