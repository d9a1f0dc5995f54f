/**
 * Bounded floods (docs/API.md, "Connection limits"): what a connection sends before its board
 * is ready is capped (close 4413); unauthenticated connections per address are capped across
 * Yjs and Socket.IO (HTTP 429 / closed at once); connections per participant per minute are
 * limited (close 1013 / connect_error RATE_LIMITED); a socket that keeps pushing commands past
 * its rate is disconnected. Each rule has a positive control with honest clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced } from './helpers/clients.ts';
import { syncFrame } from './helpers/raw-yjs-client.ts';
import net from 'node:net';
import { clientFrame, rawUpgrade } from './helpers/raw-upgrade.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;

beforeAll(async () => {
  server = await startServer({ maxEarlyFrames: 8, maxEarlyBytes: 16 * 1024, maxUnauthenticatedPerAddress: 3, upgradesPerMinute: 6 });
  session = await createSession(server.url, 'Floods');
  boardId = session.boards[0]!.id;
});

afterAll(async () => {
  await server?.close();
});

const residentToken = async () => (await join(server.url, session.joinCode)).token;
const yjsPath = (token: string) => `/yjs/${boardId}?token=${encodeURIComponent(token)}`;
// A sync step 1 with an empty state vector: the server answers each with its sync step 2.
const step1 = () => clientFrame(syncFrame(0, new Uint8Array([0])));

describe('frames before the board is ready', () => {
  it('more frames than the cap, sent with the upgrade, close the connection with 4413', async () => {
    const r = await rawUpgrade(server.url, yjsPath(await residentToken()), Array.from({ length: 20 }, step1));
    expect(r.status).toBe(101);
    expect(r.closeCode).toBe(4413);
    expect(r.closeReason).toMatch(/before the board was ready/);
  });

  it('more bytes than the cap close with 4413 even in few frames', async () => {
    const padded = () => clientFrame(new Uint8Array(9000).fill(0), 2);
    const r = await rawUpgrade(server.url, yjsPath(await residentToken()), [padded(), padded()]);
    expect(r.closeCode).toBe(4413);
  });

  it('positive control: a few early frames are kept and answered in order', async () => {
    const r = await rawUpgrade(server.url, yjsPath(await residentToken()), [step1(), step1(), step1()], 1500);
    expect(r.status).toBe(101);
    expect(r.closeCode).toBeNull();
    // The server's own step 1 plus one step 2 per early step 1.
    expect(r.dataFrames).toBeGreaterThanOrEqual(4);
  });
});

/** An engine.io WebSocket that completed the handshake but never sends Socket.IO's CONNECT. */
function idleEngineSocket(): Promise<{ ws: WebSocket; closed: Promise<void> }> {
  const ws = new WebSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    ws.once('message', () => resolve({ ws, closed }));
    ws.once('error', reject);
  });
}

describe('unauthenticated connections per address', () => {
  it('past the cap, Socket.IO handshakes are closed at once and Yjs upgrades get HTTP 429; slots free when those close', async () => {
    const idle = await Promise.all([idleEngineSocket(), idleEngineSocket(), idleEngineSocket()]);
    const fourth = await idleEngineSocket();
    await fourth.closed;
    const refused = await rawUpgrade(server.url, yjsPath(await residentToken()));
    expect(refused.status).toBe(429);

    for (const c of idle) c.ws.close();
    await Promise.all(idle.map((c) => c.closed));
    await eventually(async () => expect((await rawUpgrade(server.url, yjsPath(await residentToken()), [], 300)).status).toBe(101));
    const sock = await connectSocket(server.url, await residentToken());
    expect(sock.connected).toBe(true);
    sock.close();
  });

  it('a socket refused for its token keeps its slot until it is gone, so bad tokens from peers that never answer the close frame stay bounded', async () => {
    // Three peers send a bad token and then ignore the server's close frame (the socket lingers
    // until ws gives up waiting for the answer, or the peer goes).
    const { hostname, port } = new URL(server.url);
    const lingering = await Promise.all([0, 1, 2].map(() => new Promise<net.Socket>((resolve) => {
      const sock = net.connect(Number(port), hostname, () => {
        sock.write([`GET ${yjsPath('not-a-token')} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'));
      });
      let seen = '';
      sock.on('data', (chunk: Buffer) => {
        seen += chunk.toString('latin1');
        // The 101, then the server's close frame (opcode 8, code 4401): answer nothing.
        if (seen.includes('101 Switching Protocols') && seen.includes('\x88')) resolve(sock);
      });
    })));
    expect((await rawUpgrade(server.url, yjsPath(await residentToken()), [], 300)).status).toBe(429);
    for (const sock of lingering) sock.destroy();
    await eventually(async () => expect((await rawUpgrade(server.url, yjsPath(await residentToken()), [], 300)).status).toBe(101));
  });

  it('positive control: authenticated connections do not count, so many from one address all connect', async () => {
    const sockets = [];
    const providers = [];
    for (let i = 0; i < 8; i++) {
      const token = await residentToken();
      sockets.push(await connectSocket(server.url, token));
      const p = connectProvider(server.wsUrl, boardId, token);
      await synced(p);
      providers.push(p);
    }
    expect(sockets.every((s) => s.connected)).toBe(true);
    for (const s of sockets) s.close();
    for (const p of providers) p.destroy();
  });
});

describe('connections per participant per minute', () => {
  it('past the limit a Yjs upgrade closes with 1013 and a Socket.IO connect is refused RATE_LIMITED; another participant still connects', async () => {
    const token = await residentToken();
    for (let i = 0; i < 3; i++) {
      const s = await connectSocket(server.url, token);
      s.close();
      const r = await rawUpgrade(server.url, yjsPath(token), [], 300);
      expect(r.closeCode).toBeNull();
    }
    const yjs = await rawUpgrade(server.url, yjsPath(token));
    expect(yjs.closeCode).toBe(1013);
    const err = await new Promise<{ data?: { code?: string } }>((resolve) => {
      const s = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      s.once('connect_error', (e) => {
        s.close();
        resolve(e as never);
      });
    });
    expect(err.data?.code).toBe('RATE_LIMITED');

    const other = await connectSocket(server.url, await residentToken());
    expect(other.connected).toBe(true);
    other.close();
  });
});

describe('a socket that keeps hitting the command rate limit', () => {
  it('is told RATE_LIMITED and disconnected by the server', async () => {
    const sock = await connectSocket(server.url, await residentToken());
    const told = new Promise<{ code: string }>((resolve) => sock.on('server:disconnect' as never, resolve as never));
    const gone = new Promise<string>((resolve) => sock.on('disconnect', resolve));
    // Bounded: 300 commands in one burst, far past burst 60 + 100 refusals.
    for (let i = 0; i < 300; i++) sock.emit('notes:held', { boardId }, () => undefined);
    expect((await told).code).toBe('RATE_LIMITED');
    expect(await gone).toBe('io server disconnect');
  });

  it('positive control: a burst past the limit is refused but the socket stays and works once it slows down', async () => {
    const sock = await connectSocket(server.url, await residentToken());
    const acks = await Promise.all(Array.from({ length: 80 }, () => command(sock, 'notes:held', { boardId })));
    expect(acks.filter((a) => a.error?.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    await eventually(async () => expect((await command(sock, 'notes:held', { boardId })).ok).toBe(true), 5000);
    expect(sock.connected).toBe(true);
    sock.close();
  });
});
