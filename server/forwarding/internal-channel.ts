/**
 * The channel between Yishi processes sharing a database (issue 21): a process that is not a
 * session's owner hands a command or a board connection to the owner at its INTERNAL_URL. It is
 * a listener of its own (INTERNAL_PORT), not a route of the public port, and every request is
 * signed with SECRET: an HMAC over what it asks for and a time stamp, refused when older than
 * 30 s or altered. It does not depend on Redis.
 *
 * - `POST /internal/command`: `{ actor, name, payload, connectionId }` → the owner's ack.
 * - `POST /internal/http`: an HTTP request that needs the owner (a join, a follow-up update, a
 *   photo), relayed whole: the owner answers it through its own routes, as if the client had
 *   reached it (`fastify.inject`, with the client's address).
 * - WebSocket `/internal/yjs/<boardId>` with the actor in a header: the owner serves the board
 *   connection as if the client had reached it (the forwarding process authenticated the token).
 * - `POST /internal/listen`: `{ sessionId, url }`, a process with Socket.IO clients in a session
 *   the receiver owns asks for its pushes (server/forwarding/push-relay.ts); 204.
 * - `POST /internal/push`: `{ room, event, payload }`, a push from a session's owner for this
 *   process's sockets in that room; 204.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { z } from 'zod';
import { Roles, type Actor } from '../../shared/roles.ts';
import type { Ack } from '../../shared/socket-protocol.ts';
import { wireError } from '../../shared/errors.ts';

const MaxSkewMs = 30_000;
const SignatureHeader = 'x-yishi-signature';
const ActorHeader = 'x-yishi-actor';
const MaxBodyBytes = 1024 * 1024;

export const ActorSchema = z.object({
  participantId: z.string().min(1).max(64),
  sessionId: z.string().min(1).max(64),
  role: z.enum(Roles),
  name: z.string().max(200).nullable(),
}).strict();

const HttpBody = z.object({
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  url: z.string().min(1).max(4096).startsWith('/'),
  headers: z.record(z.string(), z.string().max(8192)),
  body: z.string().max(16 * 1024 * 1024).nullable(),
  remoteAddress: z.string().max(64),
}).strict();

/** What an owner answered to a relayed HTTP request. */
export interface RelayedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Request headers a relayed request keeps (the rest is the forwarding process's business). */
const RelayedRequestHeaders = ['authorization', 'content-type', 'accept-language', 'user-agent', 'origin', 'host'];
/** Response headers a relayed answer keeps (the forwarding process sets its own security headers). */
const RelayedResponseHeaders = ['content-type', 'retry-after', 'cache-control', 'location', 'content-disposition'];

const CommandBody = z.object({
  actor: ActorSchema,
  name: z.string().min(1).max(64),
  payload: z.unknown(),
  connectionId: z.string().max(64).nullable(),
}).strict();

const ListenBody = z.object({
  sessionId: z.string().min(1).max(64),
  url: z.string().min(1).max(512).regex(/^https?:\/\//),
}).strict();

const PushBody = z.object({
  room: z.string().min(1).max(200),
  event: z.string().min(1).max(64),
  payload: z.unknown(),
}).strict();

/** A body checked against its schema; null when it is not JSON at all. */
function parseBody<S extends z.ZodType>(schema: S, body: string): ReturnType<S['safeParse']> | null {
  try {
    return schema.safeParse(JSON.parse(body)) as ReturnType<S['safeParse']>;
  } catch {
    return null;
  }
}

/** `<ms>.<hex hmac>` over the method, the path and the body (or the actor header for an upgrade). */
export function sign(secret: string, method: string, path: string, body: string, at = Date.now()): string {
  const mac = createHmac('sha256', secret).update(`yishi-internal\n${at}\n${method}\n${path}\n`).update(body).digest('hex');
  return `${at}.${mac}`;
}

/** Whether `signature` signs this request with `secret`, made within the last 30 s. */
export function verify(secret: string, signature: string | undefined, method: string, path: string, body: string, now = Date.now()): boolean {
  const m = /^(\d{1,16})\.([0-9a-f]{64})$/.exec(signature ?? '');
  if (!m) return false;
  const at = Number(m[1]);
  if (Math.abs(now - at) > MaxSkewMs) return false;
  const want = Buffer.from(sign(secret, method, path, body, at).split('.')[1]!, 'hex');
  return timingSafeEqual(want, Buffer.from(m[2]!, 'hex'));
}

export interface InternalHandlers {
  /** Runs a command handed over by another process, as the owner's bus does for its own sockets. */
  command(actor: Actor, name: string, payload: unknown, connectionId: string | null): Promise<Ack>;
  /** Answers a relayed HTTP request through this process's own routes. */
  http(request: { method: string; url: string; headers: Record<string, string>; body: Buffer | null; remoteAddress: string }): Promise<RelayedAnswer>;
  /** Serves a board connection handed over by another process (upgrade already verified). */
  yjsUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, boardId: string, actor: Actor): void;
  /** Another process wants this owner's pushes for a session. */
  listen(sessionId: string, url: string): void;
  /** A push from a session's owner, for this process's own sockets in `room`. */
  push(room: string, event: string, payload: unknown): void;
}

const Routes = new Set(['/internal/command', '/internal/http', '/internal/listen', '/internal/push']);

const yjsPath = /^\/internal\/yjs\/([A-Za-z0-9_-]{1,64})$/;

/** The internal listener: answers only signed requests on its two routes; anything else is 404 or 401. */
export function createInternalServer(secret: string, handlers: InternalHandlers, log: { warn(obj: object, msg: string): void }): Server {
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const route = req.url;
    if (req.method !== 'POST' || route === undefined || !Routes.has(route)) return reply(404, { error: wireError('NOT_FOUND', 'No such internal route.') });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MaxBodyBytes) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verify(secret, req.headers[SignatureHeader] as string | undefined, 'POST', route, body)) {
        return reply(401, { error: wireError('UNAUTHORIZED', 'Unsigned or badly signed internal request.') });
      }
      if (route === '/internal/listen' || route === '/internal/push') {
        const parsed = route === '/internal/listen' ? parseBody(ListenBody, body) : parseBody(PushBody, body);
        if (!parsed?.success) return reply(400, { error: wireError('VALIDATION', `Malformed ${route.slice('/internal/'.length)} request.`) });
        if ('url' in parsed.data) handlers.listen(parsed.data.sessionId, parsed.data.url);
        else handlers.push(parsed.data.room, parsed.data.event, parsed.data.payload);
        res.writeHead(204).end();
        return;
      }
      if (route === '/internal/http') {
        const relayed = parseBody(HttpBody, body);
        if (!relayed?.success) return reply(400, { error: wireError('VALIDATION', 'Malformed relayed request.') });
        const r = relayed.data;
        handlers.http({ ...r, body: r.body === null ? null : Buffer.from(r.body, 'base64') }).then(
          (answer) => reply(200, { status: answer.status, headers: answer.headers, body: answer.body.toString('base64') }),
          (err: unknown) => {
            log.warn({ err }, 'a relayed request failed');
            reply(200, { status: 500, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify({ error: wireError('INTERNAL', 'Something went wrong on the server.') })).toString('base64') });
          });
        return;
      }
      const parsed = parseBody(CommandBody, body);
      if (!parsed?.success) return reply(400, { error: wireError('VALIDATION', 'Malformed internal command.') });
      const { actor, name, payload, connectionId } = parsed.data;
      handlers.command(actor, name, payload, connectionId).then((ack) => reply(200, ack), (err: unknown) => {
        log.warn({ err }, 'a forwarded command failed');
        reply(200, { ok: false, error: wireError('INTERNAL', 'The command failed on the server; nothing was applied.') });
      });
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://internal').pathname;
    const m = yjsPath.exec(path);
    const actorHeader = req.headers[ActorHeader];
    if (!m || typeof actorHeader !== 'string' || !verify(secret, req.headers[SignatureHeader] as string | undefined, 'GET', path, actorHeader)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let actor: Actor;
    try {
      actor = ActorSchema.parse(JSON.parse(Buffer.from(actorHeader, 'base64url').toString('utf8')));
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    handlers.yjsUpgrade(req, socket, head, m[1]!, actor);
  });
  return server;
}

