/**
 * Three server processes on one PostgreSQL database and one Redis, behind a round-robin load
 * balancer (tests/helpers/balancer.ts, standing in for deploy/haproxy.cfg), reached only through
 * it, as tablets reach a deployment (issue 21):
 *
 * - WebSockets need no pinning: a session is created, joined, its commands sent and its board
 *   synced through the balancer, the connections land on all three processes (each process's
 *   own /metrics says so), everyone sees everything, every command is acknowledged once.
 * - Socket.IO's long-polling fallback (WebSockets refused at the balancer): a client set up as
 *   the app's is (WebSocket first, then polling) connects and sends commands when the balancer
 *   pins by cookie, and cannot connect when it does not: a poll that reaches another process
 *   than the handshake's is answered 400 `Session ID unknown`. That is why HAProxy pins.
 * - The app itself in Chromium, WebSockets refused, pinned by the cookie its page load got: its
 *   Socket.IO connection falls back to polling. (Its board, y-websocket, has no fallback.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { io, type Socket, type SocketOptions, type ManagerOptions } from 'socket.io-client';
import { connectProvider, createSession, eventually, join, synced, type AckResult, type ProviderClient } from './helpers/clients.ts';
import { startBalancer, type Balancer } from './helpers/balancer.ts';
import { createTestDatabase, createTestSchema } from './helpers/postgres.ts';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.ts';
import { spawnServer, type ServerProcess } from './helpers/server-process.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { notesMap } from '../shared/board-doc.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
// A Redis of this file's own: the spawned processes count their abuse limits in Redis under the
// default prefix, and 20 sessions an hour from 127.0.0.1 would outlive a few runs on the shared one.
let redis: PrivateRedis;
const procs: { name: string; proc: ServerProcess; metricsUrl: string }[] = [];
const balancers: Balancer[] = [];
const sockets: Socket[] = [];
const providers: ProviderClient[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await startPrivateRedis();
  const { url } = await createTestSchema(db.url);
  const env = {
    DATABASE_URL: url,
    REDIS_URL: redis.url,
    SECRET: 'balancer-test-secret',
    RETENTION_DAYS: '0',
    LEASE_MS: '2000',
    METRICS_PORT: '0',
    // As in docker-compose.yml: the balancer is the one hop in front.
    TRUST_PROXY: '1',
  };
  for (let i = 1; i <= 3; i++) {
    const proc = await spawnServer({ ...env, SERVER_ID: `yishi${i}` });
    const m = /"metrics":"(http:\/\/[^"]+)"/.exec(proc.output());
    if (!m) throw new Error(`no metrics URL in the log of yishi${i}:\n${proc.output()}`);
    procs.push({ name: `yishi${i}`, proc, metricsUrl: m[1]! });
  }
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const p of providers) p.destroy();
  for (const b of balancers) await b.close();
  for (const { proc } of procs) {
    proc.child.kill('SIGTERM');
    const killer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
    await proc.exited;
    clearTimeout(killer);
  }
  await db?.drop();
  await redis?.stop();
}, 60_000);

async function balancer(sticky: 'cookie' | false, refuseUpgrades = false): Promise<Balancer> {
  const b = await startBalancer({ backends: procs.map(({ name, proc }) => ({ name, url: proc.url })), sticky, refuseUpgrades });
  balancers.push(b);
  return b;
}

/** One gauge or counter of one process, summed over the samples whose labels include `labels`. */
async function metric(metricsUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    const key = line.slice(0, cut);
    const brace = key.indexOf('{');
    if ((brace < 0 ? key : key.slice(0, brace)) !== name) continue;
    const got = Object.fromEntries([...(brace < 0 ? '' : key.slice(brace)).matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) sum += Number(line.slice(cut + 1));
  }
  return sum;
}

/** Per process (by name): a metric's value. */
async function perProcess(name: string, labels: Record<string, string> = {}): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(procs.map(async (p) => [p.name, await metric(p.metricsUrl, name, labels)] as const)));
}

