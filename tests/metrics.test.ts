/**
 * `/metrics` (README "Metrics"): Prometheus text on METRICS_PORT only, with counters and
 * histograms that move when real clients work — a Socket.IO command, a Yjs edit through the
 * stock provider — labelled by kinds, never by ids.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Socket } from 'socket.io-client';
import { startServer, testSecret, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, synced, type ProviderClient } from './helpers/clients.ts';
import { failSqliteWrites } from './helpers/sqlite-faults.ts';
import { createTestDatabase, createTestSchema } from './helpers/postgres.ts';
import { loadConfig } from '../server/config.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

/** The samples of a text exposition, keyed `name{label="v",...}` with labels in the order printed. */
async function scrape(server: TestServer): Promise<{ status: number; contentType: string | null; text: string; samples: Map<string, number> }> {
  const url = server.app.metricsUrl();
  if (!url) throw new Error('metrics are off on this server');
  const res = await fetch(`${url}/metrics`);
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, samples };
}

/** One sample by name and labels (any order); undefined when absent. */
function sample(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const [key, value] of samples) {
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    const got = Object.fromEntries([...(brace < 0 ? '' : key.slice(brace)).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.keys(labels).length === Object.keys(got).length && Object.entries(labels).every(([k, v]) => got[k] === v)) return value;
  }
  return undefined;
}

describe('/metrics on METRICS_PORT', () => {
  let server: TestServer;
  let session: CreateSessionResponse;
  let boardId: string;
  let fac: Socket;
  let residentToken: string;

  beforeAll(async () => {
    server = await startServer({ metricsPort: 0, roomIdleMs: 500 });
    session = await createSession(server.url);
    boardId = session.boards[0]!.id;
    fac = await connectSocket(server.url, session.facilitatorToken);
    residentToken = (await join(server.url, session.joinCode, { name: 'Wang' })).token;
  });

  afterAll(async () => {
    fac?.close();
    await server?.close();
  });

  it('is not served on the public port (404), and is served on its own in the Prometheus text format', async () => {
    const onPublic = await api(server.url, 'GET', '/metrics');
    expect(onPublic.status).toBe(404);
    expect(server.app.metricsUrl()).not.toBe(server.url);
    const m = await scrape(server);
    expect(m.status).toBe(200);
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['yishi_connections', 'yishi_commands_total', 'yishi_command_duration_seconds', 'yishi_commit_duration_seconds', 'yishi_fanout_delay_seconds', 'yishi_boards_loaded', 'yishi_board_unloads_total', 'process_cpu_user_seconds_total']) {
      expect(m.text).toContain(`# TYPE ${name} `);
    }
    // Only GET /metrics: nothing else is answered on the metrics port either.
    expect((await fetch(`${server.app.metricsUrl()}/healthz`)).status).toBe(404);
  });

  it('counts commands by name and outcome (ok, or the error code), with their latency, and storage commits by kind', async () => {
    const before = (await scrape(server)).samples;
    const commitsBefore = sample(before, 'yishi_commit_duration_seconds_count', { storage: 'sqlite', outcome: 'ok' }) ?? 0;
    expect((await command(fac, 'note:add', { boardId, text: 'Broken lift' })).ok).toBe(true);
    expect((await command(fac, 'note:add', { boardId, text: 'Parking at night' })).ok).toBe(true);
    expect(await command(fac, 'note:add', { boardId })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const after = (await scrape(server)).samples;
    expect(sample(after, 'yishi_commands_total', { command: 'note:add', outcome: 'ok' })).toBe(2);
    expect(sample(after, 'yishi_commands_total', { command: 'note:add', outcome: 'VALIDATION' })).toBe(1);
    expect(sample(after, 'yishi_command_duration_seconds_count', { command: 'note:add' })).toBe(3);
    expect(sample(after, 'yishi_command_duration_seconds_sum', { command: 'note:add' })).toBeGreaterThan(0);
    expect(sample(after, 'yishi_command_duration_seconds_bucket', { command: 'note:add', le: '+Inf' })).toBe(3);
    // Each added note is one durable commit at least (the refused one commits nothing).
    expect(sample(after, 'yishi_commit_duration_seconds_count', { storage: 'sqlite', outcome: 'ok' })! - commitsBefore).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'yishi_commit_duration_seconds_count', { storage: 'sqlite', outcome: 'error' })).toBeUndefined();
  });

  it('counts live connections by transport and role, never by id, and a Yjs edit is timed from commit to fan-out', async () => {
    const resident = await connectSocket(server.url, residentToken);
    const a = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
    const b = connectProvider(server.wsUrl, boardId, residentToken);
    const providers: ProviderClient[] = [a, b];
    try {
      await Promise.all(providers.map(synced));
      const m = await scrape(server);
      expect(sample(m.samples, 'yishi_connections', { transport: 'socketio', role: 'facilitator' })).toBe(1);
      expect(sample(m.samples, 'yishi_connections', { transport: 'socketio', role: 'resident' })).toBe(1);
      expect(sample(m.samples, 'yishi_connections', { transport: 'yjs', role: 'facilitator' })).toBe(1);
      expect(sample(m.samples, 'yishi_connections', { transport: 'yjs', role: 'resident' })).toBe(1);
      expect(sample(m.samples, 'yishi_connections', { transport: 'yjs', role: 'screen' })).toBe(0);
      expect(sample(m.samples, 'yishi_boards_loaded')).toBe(1);
      // Cardinality: no label value anywhere is a participant, session or board id.
      for (const id of [session.sessionId, boardId, session.facilitatorToken]) expect(m.text).not.toContain(id);

      const fannedBefore = sample(m.samples, 'yishi_fanout_delay_seconds_count') ?? 0;
      const noteId = Object.keys(a.doc.getMap('notes').toJSON())[0]!;
      (a.doc.getMap('notes').get(noteId) as Y.Map<unknown>).set('x', 321);
      await eventually(() => expect((b.doc.getMap('notes').get(noteId) as Y.Map<unknown>).get('x')).toBe(321));
      const edited = (await scrape(server)).samples;
      expect(sample(edited, 'yishi_fanout_delay_seconds_count')! - fannedBefore).toBeGreaterThanOrEqual(1);
      expect(sample(edited, 'yishi_fanout_delay_seconds_sum')).toBeGreaterThan(0);
    } finally {
      for (const p of providers) p.destroy();
      resident.close();
    }
    await eventually(async () => {
      const m = (await scrape(server)).samples;
      expect(sample(m, 'yishi_connections', { transport: 'yjs', role: 'facilitator' })).toBe(0);
      expect(sample(m, 'yishi_connections', { transport: 'socketio', role: 'resident' })).toBe(0);
    });
  });

  it('counts a board leaving memory by reason', async () => {
    fac.close();
    // ROOM_IDLE_MS is 500 here; the idle sweep runs every second.
    await eventually(async () => {
      const m = (await scrape(server)).samples;
      expect(sample(m, 'yishi_board_unloads_total', { reason: 'idle' })).toBe(1);
      expect(sample(m, 'yishi_boards_loaded')).toBe(0);
    }, 8000);
  });
});

