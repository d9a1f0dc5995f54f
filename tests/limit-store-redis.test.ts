/**
 * The Redis limit store against a real Redis: the contract, plus failing open when Redis cannot
 * be reached. Fails (never skips) when Redis is unreachable: set REDIS_URL if it is not on
 * 127.0.0.1:6379.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failOpen, type LimitStore } from '../server/limits/limit-store.ts';
import { createRedisLimitStore } from '../server/limits/redis-limit-store.ts';
import { limitStoreContract } from './contract/limit-store.contract.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `yishi-test:limit-store:${process.pid}:${randomUUID().slice(0, 8)}:`;

beforeAll(async () => {
  const probe = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  probe.on('error', () => {});
  await probe.connect().catch((err: unknown) => {
    throw new Error(`Redis at ${REDIS_URL} is unreachable (set REDIS_URL): ${String(err)}`);
  });
  await probe.close();
});

afterAll(async () => {
  // Counters expire on their own; this only tidies up after the run.
  const admin = createClient({ url: REDIS_URL });
  admin.on('error', () => {});
  await admin.connect();
  const keys = await admin.keys(`${keyPrefix}*`);
  if (keys.length > 0) await admin.del(keys);
  await admin.close();
});

limitStoreContract('redis', async () => {
  const created: LimitStore[] = [];
  return {
    create: async () => {
      const store = await createRedisLimitStore({ url: REDIS_URL, keyPrefix });
      created.push(store);
      return store;
    },
    cleanup: async () => {
      await Promise.all(created.map((s) => s.close()));
    },
  };
}, { sharedStore: true });

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function deadPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('redis limit store without Redis', () => {
  it('fails open: every add lets the request through, with one log line for the outage, not one per request', async () => {
    const lines: string[] = [];
    const raw = await createRedisLimitStore({ url: `redis://127.0.0.1:${await deadPort()}`, keyPrefix, connectWaitMs: 300 });
    const store = failOpen(raw, { warn: (msg) => lines.push(msg) });
    try {
      for (let i = 0; i < 20; i++) expect(await store.add('k', 1, 60_000)).toEqual({ count: 0, resetMs: 0 });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/redis store failed .*requests pass unlimited/);
    } finally {
      await store.close();
    }
  });

  it('a store that does not answer in time fails open too', async () => {
    const lines: string[] = [];
    const hanging: LimitStore = { kind: 'redis', add: () => new Promise(() => {}), close: async () => {} };
    const store = failOpen(hanging, { warn: (msg) => lines.push(msg) }, 50);
    expect(await store.add('k', 1, 60_000)).toEqual({ count: 0, resetMs: 0 });
    expect(lines[0]).toMatch(/no answer within 50 ms/);
  });
});