/**
 * A Socket.IO client set up as the app's (client/src/board-transports.ts): WebSocket first, then
 * long-polling, every transport tried. As the app's page would: `withCredentials` gives the Node
 * client a cookie jar (a browser keeps cookies for its own origin), and every request carries the
 * page's Origin (the balancer's). `reconnection: false` so that a test sees the first outcome
 * rather than the retries.
 */
function connectLikeTheApp(base: string, token: string, extra: Partial<ManagerOptions & SocketOptions> = {}): Promise<Socket> {
  const socket = io(base, { auth: { token }, transports: ['websocket', 'polling'], tryAllTransports: true, withCredentials: true, extraHeaders: { origin: base }, reconnection: false, forceNew: true, ...extra });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Sends a command and counts how often its ack callback runs. */
function send(socket: Socket, name: string, payload: object): { ack: Promise<AckResult>; calls: () => number } {
  let calls = 0;
  const ack = new Promise<AckResult>((resolve, reject) => {
    socket.timeout(15_000).emit(name, payload, (err: Error | null, a: AckResult) => {
      calls++;
      if (err) reject(err);
      else resolve(a);
    });
  });
  return { ack, calls: () => calls };
}

const transportOf = (s: Socket): string => (s.io.engine as unknown as { transport: { name: string } }).transport.name;

describe('behind a round-robin balancer', () => {
  it('WebSockets need no pinning: created, joined, commands and boards through the balancer land on all three processes; everyone sees everything, each ack once', async () => {
    const lb = await balancer(false);
    const s = await createSession(lb.url, 'Behind the balancer 负载均衡');
    const boardId = s.boards[0]!.id;
    const people = [{ name: 'Facilitator', token: s.facilitatorToken }];
    // One after another: a burst of first joins from one address counts as guessing.
    for (let i = 0; i < 5; i++) people.push({ name: `Resident ${i}`, token: (await join(lb.url, s.joinCode, { name: `Resident ${i}` })).token });
    const joins = lb.picks.filter((p) => p.url === '/api/join');
    expect(joins.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(joins.map((p) => p.backend)).size).toBe(3);

    // Baselines: the processes are shared with the other tests of this file.
    const sioBefore = await perProcess('yishi_connections', { transport: 'socketio' });
    const relayedBefore = await perProcess('yishi_yjs_relayed_connections');
    const yjsBefore = await perProcess('yishi_connections', { transport: 'yjs' });

    const socks: Socket[] = [];
    for (const p of people) socks.push(await connectLikeTheApp(lb.url, p.token));
    for (const sock of socks) expect(transportOf(sock)).toBe('websocket');
    const boards: ProviderClient[] = [];
    for (const p of people) {
      const b = connectProvider(lb.wsUrl, boardId, p.token);
      providers.push(b);
      boards.push(b);
      await synced(b);
    }

    // Where the balancer sent each connection is where the processes count it.
    const sent = (prefix: string) => Object.fromEntries(procs.map(({ name }) => [name, lb.picks.filter((p) => p.kind === 'upgrade' && p.url.startsWith(prefix) && p.backend === name).length]));
    const sentSio = sent('/socket.io/');
    const sentYjs = sent('/yjs/');
    console.log(`through the balancer: Socket.IO connections per process ${JSON.stringify(sentSio)}, board connections ${JSON.stringify(sentYjs)}`);
    expect(Object.values(sentSio).every((n) => n > 0)).toBe(true);
    expect(Object.values(sentYjs).every((n) => n > 0)).toBe(true);
    await eventually(async () => {
      const sio = await perProcess('yishi_connections', { transport: 'socketio' });
      for (const { name } of procs) expect(sio[name]! - sioBefore[name]!).toBe(sentSio[name]);
    });
    // Board connections: the owner serves them all (yishi_connections); each other process relays those that reached it.
    await eventually(async () => {
      const relayed = await perProcess('yishi_yjs_relayed_connections');
      const yjs = await perProcess('yishi_connections', { transport: 'yjs' });
      const served = procs.filter(({ name }) => yjs[name]! - yjsBefore[name]! > 0).map(({ name }) => name);
      expect(served).toHaveLength(1);
      const owner = served[0]!;
      expect(yjs[owner]! - yjsBefore[owner]!).toBe(people.length);
      for (const { name } of procs) expect(relayed[name]! - relayedBefore[name]!).toBe(name === owner ? 0 : sentYjs[name]);
    });

    // Everyone adds a concern through the socket "their" process holds; each ack comes once, and
    // sending it again with the same key is answered from the first result.
    const sends = socks.map((sock, i) => send(sock, 'note:add', { boardId, text: `Concern ${i} 意见${i}`, idempotencyKey: `balanced-${i}-key` }));
    const acks = await Promise.all(sends.map((x) => x.ack));
    for (const a of acks) expect(a).toMatchObject({ ok: true });
    const again = await Promise.all(socks.map((sock, i) => send(sock, 'note:add', { boardId, text: `Concern ${i} 意见${i}`, idempotencyKey: `balanced-${i}-key` }).ack));
    again.forEach((a, i) => expect(a).toMatchObject({ ok: true, replayed: true, noteId: acks[i]!.noteId }));
    const texts = people.map((_, i) => `Concern ${i} 意见${i}`).sort();
    // Every board connection, whichever process it reached, holds every concern, once.
    await eventually(() => {
      for (const b of boards) expect([...notesMap(b.doc).values()].map((n) => n.get('text')).sort()).toEqual(texts);
    }, 10_000);
    for (const x of sends) expect(x.calls()).toBe(1);

    // A Yjs edit through one process reaches the boards through the others; a push reaches every socket.
    notesMap(boards[0]!.doc).get(acks[1]!.noteId as string)!.set('x', 432);
    await eventually(() => {
      for (const b of boards) expect(notesMap(b.doc).get(acks[1]!.noteId as string)?.get('x')).toBe(432);
    }, 10_000);
    const gotos = socks.map((sock) => new Promise<{ boardId: string }>((resolve) => sock.once('board:goto', resolve)));
    expect(await send(socks[0]!, 'board:bring', { boardId }).ack).toMatchObject({ ok: true });
    for (const g of await Promise.all(gotos)) expect(g.boardId).toBe(boardId);
  }, 120_000);

  it('polling with WebSockets refused: pinned by the YISHI_SRV cookie, an app-like client falls back to polling, connects and sends commands', async () => {
    const lb = await balancer('cookie', true);
    const s = await createSession(lb.url, 'Polling, pinned 长轮询');
    const boardId = s.boards[0]!.id;
    const created = lb.picks.find((p) => p.url === '/api/sessions')!;
    expect(created.pinned).toBe(false); // fetch keeps no cookies: each such request is balanced afresh
    const people = [{ token: s.facilitatorToken }];
    for (let i = 0; i < 2; i++) people.push({ token: (await join(lb.url, s.joinCode, { name: `Polling resident ${i}` })).token });

    const sioBefore = await perProcess('yishi_connections', { transport: 'socketio' });
    const socks: Socket[] = [];
    for (const p of people) socks.push(await connectLikeTheApp(lb.url, p.token));
    for (const sock of socks) expect(transportOf(sock)).toBe('polling');

    // The WebSocket attempts (the first try, and engine.io's upgrade probes) were refused at the balancer.
    expect(lb.picks.filter((p) => p.kind === 'upgrade').length).toBeGreaterThanOrEqual(people.length);
    expect(lb.picks.filter((p) => p.kind === 'upgrade').every((p) => p.backend === null && p.status === 403)).toBe(true);
    // Each engine.io session (its sid) was served by one process: its handshake was balanced, everything after it pinned.
    const polls = lb.picks.filter((p) => p.kind === 'http' && p.url.startsWith('/socket.io/'));
    const handshakes = polls.filter((p) => !p.url.includes('sid='));
    expect(handshakes).toHaveLength(people.length);
    expect(new Set(handshakes.map((p) => p.backend)).size).toBe(3);
    const bySid = new Map<string, Set<string>>();
    for (const p of polls.filter((q) => q.url.includes('sid='))) {
      expect(p.pinned).toBe(true);
      const sid = new URL(p.url, 'http://x').searchParams.get('sid')!;
      bySid.set(sid, (bySid.get(sid) ?? new Set()).add(p.backend!));
    }
    expect(bySid.size).toBe(people.length);
    for (const backends of bySid.values()) expect(backends.size).toBe(1);
    expect(polls.filter((p) => p.status !== undefined).every((p) => p.status === 200)).toBe(true);
    await eventually(async () => {
      const sio = await perProcess('yishi_connections', { transport: 'socketio' });
      for (const { name } of procs) expect(sio[name]! - sioBefore[name]!).toBe(1);
    });

    // Commands over polling, through whichever process each socket is pinned to; each ack once.
    const sends = socks.map((sock, i) => send(sock, 'note:add', { boardId, text: `Polled ${i}`, idempotencyKey: `polled-${i}-key` }));
    const acks = await Promise.all(sends.map((x) => x.ack));
    for (const a of acks) expect(a).toMatchObject({ ok: true });
    const again = await send(socks[1]!, 'note:add', { boardId, text: 'Polled 1', idempotencyKey: 'polled-1-key' }).ack;
    expect(again).toMatchObject({ ok: true, replayed: true, noteId: acks[1]!.noteId });
    for (const x of sends) expect(x.calls()).toBe(1);
    // Pushes reach polling sockets on every process.
    const gotos = socks.map((sock) => new Promise<{ boardId: string }>((resolve) => sock.once('board:goto', resolve)));
    expect(await send(socks[0]!, 'board:bring', { boardId }).ack).toMatchObject({ ok: true });
    for (const g of await Promise.all(gotos)) expect(g.boardId).toBe(boardId);
    for (const sock of socks) expect(transportOf(sock)).toBe('polling');

    // The board itself has no polling fallback (y-websocket is WebSocket only): refused at this
    // balancer, it is read at a process directly.
    const blocked = connectProvider(lb.wsUrl, boardId, s.facilitatorToken);
    providers.push(blocked);
    await new Promise<void>((resolve) => blocked.provider.once('connection-close', () => resolve()));
    blocked.destroy();
    expect(blocked.provider.synced).toBe(false);
    expect(lb.picks.filter((p) => p.url.startsWith('/yjs/')).map((p) => p.status)).toContain(403);
    const reader = connectProvider(procs[2]!.proc.wsUrl, boardId, s.facilitatorToken);
    providers.push(reader);
    await synced(reader);
    await eventually(() => expect([...notesMap(reader.doc).values()].map((n) => n.get('text')).sort()).toEqual(['Polled 0', 'Polled 1', 'Polled 2']), 10_000);
  }, 120_000);

  it('polling with WebSockets refused and no pinning: the handshake reaches one process, the next request another, which answers 400 "Session ID unknown"; the client never connects', async () => {
    const lb = await balancer(false, true);
    const s = await createSession(lb.url, 'Polling, unpinned');

    const err = await connectLikeTheApp(lb.url, s.facilitatorToken).then(
      () => null,
      (e: Error & { type?: string; description?: unknown }) => e,
    );
    expect(err).not.toBeNull();
    // engine.io-client reports a failed poll or post as a transport error; its description is the HTTP status.
    expect(err!.message).toMatch(/^xhr (poll|post) error$/);
    expect(err!.type).toBe('TransportError');
    expect(err!.description).toBe(400);
    const polls = lb.picks.filter((p) => p.kind === 'http' && p.url.startsWith('/socket.io/'));
    const handshake = polls.find((p) => !p.url.includes('sid='))!;
    expect(handshake.status).toBe(200);
    const after = polls.filter((p) => p.url.includes('sid=') && p.status !== undefined);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after) {
      expect(p.backend).not.toBe(handshake.backend);
      expect(p.status).toBe(400);
    }

    // The same two steps by hand, to read the answer: a handshake, then a packet for its session.
    const hs = await fetch(`${lb.url}/socket.io/?EIO=4&transport=polling`);
    const body = await hs.text();
    expect(hs.status).toBe(200);
    const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
    const close = await fetch(`${lb.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' });
    expect(close.status).toBe(400);
    expect(await close.json()).toEqual({ code: 1, message: 'Session ID unknown' });
    // At the process that made the session, the same packet is accepted (it closes the session).
    const made = lb.picks.find((p) => p.url === '/socket.io/?EIO=4&transport=polling')!;
    const at = procs.find((p) => p.name === made.backend)!;
    const direct = await fetch(`${at.proc.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' });
    expect(direct.status).toBe(200);
    expect(await direct.text()).toBe('ok');
  }, 60_000);
});

describe('the app in Chromium behind the balancer, WebSockets refused', () => {
  // Three in-process servers this time: they serve the client build of this run (the spawned
  // processes above serve none).
  const servers: TestServer[] = [];
  let browser: Browser | null = null;
  beforeAll(async () => {
    const { url } = await createTestSchema(db.url);
    for (let i = 1; i <= 3; i++) {
      servers.push(await startServer({ databaseUrl: url, redisUrl: redis.url, serverId: `app${i}`, metricsPort: 0 }, { clientDir: inject('testClientDir') }));
    }
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  it('a tablet joins; its Socket.IO tries WebSocket, is refused, and connects by polling to the process its cookie names', async () => {
    const lb = await startBalancer({ backends: servers.map((s, i) => ({ name: `app${i + 1}`, url: s.url })), sticky: 'cookie', refuseUpgrades: true });
    balancers.push(lb);
    const s = await createSession(lb.url, 'WebSockets blocked');
    const tablet = await browser!.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, locale: 'en' });
    try {
      const page = await tablet.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${lb.url}/j/${s.joinCode}`);
      await page.getByRole('button', { name: 'Join', exact: true }).tap();
      await page.waitForURL(/\/b\//);
      // The page load got the cookie; everything after it went to that process.
      const page0 = lb.picks.find((p) => p.url === `/j/${s.joinCode}`)!;
      expect(page0.pinned).toBe(false);
      const home = page0.backend!;
      const served = servers[Number(home.slice(3)) - 1]!;
      await eventually(async () => {
        expect(await metric(served.app.metricsUrl()!, 'yishi_connections', { transport: 'socketio', role: 'resident' })).toBe(1);
      }, 20_000);
      const sio = lb.picks.filter((p) => p.url.startsWith('/socket.io/'));
      // First a WebSocket (refused), then polling: a handshake and its session's requests.
      expect(sio[0]).toMatchObject({ kind: 'upgrade', status: 403 });
      const polls = sio.filter((p) => p.kind === 'http');
      expect(polls.length).toBeGreaterThanOrEqual(2);
      expect(polls.every((p) => p.backend === home && p.pinned)).toBe(true);
      expect(polls.filter((p) => p.status !== undefined).every((p) => p.status === 200)).toBe(true);
      for (const other of servers.filter((x) => x !== served)) {
        expect(await metric(other.app.metricsUrl()!, 'yishi_connections', { transport: 'socketio', role: 'resident' })).toBe(0);
      }
      // The board's own WebSocket was refused too: y-websocket has no fallback.
      expect(lb.picks.some((p) => p.url.startsWith('/yjs/') && p.status === 403)).toBe(true);
    } finally {
      await tablet.close();
    }
  }, 90_000);
});
