/**
 * Redis gone for longer than node-redis queues commands (5 s), and Redis stuck (SIGSTOP:
 * connections open, nothing answered). Commands the server sent it then fail inside node-redis,
 * late or on shutdown: the adapter's cross-process publishes and unsubscribes, the health check's
 * PING, the limit counters. None of those failures may go unheard (an unhandled rejection ends a
 * Node process, and fails this test file: CI saw exactly that), the hall keeps working meanwhile,
 * health says presence is down and then up again, and the server stops with Redis stuck.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, command, connectSocket, createSession, join } from './helpers/clients.ts';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';

let redis: PrivateRedis;
let server: TestServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  server = await startServer({ redisUrl: redis.url, serverId: 'stall' });
});
afterAll(async () => {
  redis?.resume();
  for (const s of sockets) s.close();
  await server?.close();
  await redis?.stop();
});

const health = async () => (await api<{ ok: boolean; presence: { ok: boolean; detail?: string } }>(server.url, 'GET', '/healthz')).body;

describe('Redis gone for more than 5 s, or stuck', () => {
  it('serves commands, pushes and joins meanwhile, reports presence down then up, and loses no failure to an unhandled rejection', async () => {
    const session = await createSession(server.url);
    const boardId = session.boards[0]!.id;
    const fac = await connectSocket(server.url, session.facilitatorToken);
    sockets.push(fac);
    const resident = await connectSocket(server.url, (await join(server.url, session.joinCode)).token);
    sockets.push(resident);

    await redis.kill();
    // A push to the whole session goes out through the adapter's publish, which node-redis queues
    // while it reconnects and fails after 5 s; this process's own sockets get it at once all the same.
    const goto = new Promise((resolve) => resident.once('board:goto', resolve));
    expect(await command(fac, 'board:bring', { boardId })).toMatchObject({ ok: true });
    await expect(goto).resolves.toMatchObject({ boardId });
    // Health stops claiming presence works (its PING gives up after 2 s).
    await vi.waitFor(async () => expect((await health()).presence.ok).toBe(false), { timeout: 15_000, interval: 200 });
    // New residents still get in: the join limits let requests through when they cannot count.
    const late = await api<{ token: string }>(server.url, 'POST', '/api/join', { joinCode: session.joinCode });
    expect(late.status).toBe(200);
    // Past node-redis's 5 s command timeout, every command sent above has failed inside the
    // client; a failure nobody handled would be reported against this file by vitest.
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(await command(fac, 'board:bring', { boardId })).toMatchObject({ ok: true });

    await redis.restart();
    await vi.waitFor(async () => expect(await health()).toMatchObject({ ok: true, presence: { ok: true } }), { timeout: 15_000, interval: 200 });
    const started = Date.now();
    await server.close();
    // Not a timing assertion on speed: a stop that waited on Redis forever would never get here;
    // the figure is printed for the record.
    console.log(`server stopped ${Date.now() - started} ms after Redis answered again`);
  });

  it('a Redis that is stuck (SIGSTOP: connections open, nothing answered) holds neither tablets nor the stop', async () => {
    const stuck = await startPrivateRedis();
    const other = await startServer({ redisUrl: stuck.url, serverId: 'stuck' });
    const opened: Socket[] = [];
    try {
      const session = await createSession(other.url);
      const boardId = session.boards[0]!.id;
      const fac = await connectSocket(other.url, session.facilitatorToken);
      opened.push(fac);
      stuck.pause();
      // A tablet arriving now connects and is heard, although presence cannot write its entry.
      const resident = await connectSocket(other.url, (await join(other.url, session.joinCode)).token);
      opened.push(resident);
      const goto = new Promise((resolve) => resident.once('board:goto', resolve));
      expect(await command(fac, 'board:bring', { boardId })).toMatchObject({ ok: true });
      await expect(goto).resolves.toMatchObject({ boardId });
      await vi.waitFor(async () => expect((await api<{ presence: { ok: boolean } }>(other.url, 'GET', '/healthz')).body.presence.ok).toBe(false), { timeout: 15_000, interval: 200 });
      for (const s of opened) s.close();
      // Still stuck: the stop gives Redis a bounded grace and goes on without it.
      const started = Date.now();
      await other.close();
      console.log(`server stopped in ${Date.now() - started} ms with Redis stuck`);
    } finally {
      for (const s of opened) s.close();
      await other.close();
      await stuck.stop();
    }
  });
});
