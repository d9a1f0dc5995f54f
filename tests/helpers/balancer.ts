/**
 * A small round-robin load balancer for tests, in front of several Yishi processes, standing in
 * for the HAProxy of deploy/haproxy.cfg (`balance roundrobin`, `option forwardfor`,
 * `cookie YISHI_SRV insert indirect nocache httponly`).
 *
 * What it does:
 * - Picks a backend for every HTTP request, round robin, as HAProxy does in `mode http` (each
 *   request of a keep-alive client connection is balanced on its own). A WebSocket is one
 *   request (the upgrade) followed by a tunnel, so each WebSocket goes to the next backend and
 *   stays there for its life.
 * - Adds `X-Forwarded-For: <client address>` to every request it passes on.
 * - `sticky: 'cookie'`: a request carrying `YISHI_SRV=<backend name>` goes to that backend and the
 *   cookie is taken out of the request before it is passed on (`indirect`); a request without a
 *   valid one (none, or naming no backend) is balanced, and its answer gets
 *   `Set-Cookie: YISHI_SRV=<name>; path=/; HttpOnly` (`insert`, `httponly`). Upgrades are
 *   treated alike (the 101 carries the cookie). Every request is, page loads and API calls
 *   included: a browser that keeps the cookie talks to one process for everything. `nocache` adds
 *   nothing here (HAProxy 2.6 added no header to such answers either). `sticky: false` ignores
 *   cookies.
 *   Checked against HAProxy 2.6 running deploy/haproxy.cfg (health checks off) with the same
 *   requests: the same picks per request on one keep-alive connection, the same Set-Cookie on
 *   200s and 101s, the cookie taken out of the request, a cookie naming no server rebalanced,
 *   X-Forwarded-For appended.
 * - `refuseUpgrades: true` answers every WebSocket upgrade with 403, as a network or proxy that
 *   blocks WebSockets would (HAProxy has no such switch: this is the hostile network).
 * - Records every pick (`picks`), with the backend's status, for the tests to read.
 *
 * What it does not do: health checks (a backend that is down is not skipped: its requests get
 * 503, and a cookie naming it is still followed, where HAProxy would mark it down after two
 * failed checks and rebalance), timeouts, weights, `option redispatch`, HTTP/2, TLS, or
 * anything about request bodies beyond streaming them through.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Backend {
  /** The server's cookie value in HAProxy's terms (`server yishi1 … cookie yishi1`). */
  name: string;
  /** http://host:port of the process's public port. */
  url: string;
}

export interface BalancerOptions {
  backends: Backend[];
  sticky: 'cookie' | false;
  refuseUpgrades?: boolean;
  cookieName?: string;
}

export interface Pick {
  kind: 'http' | 'upgrade';
  method: string;
  /** The request's path and query, as received. */
  url: string;
  /** The backend chosen, or null for an upgrade refused by `refuseUpgrades`. */
  backend: string | null;
  /** Chosen by the request's cookie rather than by round robin. */
  pinned: boolean;
  /** The status answered to the client (set once known). */
  status?: number;
}

