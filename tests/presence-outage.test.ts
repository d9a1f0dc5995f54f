/**
 * A whole Yishi server with REDIS_URL pointing at a private Redis that the test kills and
 * restarts (empty, as after a crash): during the outage the server keeps running and its roster
 * follows its own connections; when Redis is back, every live connection is written back at
 * once, so the roster is right within 5 s and never claims that nobody is online.
 */
import { createClient } from 'redis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RosterPush } from '../shared/socket-protocol.ts';
import { api, connectSocket, createSession, join } from './helpers/clients.ts';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';

let redis: PrivateRedis;
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  server = await startServer({ redisUrl: redis.url, serverId: 'outage' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
  await redis?.stop();
});

async function connect(token: string): Promise<Socket> {
  const s = await connectSocket(server.url, token);
  sockets.push(s);
  return s;
}

const health = async () => (await api<{ ok: boolean; presence: { ok: boolean } }>(server.url, 'GET', '/healthz')).body;

describe('presence through a Redis outage', () => {
  it('keeps the local roster during the outage, re-announces every connection within 5 s of Redis returning empty, and pushes resume', async () => {
    const session = await createSession(server.url);
    const fac = await connect(session.facilitatorToken);
    const pushes: RosterPush[] = [];
    fac.on('roster', (r: RosterPush) => pushes.push(r));
    const residents: Socket[] = [];
    for (let i = 0; i < 3; i++) residents.push(await connect((await join(server.url, session.joinCode)).token));
    await vi.waitFor(() => expect(pushes.at(-1)?.online).toBe(4), { timeout: 5_000, interval: 20 });

    await redis.kill();
    await vi.waitFor(async () => expect((await health()).presence.ok).toBe(false), { timeout: 5_000, interval: 50 });
    // The outage is no reason to show a stale head-count: a resident leaves and the roster says so.
    residents.pop()!.close();
    await vi.waitFor(() => expect(pushes.at(-1)?.online).toBe(3), { timeout: 5_000, interval: 20 });
    // The server keeps serving people meanwhile (storage does not need Redis).
    expect((await api(server.url, 'GET', '/api/me', undefined, session.facilitatorToken)).status).toBe(200);
    // Long enough for the reconnect attempts to back off to their longest interval (2 s).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await health()).presence.ok).toBe(false);

    const sinceRestart = pushes.length;
    await redis.restart();
    const admin = createClient({ url: redis.url, socket: { reconnectStrategy: false } });
    admin.on('error', () => {});
    await admin.connect();
    try {
      // Every live connection of the process (the facilitator and two residents) is back in Redis.
      await vi.waitFor(async () => {
        expect(await admin.hLen(`yishi:presence:{${session.sessionId}}:entries`)).toBe(3);
        expect(await admin.zCard(`yishi:presence:{${session.sessionId}}:expiry`)).toBe(3);
      }, { timeout: 5_000, interval: 50 });
      await vi.waitFor(async () => expect(await health()).toMatchObject({ ok: true, presence: { ok: true } }), { timeout: 5_000, interval: 50 });
      // The room was told (a push after the restart), with the right figure.
      await vi.waitFor(() => expect(pushes.slice(sinceRestart).length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    } finally {
      await admin.close();
    }
    // Pushes after the restart never claimed an empty room.
    expect(pushes.slice(sinceRestart).map((p) => p.online).filter((n) => n !== 3)).toEqual([]);

    // And they follow joins again, through Redis.
    await connect((await join(server.url, session.joinCode)).token);
    await vi.waitFor(() => expect(pushes.at(-1)?.online).toBe(4), { timeout: 5_000, interval: 20 });
  });
});
