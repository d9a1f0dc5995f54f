/**
 * Serving the built client (pages never cached, hashed assets cached for a year, client-side
 * routes fall back to index.html, the API keeps its JSON 404s) and running the whole server
 * (HTTP, Socket.IO, Yjs) over TLS with TLS_CERT and TLS_KEY.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io } from 'socket.io-client';
import { loadConfig } from '../server/config.ts';
import { buildApp, type YishiApp } from '../server/app.ts';
import { selfSignedTls, startServer, testSecret, type TestServer } from './helpers/test-server.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const indexHtml = '<!doctype html><html><head><title>Yishi test client</title></head><body><div id="app"></div></body></html>';
const appJs = 'console.log("hashed asset");';

describe('serving the built client', () => {
  let app: YishiApp;
  let base: string;

  beforeAll(async () => {
    const clientDir = tempDir('yishi-client-');
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(path.join(clientDir, 'index.html'), indexHtml);
    writeFileSync(path.join(clientDir, 'assets', 'app-abc123.js'), appJs);
    const dataDir = tempDir('yishi-static-');
    app = await buildApp(loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, secret: testSecret, logLevel: 'silent' }), { logger: false, clientDir });
    base = await app.listen();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('/ and client-side routes (/j/CODE, /b/x/y) answer index.html with Cache-Control: no-cache', async () => {
    for (const route of ['/', '/j/ABCD1234', '/b/x/y', '/j/ABCD1234?from=qr']) {
      const res = await fetch(base + route);
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-type'), route).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control'), route).toBe('no-cache');
      expect(await res.text(), route).toBe(indexHtml);
    }
  });

  it('hashed assets are cached for a year as immutable', async () => {
    const res = await fetch(`${base}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toBe(appJs);
  });

  it('an unknown API route stays a JSON 404, never the page', async () => {
    const res = await fetch(`${base}/api/unknown`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('a missing file (a path with an extension) is a 404, never the page', async () => {
    for (const route of ['/missing.js', '/assets/app-000000.js']) {
      const res = await fetch(base + route);
      expect(res.status, route).toBe(404);
      expect(await res.text(), route).not.toContain('Yishi test client');
    }
  });

  it('a directory of the client (/assets/) is refused with a JSON 4xx error, not a 500', async () => {
    const res = await fetch(`${base}/assets/`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await res.json()).toMatchObject({ error: { code: expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/) } });
  });

  it('the API still works next to the client', async () => {
    const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Static' }) });
    expect(res.status).toBe(201);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});

/** A `ws` WebSocket that accepts the self-signed test certificate. */
class InsecureWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, { rejectUnauthorized: false });
  }
}

function httpsRequest(url: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const req = https.request(url, { method: init.method ?? 'GET', rejectUnauthorized: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('TLS (TLS_CERT and TLS_KEY)', () => {
  let base: string;

  let tlsServer: TestServer | undefined;
  beforeAll(async () => {
    tlsServer = await startServer({ tls: selfSignedTls() });
    base = tlsServer.url;
  });
  afterAll(async () => {
    await tlsServer?.close();
  });

  it('listens on https: /healthz answers 200', async () => {
    expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await httpsRequest(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
  });

  it('plain http on the TLS port gets no answer from the API', async () => {
    await expect(fetch(`${base.replace(/^https/, 'http')}/healthz`)).rejects.toThrow();
  });

  it('a wss:// Yjs connection with a valid token syncs the board, and Socket.IO commands reach it over TLS', async () => {
    const created = await httpsRequest(`${base}/api/sessions`, { method: 'POST', body: { title: 'Over TLS' } });
    expect(created.status).toBe(201);
    const session = created.body as CreateSessionResponse;
    const boardId = session.boards[0]!.id;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${base.replace(/^https/, 'wss')}/yjs`, boardId, doc, {
      params: { token: session.facilitatorToken },
      WebSocketPolyfill: InsecureWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    const socket = io(base, { auth: { token: session.facilitatorToken }, transports: ['websocket'], reconnection: false, forceNew: true, rejectUnauthorized: false });
    try {
      await new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        provider.on('sync', (s: boolean) => s && resolve());
      });
      expect(doc.getMap('board').get('phase')).toBe('gather');
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = (await socket.timeout(10_000).emitWithAck('note:add', { boardId, text: 'Heard over TLS' })) as { ok: boolean; noteId: string };
      expect(ack.ok).toBe(true);
      await new Promise<void>((resolve) => {
        const check = () => {
          if (doc.getMap('notes').has(ack.noteId)) {
            doc.off('update', check);
            resolve();
          }
        };
        doc.on('update', check);
        check();
      });
      expect((doc.getMap('notes').get(ack.noteId) as Y.Map<unknown>).get('text')).toBe('Heard over TLS');
    } finally {
      socket.close();
      provider.destroy();
      doc.destroy();
    }
  });
});
