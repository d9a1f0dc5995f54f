/**
 * Security headers on every HTTP response (docs/API.md §1 "Security headers"): the app's pages,
 * client-side routes, the results page and its 404, the public JSON and Markdown, API errors and
 * 404s, static files, Socket.IO's long-polling answers; HSTS only over TLS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedTls, startServer, type TestServer } from './helpers/test-server.ts';
import { connectSocket, createSession } from './helpers/clients.ts';
import { ok } from './helpers/results-fixture.ts';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The headers every response carries, whatever its status or type. */
function expectSecurityHeaders(h: Headers, what: string): void {
  const csp = h.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name!, values] as const;
  }));
  expect(directives.get('default-src'), what).toEqual(["'self'"]);
  expect(directives.get('script-src'), what).toEqual(["'self'"]);
  expect(directives.get('style-src'), what).toEqual(["'self'"]);
  expect(directives.get('img-src'), what).toEqual(["'self'", 'blob:', 'data:']);
  expect(directives.get('manifest-src'), what).toEqual(["'self'"]);
  expect(directives.get('connect-src')?.[0], what).toBe("'self'");
  expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(directives.get('object-src'), what).toEqual(["'none'"]);
  expect(directives.get('base-uri'), what).toEqual(["'none'"]);
  expect(directives.get('form-action'), what).toEqual(["'self'"]);
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
  expect(h.get('x-frame-options'), what).toBe('DENY');
  const pp = h.get('permissions-policy') ?? '';
  expect(pp, what).toContain('camera=(self)');
  expect(pp, what).toContain('microphone=()');
  expect(pp, what).toContain('geolocation=()');
}

describe('security headers on every response', () => {
  let server: TestServer;
  let publishedId: string;
  let unpublishedId: string;

  beforeAll(async () => {
    const clientDir = tempDir('yishi-hdr-client-');
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><div id="app"></div></body></html>');
    writeFileSync(path.join(clientDir, 'assets', 'app-abc123.js'), 'console.log(1);');
    server = await startServer({}, { clientDir });
    const pub = await createSession(server.url, 'Published');
    const fac = await connectSocket(server.url, pub.facilitatorToken);
    await ok(fac, 'session:publish', {});
    fac.close();
    publishedId = pub.sessionId;
    unpublishedId = (await createSession(server.url, 'Not published')).sessionId;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('pages, client routes, the results page and its 404, static files', async () => {
    const cases: [string, number][] = [
      ['/', 200],
      ['/j/ABCD1234', 200],
      ['/b/x/y', 200],
      [`/r/${publishedId}`, 200],
      [`/r/${unpublishedId}`, 404],
      ['/assets/app-abc123.js', 200],
      ['/missing.js', 404],
      ['/sw-missing.js', 404],
    ];
    for (const [route, status] of cases) {
      const res = await fetch(server.url + route);
      expect(res.status, route).toBe(status);
      expectSecurityHeaders(res.headers, route);
    }
  });

  it('the public JSON and Markdown, API errors (400, 401, 404, 413, 415) and /healthz', async () => {
    const get = (route: string) => fetch(server.url + route);
    const post = (route: string, body: string, type = 'application/json') => fetch(server.url + route, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [string, Promise<Response>, number][] = [
      ['public results JSON', get(`/api/public/sessions/${publishedId}/results`), 200],
      ['public Markdown', get(`/api/public/sessions/${publishedId}/export.md`), 200],
      ['unpublished results', get(`/api/public/sessions/${unpublishedId}/results`), 404],
      ['unknown API route', get('/api/nothing-here'), 404],
      ['healthz', get('/healthz'), 200],
      ['no token', get('/api/me'), 401],
      ['bad JSON', post('/api/sessions', '{'), 400],
      ['wrong media type', post('/api/sessions', 'x', 'text/html'), 415],
      ['body too large', post('/api/sessions', JSON.stringify({ title: 'x'.repeat(70_000) })), 413],
      // Refused by Fastify before any route or hook (frameworkErrors).
      ['malformed URL', get('/api/sessions/%zz'), 400],
      ['malformed URL of a page', get('/j/%E0%A4%A'), 400],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(res.headers, what);
      if (status >= 400) expect(await res.json(), what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it("Socket.IO's long-polling answers carry nosniff and the CSP too", async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers, 'socket.io polling');
  });

  it('connect-src names the same-origin ws: and wss: explicitly, and no HSTS without TLS', async () => {
    const res = await fetch(`${server.url}/`);
    const host = new URL(server.url).host;
    const connect = /connect-src ([^;]+)/.exec(res.headers.get('content-security-policy') ?? '')?.[1]?.split(' ');
    expect(connect).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('a Host header that is not a plain host[:port] never reaches the CSP', async () => {
    const port = new URL(server.url).port;
    const status = await new Promise<{ status: number; csp: string }>((resolve, reject) => {
      // fetch() will not send a forged Host; a raw request can.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: "evil; script-src 'unsafe-inline'" } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, csp: String(res.headers['content-security-policy'] ?? '') });
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(status.csp).not.toContain('unsafe-inline');
    expect(status.csp).not.toContain('evil');
  });
});

describe('HSTS over TLS', () => {
  let base: string;
  let tlsServer: TestServer | undefined;
  beforeAll(async () => {
    tlsServer = await startServer({ tls: selfSignedTls() });
    base = tlsServer.url;
  });
  afterAll(async () => {
    await tlsServer?.close();
  });

  it('Strict-Transport-Security is sent when TLS is on, with the other headers', async () => {
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const req = https.request(`${base}/healthz`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.headers);
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['strict-transport-security']).toBe('max-age=15552000');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(String(headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });
});
