/**
 * Join limits across processes: two app instances sharing REDIS_URL count wrong codes into the
 * same windows, so spreading guesses over the processes behind a load balancer gains nothing.
 * Fails (never skips) when Redis is unreachable.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisPair, testLimits, type TestServer } from './helpers/test-server.ts';
import { createSession } from './helpers/clients.ts';

const limits = { ...testLimits, keyPrefix: `yishi-test:join-limits:${randomUUID().slice(0, 8)}:` };
let a: TestServer;
let b: TestServer;
let redisUrl: string;
let dataDir: string;

beforeAll(async () => {
  ({ a, b, redisUrl, dataDir } = await startRedisPair('limits', { limits }));
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  rmSync(dataDir, { recursive: true, force: true });
  const admin = createClient({ url: redisUrl });
  await admin.connect();
  const keys = await admin.keys(`${limits.keyPrefix}*`);
  if (keys.length > 0) await admin.del(keys);
  await admin.close();
});

const joinWrong = async (s: TestServer, code: string) => {
  const res = await fetch(`${s.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ joinCode: code }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
};

describe('join limits across processes (REDIS_URL)', () => {
  it('wrong codes sent to two processes are counted together: 20 on A and 10 on B, then both answer 429; a code used on A is known on B', async () => {
    const session = await createSession(a.url, 'Shared count');
    for (let k = 0; k < 20; k++) expect((await joinWrong(a, `WXYQ333${'4679'[k % 4]}`)).status).toBe(404);
    for (let k = 0; k < 10; k++) expect((await joinWrong(b, `WXYQ444${'3679'[k % 4]}`)).status).toBe(404);
    for (const s of [a, b]) {
      const r = await joinWrong(s, 'WXYQ6666');
      expect(r.status).toBe(429);
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    // Created through A from this address: B knows the code is this address's own.
    expect((await fetch(`${b.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ joinCode: session.joinCode }) })).status).toBe(200);
  });
});
