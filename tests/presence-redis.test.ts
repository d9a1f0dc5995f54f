/**
 * Redis presence against a real Redis: the contract, plus what only a shared store has to
 * keep — cross-process rosters and notices, a killed process's entries lapsing, outages.
 * Fails (never skips) when Redis is unreachable: set REDIS_URL if it is not on 127.0.0.1:6379.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Presence } from '../server/presence/presence.ts';
import { createRedisPresence } from '../server/presence/redis-presence.ts';
import { presenceContract, presenceEntry, recordChanges } from './contract/presence.contract.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `yishi-test:presence:${process.pid}:${randomUUID().slice(0, 8)}:`;
const created: Presence[] = [];

async function create(serverId: string, extra: { ttlMs?: number; heartbeatMs?: number; url?: string } = {}) {
  const presence = await createRedisPresence({ url: REDIS_URL, serverId, keyPrefix, ttlMs: 5_000, ...extra });
  created.push(presence);
  return presence;
}

async function adminClient() {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on('error', () => {});
  await client.connect();
  return client;
}

let reachable: Promise<void> | null = null;
/** Checked once, awaited by every test, so that each one fails (not skips) without Redis. */
function requireRedis(): Promise<void> {
  reachable ??= adminClient().then(
    (admin) => admin.close(),
    (error: unknown) => {
      throw new Error(`Redis at ${REDIS_URL} is unreachable (set REDIS_URL): ${String(error)}`);
    },
  );
  return reachable;
}

async function cleanup(): Promise<void> {
  await Promise.all(created.splice(0).map((p) => p.close()));
  if (!(await requireRedis().then(() => true, () => false))) return;
  const admin = await adminClient();
  for await (const keys of admin.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await admin.del(keys);
  }
  await admin.close();
}

beforeEach(requireRedis);
afterAll(cleanup);

presenceContract('redis', async () => ({ create: (serverId) => create(serverId), cleanup }), { sharedStore: true });

