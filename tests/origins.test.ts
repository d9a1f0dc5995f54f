/**
 * Origin checks on the sockets (docs/API.md §1 "Origins"): a browser page on another site can
 * neither open the Yjs endpoint nor Socket.IO (handshake, long-polling, WebSocket): 403. The
 * app's own origin (the request's Host, or PUBLIC_URL's), ALLOWED_ORIGINS and requests without
 * an Origin header (Node clients, benchmarks) pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io } from 'socket.io-client';
import { loadConfig } from '../server/config.ts';
import { startServer, testSecret, type TestServer } from './helpers/test-server.ts';
import { connectProvider, createSession, synced } from './helpers/clients.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

const evil = 'https://evil.example';
const allowed = 'https://hall.example';
const publicUrl = 'https://yishi.example';

let server: TestServer;
let s: CreateSessionResponse;
let boardId: string;
let ownOrigin: string;

beforeAll(async () => {
  server = await startServer({ allowedOrigins: [allowed, 'http://localhost:5173'], publicUrl });
  s = await createSession(server.url, 'Origins');
  boardId = s.boards[0]!.id;
  ownOrigin = server.url; // http://127.0.0.1:PORT, the Host a browser on this address sends
});
afterAll(async () => {
  await server?.close();
});

/** A raw WebSocket upgrade to the Yjs endpoint: the HTTP status and body when refused, 101 when opened. */
function yjsUpgrade(origin: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/yjs/${boardId}?token=${s.facilitatorToken}`, origin ? { origin } : {});
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** A Socket.IO client that sends the given Origin; resolves with "connected" or the connect_error message. */
function socketWithOrigin(origin: string | null, transport: 'websocket' | 'polling'): Promise<string> {
  const socket = io(server.url, {
    auth: { token: s.facilitatorToken },
    transports: [transport],
    reconnection: false,
    forceNew: true,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(`connect_error: ${err.message}`));
  }).finally(() => socket.close());
}

describe('the Yjs endpoint checks Origin on the upgrade', () => {
  it('a page on another site gets 403 ORIGIN_NOT_ALLOWED, even with a valid token', async () => {
    const r = await yjsUpgrade(evil);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
  });

  it('an opaque origin ("null", e.g. a sandboxed frame or a file:// page) gets 403', async () => {
    expect((await yjsUpgrade('null')).status).toBe(403);
  });

  it('a look-alike of an allowed origin (another scheme, port or suffix) gets 403', async () => {
    for (const o of ['http://hall.example', 'https://hall.example:8443', 'https://hall.example.evil.example']) {
      expect((await yjsUpgrade(o)).status, o).toBe(403);
    }
  });

  it('the app’s own origin, PUBLIC_URL’s origin, ALLOWED_ORIGINS and no Origin at all are accepted', async () => {
    for (const o of [ownOrigin, publicUrl, allowed, 'http://localhost:5173', null]) {
      expect((await yjsUpgrade(o)).status, String(o)).toBe(101);
    }
  });

  it('a same-origin y-websocket provider syncs the board (the browser case)', async () => {
    class SameOriginWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { origin: ownOrigin });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${server.wsUrl}/yjs`, boardId, doc, {
      params: { token: s.facilitatorToken },
      WebSocketPolyfill: SameOriginWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        provider.on('sync', (ok: boolean) => ok && resolve());
      });
      expect(doc.getMap('board').get('phase')).toBe('gather');
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });

  it('a Node provider with no Origin still syncs (tests, benchmarks)', async () => {
    const p = connectProvider(server.wsUrl, boardId, s.facilitatorToken);
    try {
      await synced(p);
    } finally {
      p.destroy();
    }
  });
});

describe('Socket.IO checks Origin on every request', () => {
  it('a page on another site is refused over WebSocket and over long-polling', async () => {
    expect(await socketWithOrigin(evil, 'websocket')).toMatch(/^connect_error/);
    expect(await socketWithOrigin(evil, 'polling')).toMatch(/^connect_error/);
  });

  it('the long-polling handshake from another site answers 403 before any token is looked at', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: evil } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toMatchObject({ code: 4, message: expect.stringContaining('ORIGIN_NOT_ALLOWED') });
  });

  it('the app’s own origin, an ALLOWED_ORIGINS one, PUBLIC_URL’s and no Origin connect', async () => {
    for (const o of [ownOrigin, allowed, publicUrl, null]) {
      expect(await socketWithOrigin(o, 'websocket'), `${o} websocket`).toBe('connected');
      expect(await socketWithOrigin(o, 'polling'), `${o} polling`).toBe('connected');
    }
  });
});

describe('ALLOWED_ORIGINS', () => {
  const load = (value: string) => loadConfig({ ALLOWED_ORIGINS: value }, { secret: testSecret, dataDir: '/nonexistent-not-used' }).allowedOrigins;

  it('is a comma-separated list of origins, normalised (case, default port, trailing slash)', () => {
    expect(load('https://Hall.Example, http://tablet.lan:8080/ ,https://x.example:443')).toEqual(['https://hall.example', 'http://tablet.lan:8080', 'https://x.example']);
    expect(load('')).toEqual([]);
  });

  it('refuses at start what is not an origin (a path, another scheme, no scheme)', () => {
    for (const bad of ['https://hall.example/app', 'ftp://hall.example', 'hall.example', 'https://hall.example?x=1']) {
      expect(() => load(bad), bad).toThrow(/ALLOWED_ORIGINS/);
    }
  });
});