export interface Balancer {
  url: string;
  wsUrl: string;
  picks: Pick[];
  close(): Promise<void>;
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

/** The value of cookie `name` in a Cookie header, and the header without it (null when nothing is left). */
export function takeCookie(header: string | undefined, name: string): { value: string | null; rest: string | null } {
  if (!header) return { value: null, rest: null };
  let value: string | null = null;
  const rest: string[] = [];
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq > 0 && trimmed.slice(0, eq) === name) value = trimmed.slice(eq + 1);
    else rest.push(trimmed);
  }
  return { value, rest: rest.length ? rest.join('; ') : null };
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const cookieName = options.cookieName ?? 'YISHI_SRV';
  const backends = new Map(options.backends.map((b) => [b.name, new URL(b.url)]));
  const picks: Pick[] = [];
  let next = 0;

  /** The backend for a request: its cookie's when sticky and valid, else the next in turn. */
  function choose(req: IncomingMessage, kind: Pick['kind']): { name: string; target: URL; headers: OutgoingHttpHeaders; insert: boolean; pick: Pick } {
    const { value, rest } = takeCookie(req.headers.cookie, cookieName);
    let name: string;
    let pinned = false;
    if (options.sticky === 'cookie' && value !== null && backends.has(value)) {
      name = value;
      pinned = true;
    } else {
      name = options.backends[next % options.backends.length]!.name;
      next++;
    }
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'cookie') continue;
      if (kind === 'http' && hopByHop.has(k)) continue;
      headers[k] = v;
    }
    // `indirect`: the backend never sees the balancer's cookie (with `sticky: false` it is just another cookie).
    const cookie = options.sticky === 'cookie' ? rest : req.headers.cookie;
    if (cookie) headers.cookie = cookie;
    const client = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = forwarded ? `${Array.isArray(forwarded) ? forwarded.join(', ') : forwarded}, ${client}` : client;
    const pick: Pick = { kind, method: req.method ?? 'GET', url: req.url ?? '/', backend: name, pinned };
    picks.push(pick);
    return { name, target: backends.get(name)!, headers, insert: options.sticky === 'cookie' && !pinned, pick };
  }

  /** Response headers as a list of [name, value] pairs, with the cookie inserted when due. */
  function answerHeaders(res: IncomingMessage, name: string, insert: boolean, kind: Pick['kind']): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < res.rawHeaders.length; i += 2) {
      const k = res.rawHeaders[i]!;
      if (kind === 'http' && hopByHop.has(k.toLowerCase())) continue;
      out.push([k, res.rawHeaders[i + 1]!]);
    }
    if (insert) out.push(['Set-Cookie', `${cookieName}=${name}; path=/; HttpOnly`]);
    return out;
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { name, target, headers, insert, pick } = choose(req, 'http');
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (answer) => {
      pick.status = answer.statusCode;
      const list = answerHeaders(answer, name, insert, 'http');
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, list.flat());
      answer.pipe(res);
    });
    upstream.on('error', () => {
      pick.status = 503;
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('503 Service Unavailable: the backend could not be reached\n');
    });
    req.pipe(upstream);
  }

  function writeHead(socket: Duplex, status: number, message: string, headers: [string, string][]): void {
    socket.write(`HTTP/1.1 ${status} ${message}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (options.refuseUpgrades) {
      picks.push({ kind: 'upgrade', method: req.method ?? 'GET', url: req.url ?? '/', backend: null, pinned: false, status: 403 });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 27\r\n\r\nWebSockets are not allowed\n');
      return;
    }
    const { name, target, headers, insert, pick } = choose(req, 'upgrade');
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false });
    upstream.on('upgrade', (answer, backendSocket, backendHead) => {
      pick.status = answer.statusCode;
      writeHead(socket, answer.statusCode ?? 101, answer.statusMessage ?? 'Switching Protocols', answerHeaders(answer, name, insert, 'upgrade'));
      if (backendHead.length) socket.write(backendHead);
      if (head.length) backendSocket.write(head);
      backendSocket.on('error', () => socket.destroy());
      socket.on('close', () => backendSocket.destroy());
      backendSocket.on('close', () => socket.destroy());
      backendSocket.pipe(socket);
      socket.pipe(backendSocket);
    });
    // Refused by the backend (401, 403, 429, 503…): the answer goes back as it came, then the connection closes.
    upstream.on('response', (answer) => {
      pick.status = answer.statusCode;
      const list = answerHeaders(answer, name, insert, 'http').filter(([k]) => k.toLowerCase() !== 'content-length');
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        writeHead(socket, answer.statusCode ?? 502, answer.statusMessage ?? '', [...list, ['Content-Length', String(body.length)], ['Connection', 'close']]);
        socket.end(body);
      });
    });
    upstream.on('error', () => {
      pick.status ??= 503;
      if (socket.writable) socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    upstream.end();
  }

  const server = http.createServer(onRequest);
  server.on('upgrade', onUpgrade);
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    picks,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