/** Forwards TCP to Redis until stopped, to take Redis "away" from one client only. */
async function tcpProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((inbound) => {
        const outbound = net.connect(Number(target.port || 6379), target.hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('error', () => {});
          s.on('close', () => {
            sockets.delete(s);
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = null;
    });
  await start();
  const url = new URL(REDIS_URL);
  url.host = `127.0.0.1:${port}`;
  return { url: url.toString(), start, stop };
}

describe('redis presence across processes', () => {
  let child: ChildProcessWithoutNullStreams | null = null;
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = null;
    await cleanup();
  });

  it("two instances with different serverIds see each other's entries and hear each other's changes", async () => {
    const a = await create('server-a');
    const b = await create('server-b');
    const heardByA = recordChanges(a);
    const heardByB = recordChanges(b);
    const sessionId = `session-${randomUUID()}`;
    const fromA = presenceEntry({ sessionId, serverId: 'server-a', since: 1 });
    const fromB = presenceEntry({ sessionId, serverId: 'server-b', since: 2 });

    await a.join(fromA);
    await heardByB.waitFor(sessionId);
    await b.join(fromB);
    await heardByA.waitFor(sessionId);
    for (const p of [a, b]) expect(await p.roster(sessionId)).toEqual([fromA, fromB]);

    heardByA.clear();
    await b.leave(fromB.connectionId);
    await heardByA.waitFor(sessionId);
    expect(await a.roster(sessionId)).toEqual([fromA]);
  });

  it('a process killed with SIGKILL keeps its entries while alive and loses them within ttl + one sweep, and the others are told', async () => {
    const ttlMs = 1_500;
    const heartbeatMs = 300;
    const sessionId = `session-${randomUUID()}`;
    const script = fileURLToPath(new URL('./fixtures/presence-child.ts', import.meta.url));
    const proc = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        REDIS_URL,
        PRESENCE_PREFIX: keyPrefix,
        PRESENCE_SESSION: sessionId,
        PRESENCE_TTL_MS: String(ttlMs),
        PRESENCE_HEARTBEAT_MS: String(heartbeatMs),
      },
    });
    child = proc;
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').includes('ready')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`presence-child exited (${code}) before ready: ${stderr}`)));
    });

    const observer = await create('observer', { ttlMs, heartbeatMs });
    expect((await observer.roster(sessionId)).map((e) => [e.connectionId, e.serverId])).toEqual([
      ['child-conn-1', 'child'],
      ['child-conn-2', 'child'],
    ]);
    // Twice the TTL: only the child's heartbeat can have kept its entries.
    await new Promise((resolve) => setTimeout(resolve, 2 * ttlMs));
    expect(await observer.roster(sessionId)).toHaveLength(2);

    const heard = recordChanges(observer);
    // Never read the roster, so it does not sweep this session: it can only hear the sweeper.
    const bystander = await create('bystander', { ttlMs, heartbeatMs });
    const heardByBystander = recordChanges(bystander);
    const killedAt = Date.now();
    proc.kill('SIGKILL');
    await exited;
    await vi.waitFor(() => expect(heard.sessions()).toContain(sessionId), { timeout: 10_000, interval: 20 });
    const toldAfter = heard.calls.find((c) => c.sessionId === sessionId)!.at - killedAt;
    // ttl + one sweep interval, plus slack for a loaded machine.
    expect(toldAfter).toBeLessThan(ttlMs + heartbeatMs + 700);
    expect(await observer.roster(sessionId)).toEqual([]);
    await heardByBystander.waitFor(sessionId);
  });

  it("entries Redis lost (flush, failover) are written back by the owner's next heartbeat, and the others are told", async () => {
    const owner = await create('owner', { ttlMs: 1_500, heartbeatMs: 300 });
    const observer = await create('observer', { ttlMs: 1_500, heartbeatMs: 300 });
    const entry = presenceEntry({ serverId: 'owner' });
    const heard = recordChanges(observer);
    await owner.join(entry);
    await heard.waitFor(entry.sessionId);
    heard.clear();
    const heardByOwner = recordChanges(owner);
    const admin = await adminClient();
    const deleted = await admin.del([`${keyPrefix}presence:{${entry.sessionId}}:entries`, `${keyPrefix}presence:{${entry.sessionId}}:expiry`]);
    await admin.close();
    expect(deleted).toBe(2);

    await heard.waitFor(entry.sessionId);
    await heardByOwner.waitFor(entry.sessionId);
    expect(await observer.roster(entry.sessionId)).toEqual([entry]);
  });

  it('a roster read drops lapsed entries and entries without an expiry, deletes the lapsed ones, and announces it', async () => {
    const reader = await create('reader');
    const listener = await create('listener');
    const heardByListener = recordChanges(listener);
    const heardByReader = recordChanges(reader);
    const live = presenceEntry({ serverId: 'reader' });
    await reader.join(live);
    await heardByListener.waitFor(live.sessionId);
    heardByListener.clear();
    heardByReader.clear();
    // Written as a process that died long ago would have left them, and as a stray hash field.
    const lapsed = presenceEntry({ sessionId: live.sessionId, serverId: 'dead' });
    const stray = presenceEntry({ sessionId: live.sessionId, serverId: 'dead' });
    const [entriesKey, expiryKey] = [`${keyPrefix}presence:{${live.sessionId}}:entries`, `${keyPrefix}presence:{${live.sessionId}}:expiry`];
    const admin = await adminClient();
    try {
      await admin.hSet(entriesKey, { [lapsed.connectionId]: JSON.stringify(lapsed), [stray.connectionId]: JSON.stringify(stray) });
      await admin.zAdd(expiryKey, { score: Date.now() - 1_000, value: lapsed.connectionId });

      expect(await reader.roster(live.sessionId)).toEqual([live]);
      expect(await admin.zScore(expiryKey, lapsed.connectionId)).toBeNull();
      expect(await admin.hExists(entriesKey, lapsed.connectionId)).toBe(0);
    } finally {
      await admin.close();
    }
    await heardByReader.waitFor(live.sessionId);
    await heardByListener.waitFor(live.sessionId);
  });

  it('health reports ok:false with the reason while Redis is unreachable, the process survives, and it recovers', async () => {
    const proxy = await tcpProxy(new URL(REDIS_URL));
    try {
      const cut = await create('cut-off', { url: proxy.url, ttlMs: 1_500, heartbeatMs: 300 });
      const observer = await create('observer');
      const entry = presenceEntry({ serverId: 'cut-off' });
      await cut.join(entry);
      expect(await cut.health()).toEqual({ ok: true, kind: 'redis' });
      const missed = presenceEntry({ serverId: 'observer' });
      expect(await cut.roster(missed.sessionId)).toEqual([]);

      await proxy.stop();
      await vi.waitFor(
        async () => {
          const health = await cut.health();
          expect(health.ok).toBe(false);
          expect(health.detail).toMatch(/\w/);
        },
        { timeout: 5_000, interval: 50 },
      );
      // Cut off, it answers with its own view (its own connections) instead of failing.
      expect(await cut.roster(entry.sessionId)).toEqual([entry]);
      await observer.join(missed);
      // Unreachable long enough for the entry to lapse: the survivors must see it gone...
      await vi.waitFor(async () => expect(await observer.roster(entry.sessionId)).toEqual([]), { timeout: 5_000, interval: 100 });

      // ...and back once its owner can heart-beat again; and the session it watched, which
      // changed while it could not hear, is reported to its listeners.
      const heardByCut = recordChanges(cut);
      await proxy.start();
      await vi.waitFor(async () => expect(await cut.health()).toEqual({ ok: true, kind: 'redis' }), { timeout: 10_000, interval: 100 });
      await vi.waitFor(async () => expect(await observer.roster(entry.sessionId)).toEqual([entry]), { timeout: 5_000, interval: 100 });
      await heardByCut.waitFor(missed.sessionId);
      // Its subscription is back too: it hears the others again.
      const later = presenceEntry({ serverId: 'observer' });
      await observer.join(later);
      await heardByCut.waitFor(later.sessionId);
    } finally {
      await proxy.stop();
    }
  });

  it('createRedisPresence rejects at once when Redis is unreachable at start, instead of waiting forever', async () => {
    const proxy = await tcpProxy(new URL(REDIS_URL));
    await proxy.stop();
    const startedAt = Date.now();
    await expect(createRedisPresence({ url: proxy.url, serverId: 'nowhere', keyPrefix })).rejects.toThrow();
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it('createRedisPresence refuses a heartbeat that is not shorter than the TTL', async () => {
    await expect(createRedisPresence({ url: REDIS_URL, serverId: 'x', keyPrefix, ttlMs: 1_000, heartbeatMs: 1_000 })).rejects.toThrow(RangeError);
  });
});