/** POSTs a JSON body to another process's internal route, signed; rejects when it cannot be reached in time. */
function signedPost(secret: string, baseUrl: string, route: string, value: object, timeoutMs: number): Promise<Response> {
  const body = JSON.stringify(value);
  return fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SignatureHeader]: sign(secret, 'POST', route, body) },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** Hands a command to the owner at `ownerUrl`; a process that cannot be reached answers SERVED_ELSEWHERE (send it again). */
export async function forwardCommand(secret: string, ownerUrl: string, actor: Actor, name: string, payload: unknown, connectionId: string | null): Promise<Ack> {
  try {
    const res = await signedPost(secret, ownerUrl, '/internal/command', { actor, name, payload: payload ?? null, connectionId }, 5_000);
    if (res.status !== 200) return { ok: false, error: wireError('SERVED_ELSEWHERE', `The server deciding for this consultation refused the hand-over (${res.status}); send it again.`) };
    return (await res.json()) as Ack;
  } catch {
    return { ok: false, error: wireError('SERVED_ELSEWHERE', 'The server deciding for this consultation could not be reached; nothing was applied. Send it again.') };
  }
}

/**
 * Relays an HTTP request to the owner and returns its answer; an owner that cannot be reached is
 * a 503 SERVED_ELSEWHERE (nothing was applied: send it again).
 */