describe('one registry per app', () => {
  it('a second app counts only its own work, including commits that failed', async () => {
    const other = await startServer({ metricsPort: 0 });
    try {
      await createSession(other.url, 'Before the disk filled');
      const broken = await failSqliteWrites(path.join(other.dataDir, 'yishi.db'));
      try {
        expect((await api(other.url, 'POST', '/api/sessions', { title: 'While the disk is full' })).status).toBe(500);
      } finally {
        await broken.restore();
      }
      const m = (await scrape(other)).samples;
      expect(sample(m, 'yishi_commit_duration_seconds_count', { storage: 'sqlite', outcome: 'error' })).toBe(1);
      expect(sample(m, 'yishi_commit_duration_seconds_count', { storage: 'sqlite', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(sample(m, 'yishi_commands_total', { command: 'note:add', outcome: 'ok' })).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('on PostgreSQL, commits are labelled storage="postgres"', async () => {
    const db = await createTestDatabase();
    try {
      const pgServer = await startServer({ metricsPort: 0, databaseUrl: (await createTestSchema(db.url)).url });
      try {
        await createSession(pgServer.url, 'On PostgreSQL');
        const m = (await scrape(pgServer)).samples;
        expect(sample(m, 'yishi_commit_duration_seconds_count', { storage: 'postgres', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
        expect(sample(m, 'yishi_commit_duration_seconds_count', { storage: 'sqlite', outcome: 'ok' })).toBeUndefined();
      } finally {
        await pgServer.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('/metrics on the public port is 404 even with the client built (not the app page a client route gets)', async () => {
    const clientDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-metrics-client-'));
    mkdirSync(clientDir, { recursive: true });
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Yishi</title><div id="app"></div>');
    const built = await startServer({ metricsPort: 0 }, { clientDir });
    try {
      expect((await fetch(`${built.url}/j/ABCDEF`)).status).toBe(200);
      const res = await fetch(`${built.url}/metrics`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<!doctype html>');
      expect((await fetch(`${built.app.metricsUrl()}/metrics`)).status).toBe(200);
    } finally {
      await built.close();
      rmSync(clientDir, { recursive: true, force: true });
    }
  });

  it('without METRICS_PORT nothing is listening and nothing is counted', async () => {
    const plain = await startServer();
    try {
      expect(plain.app.metricsUrl()).toBeNull();
      expect(plain.app.metrics).toBeNull();
      expect((await api(plain.url, 'GET', '/metrics')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('METRICS_PORT', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-metrics-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ SECRET: testSecret, DATA_DIR: dataDir, ...env });

  it('is off when unset or empty, a port when set, and may not be the public port', () => {
    expect(load({}).metricsPort).toBeNull();
    expect(load({ METRICS_PORT: ' ' }).metricsPort).toBeNull();
    expect(load({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => load({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be a non-negative integer/);
    expect(() => load({ PORT: '3000', METRICS_PORT: '3000' })).toThrow(/METRICS_PORT must differ from PORT/);
  });
});