export async function relayHttp(secret: string, ownerUrl: string, req: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: unknown; ip: string }): Promise<RelayedAnswer> {
  const headers: Record<string, string> = {};
  for (const h of RelayedRequestHeaders) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const raw = req.body === undefined || req.body === null ? null
    : Buffer.isBuffer(req.body) ? req.body
      : req.body instanceof Uint8Array ? Buffer.from(req.body)
        : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
  const unreachable = (): RelayedAnswer => ({
    status: 503,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify({ error: wireError('SERVED_ELSEWHERE', 'The server deciding for this consultation could not be reached; nothing was applied. Send it again.') })),
  });
  try {
    const relayed = { method: req.method, url: req.url, headers, body: raw === null ? null : raw.toString('base64'), remoteAddress: req.ip };
    const res = await signedPost(secret, ownerUrl, '/internal/http', relayed, 30_000);
    if (res.status !== 200) return unreachable();
    const answer = (await res.json()) as { status: number; headers: Record<string, string>; body: string };
    const kept: Record<string, string> = {};
    for (const h of RelayedResponseHeaders) if (typeof answer.headers[h] === 'string') kept[h] = answer.headers[h];
    return { status: answer.status, headers: kept, body: Buffer.from(answer.body, 'base64') };
  } catch {
    return unreachable();
  }
}

/** Response headers of an answer made here, as a relayed answer keeps them. */
export function relayedHeaders(headers: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const h of RelayedResponseHeaders) if (typeof headers[h] === 'string' || typeof headers[h] === 'number') kept[h] = String(headers[h]);
  return kept;
}

/** The URL and headers to open a board connection at the owner for `actor`. */
export function yjsHandOver(secret: string, ownerUrl: string, boardId: string, actor: Actor): { url: string; headers: Record<string, string> } {
  const path = `/internal/yjs/${boardId}`;
  const actorHeader = Buffer.from(JSON.stringify(actor)).toString('base64url');
  return {
    url: `${ownerUrl.replace(/^http/, 'ws')}${path}`,
    headers: { [ActorHeader]: actorHeader, [SignatureHeader]: sign(secret, 'GET', path, actorHeader) },
  };
}

/** Posts a signed body to another process's internal route; false when it could not be delivered. */
export async function postInternal(secret: string, baseUrl: string, route: '/internal/listen' | '/internal/push', value: object, timeoutMs = 5_000): Promise<boolean> {
  try {
    const res = await signedPost(secret, baseUrl, route, value, timeoutMs);
    await res.arrayBuffer();
    return res.status === 204;
  } catch {
    return false;
  }
}
