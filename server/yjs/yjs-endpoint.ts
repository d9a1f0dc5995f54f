/**
 * The y-websocket endpoint: `ws(s)://HOST/yjs/<boardId>?token=<token>`. Authenticates, then
 * speaks the sync and awareness protocol with one BoardRoom. Frames are size-checked by ws
 * before decoding (close 1009); a malformed frame or a forbidden write closes with 4403.
 * Floods cost a bounded amount: unauthenticated upgrades per address are capped (HTTP 429 before
 * the handshake), upgrades per participant per minute are limited (close 1013), and what a
 * connection sends before its board is ready is buffered only up to a cap (close 4413).
 */
import { OwnedElsewhereError } from '../ownership/session-ownership.ts';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCodes, wireError, type ErrorCode } from '../../shared/errors.ts';
import { isModerator, type Actor } from '../../shared/roles.ts';
import { readSettings } from '../../shared/board-doc.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Storage } from '../storage/storage.ts';
import type { Presence } from '../presence/presence.ts';
import type { LiveConnections } from '../realtime/live-connections.ts';
import { newId } from '../ids.ts';
import type { BoardRooms } from './board-rooms.ts';
import type { BoardRoom } from './board-room.ts';
import { RoomFailedError } from './board-authority.ts';
import type { RoomConnection } from './board-fanout.ts';
import { decodeMessage, stateVectorEntries } from './protocol-frames.ts';
import { ConnectionLimiter, MaxStateVectorEntries, maxAwarenessEntriesFor } from './frame-limits.ts';
import { closeReason } from './close-reason.ts';
import { SocketLiveness } from './socket-liveness.ts';
import { sharedBinaryFrame } from './websocket-wire.ts';
import type { PendingByAddress, PerMinuteLimit } from '../limits/connection-limits.ts';

export interface YjsEndpointDeps {
  server: HttpServer | HttpsServer;
  rooms: BoardRooms;
  auth: Authenticator;
  storage: Storage;
  presence: Presence;
  live: LiveConnections;
  log: FastifyBaseLogger;
  serverId: string;
  maxFrameBytes: number;
  /** Refuses browser pages of other sites (server/http/origins.ts); absent: any origin. */
  checkOrigin?: (req: IncomingMessage) => true | string;
  /** The client address per-address caps count (TRUST_PROXY-aware, server/limits/client-address.ts). */
  addressOf: (req: IncomingMessage) => string;
  /** Unauthenticated connections per address, shared with Socket.IO. */
  pending: PendingByAddress;
  /** Connections per participant per minute, shared with Socket.IO. */
  upgrades: PerMinuteLimit;
  maxEarlyFrames: number;
  maxEarlyBytes: number;
  /**
   * Several processes (issue 21): opens the board connection at the process that owns the
   * session (server/forwarding/), for a board whose session another process holds. Absent: such
   * a connection is closed with 1012 SERVED_ELSEWHERE.
   */
  handOver?: (ownerUrl: string, boardId: string, actor: Actor) => { url: string; headers: Record<string, string> };
  /** Tells the ownership that a hand-over to `ownerUrl` failed (it forgets who it thought held the session). */
  handOverFailed?: (sessionId: string) => void;
}

const boardPath = /^\/yjs\/([A-Za-z0-9_-]{1,64})\/?$/;

/** Answers an upgrade with an HTTP error instead of a WebSocket: nothing is allocated for it. */
function refuseUpgrade(socket: Duplex, status: string, code: ErrorCode, message: string, extraHeaders = ''): void {
  const body = JSON.stringify({ error: wireError(code, message) });
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export function attachYjsEndpoint(deps: YjsEndpointDeps): {
  handedOver(req: IncomingMessage, socket: Duplex, head: Buffer, boardId: string, actor: Actor): void;
  /** Board connections of this process's clients it relays to another process, the owner, now. */
  relayedCount(): number;
  refuseNew(): void;
  close(): void;
} {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes, perMessageDeflate: false });
  let refusing = false;
  let relayed = 0;
  /** Each connection's socket as the upgrade handed it over: frames shared by many connections are written to it ready-made (websocket-wire.ts). */
  const rawSockets = new WeakMap<WebSocket, Duplex>();

  /** The WebSocket handshake, remembering the socket it took over. */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, then: (ws: WebSocket) => void) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      rawSockets.set(ws, socket);
      then(ws);
    });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Socket.IO handles its own upgrades (created with destroyUpgrade: false).
    if (url.pathname.startsWith('/socket.io/')) return;
    const m = boardPath.exec(url.pathname);
    if (!m) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const origin = deps.checkOrigin?.(req) ?? true;
    if (origin !== true) return refuseUpgrade(socket, '403 Forbidden', 'ORIGIN_NOT_ALLOWED', origin.replace(/^ORIGIN_NOT_ALLOWED: /, ''));
    if (refusing) return refuseUpgrade(socket, '503 Service Unavailable', 'SHUTTING_DOWN', 'The server is shutting down; reconnect shortly.');
    const release = deps.pending.tryAcquire(deps.addressOf(req));
    if (!release) {
      return refuseUpgrade(socket, '429 Too Many Requests', 'RATE_LIMITED', 'Too many connections from this address are still signing in.', 'Retry-After: 5\r\n');
    }
    // Released once authentication succeeds, or when the socket goes (handshake failed, refused,
    // peer left): a refused socket keeps its slot until it is really gone.
    socket.once('close', release);
    upgrade(req, socket, head, (ws) => {
      accept(ws, m[1]!, url.searchParams.get('token'), release).catch((err: unknown) => {
        // A storage read failing under authentication or the board lookup: this socket ends, the process goes on.
        deps.log.error({ err, boardId: m[1] }, 'accepting a yjs connection failed');
        ws.close(CloseCodes.SERVER_ERROR, 'server error');
      });
    });
  };
  deps.server.on('upgrade', onUpgrade);

  // Keep-alives for the provider's 30 s timeout, and dead peers (a tablet that left the Wi-Fi)
  // found by ping once silent: see socket-liveness.ts.
  const liveness = new SocketLiveness<WebSocket>();
  liveness.start();

  /** What `earlyQueue` gives the code serving a connection. */
  interface Early {
    /** Replays the queue into the handler and hands it everything after. */
    start(handler: (data: RawData) => void): void;
    /** The socket's liveness record: `sent` is set on every frame the server sends. */
    life: ReturnType<SocketLiveness<WebSocket>['add']>;
  }

  /**
   * Queues what a connection sends before its board is ready, in order, up to a cap (an honest
   * provider sends a sync step 1, an awareness update and maybe its offline changes), and
   * follows its liveness (socket-liveness.ts).
   */
  function earlyQueue(ws: WebSocket): Early {
    const life = liveness.add(ws);
    ws.on('pong', () => (life.heard = liveness.now));
    const early: RawData[] = [];
    let earlyBytes = 0;
    let handler: ((data: RawData) => void) | null = null;
    ws.on('message', (data) => {
      life.heard = liveness.now;
      if (handler) return handler(data);
      if (ws.readyState !== ws.OPEN) return;
      earlyBytes += rawLength(data);
      if (early.length >= deps.maxEarlyFrames || earlyBytes > deps.maxEarlyBytes) {
        early.length = 0;
        return ws.close(CloseCodes.EARLY_OVERFLOW, 'too much sent before the board was ready');
      }
      early.push(data);
    });
    ws.on('error', (err) => deps.log.debug({ err }, 'yjs socket error'));
    ws.once('close', () => liveness.remove(ws));
    return {
      life,
      start(h) {
        handler = h;
        for (const data of early.splice(0)) h(data);
      },
    };
  }

  async function accept(ws: WebSocket, boardId: string, token: string | null, release: () => void): Promise<void> {
    const queue = earlyQueue(ws);
    const auth = await deps.auth.authenticate(token);
    // A refused socket may linger until the peer answers the close frame: it keeps counting
    // against its address until it is gone, so a flood of bad tokens stays bounded.
    if (!auth.ok) return ws.close(CloseCodes.UNAUTHORIZED, closeReason(auth.error.message));
    release();
    // A reconnect loop or a script with a stolen token: transient, so the stock provider backs off and retries.
    if (!deps.upgrades.hit(auth.actor.participantId)) return ws.close(CloseCodes.TRY_AGAIN_LATER, 'too many connections this minute; try again later');
    return serveBoard(ws, boardId, auth.actor, queue, false);
  }

  /**
   * Serves an authenticated connection on its board: here when this process decides for the
   * session, or handed over to the process that does (`handedOver`: it came from another process,
   * and is never handed on).
   */
  async function serveBoard(ws: WebSocket, boardId: string, actor: Actor, queue: Early, handedOver: boolean): Promise<void> {
    const { life } = queue;
    // A live board's row is held by its room (rows never change once written): no storage read per join.
    const board = deps.rooms.liveRow(boardId) ?? (await deps.storage.getBoard(boardId));
    if (!board || board.sessionId !== actor.sessionId) return ws.close(CloseCodes.NOT_FOUND, 'unknown board');
    if (ws.readyState !== ws.OPEN) return;

    let room: BoardRoom;
    try {
      room = await deps.rooms.get(boardId, board.sessionId, board);
    } catch (err) {
      // Another process decides for the session (PostgreSQL): the connection goes there, or reconnects later.
      if (err instanceof OwnedElsewhereError) {
        if (deps.handOver && err.ownerUrl && !handedOver) return relay(ws, deps.handOver(err.ownerUrl, boardId, actor), queue, actor.sessionId);
        return ws.close(CloseCodes.SERVED_ELSEWHERE, 'another server serves this session');
      }
      deps.log.error({ err, boardId }, 'loading a board failed');
      return ws.close(CloseCodes.SERVER_ERROR, 'board could not be loaded');
    }
    // Looked up once: the fan-out sends through this closure a thousand times a window.
    const raw = rawSockets.get(ws);
    const conn: RoomConnection = {
      id: newId(),
      actor,
      receivesAwareness: isModerator(actor.role),
      publishesAwareness: actor.role !== 'screen',
      stamp: () => ({ participantId: actor.participantId, role: actor.role, name: readSettings(room.doc).anonymous ? null : actor.name }),
      send: (frame) => {
        if (ws.readyState !== ws.OPEN) return;
        // ws writes synchronously (no compression), so frames written here and by ws keep their order.
        const wire = raw ? sharedBinaryFrame(frame) : null;
        if (wire) raw!.write(wire);
        else ws.send(frame);
        life.sent = liveness.now;
      },
      close: (code, reason) => ws.close(code, closeReason(reason)),
    };
    if (ws.readyState !== ws.OPEN) return;
    room.addConnection(conn);
    deps.live.add(actor.participantId, conn);
    void deps.presence
      .join({ connectionId: conn.id, sessionId: actor.sessionId, participantId: actor.participantId, role: actor.role, name: actor.name, boardId, serverId: deps.serverId, since: Date.now() })
      .catch((err) => deps.log.warn({ err }, 'presence join failed'));
    ws.on('close', () => {
      if (awarenessTimer) clearTimeout(awarenessTimer);
      room.removeConnection(conn);
      deps.live.remove(actor.participantId, conn);
      void deps.presence.leave(conn.id).catch(() => undefined);
    });

    const reject = (reason: string) => {
      deps.log.info({ participantId: actor.participantId, boardId, reason }, 'yjs write refused');
      ws.close(CloseCodes.FORBIDDEN, closeReason(reason));
    };
    const slowDown = (what: string) => {
      deps.log.info({ participantId: actor.participantId, boardId, what }, 'yjs connection over its rate');
      ws.close(CloseCodes.TRY_AGAIN_LATER, closeReason(`too many ${what} frames: reconnect later`));
    };
    const limiter = new ConnectionLimiter();
    let pendingAwareness: Uint8Array | null = null;
    let awarenessTimer: NodeJS.Timeout | null = null;
    const receiveAwareness = (update: Uint8Array) => {
      try {
        room.awareness.receive(conn, update, maxAwarenessEntriesFor(actor.role));
      } catch (err) {
        reject(`malformed awareness update: ${(err as Error).message}`);
      }
    };
    const handler = (data: RawData) => {
      if (ws.readyState !== ws.OPEN) return;
      const bytes = toBytes(data);
      let msg;
      try {
        msg = decodeMessage(bytes);
      } catch (err) {
        return reject(`malformed frame: ${(err as Error).message}`);
      }
      switch (msg.type) {
        case 'sync-step1': {
          if (!limiter.take('syncStep1')) return slowDown('sync step 1');
          // Each entry is a map insertion before Yjs diffs the board: bound them first.
          if (stateVectorEntries(msg.stateVector) > MaxStateVectorEntries) return reject(`state vector lists more than ${MaxStateVectorEntries} clients`);
          // A failed room closes its connections itself (1011): that is no fault of the client's.
          room.joinFrames(msg.stateVector).then((frames) => {
            for (const f of frames) conn.send(f);
          }, (err: unknown) => {
            if (!(err instanceof RoomFailedError)) reject('malformed state vector');
          });
          return;
        }
        case 'sync-step2':
        case 'update': {
          if (!limiter.take('update')) return slowDown('update');
          const r = room.receiveClientUpdate(conn, msg.update);
          if (!r.ok) reject(r.reason);
          return;
        }
        case 'awareness':
          if (limiter.take('awareness')) {
            pendingAwareness = null;
            receiveAwareness(msg.update);
            return;
          }
          // Awareness is ephemeral state: over the rate only the latest frame is kept, and applied
          // when the next token is due; only a sustained flood closes the connection.
          if (limiter.dropAwareness()) return slowDown('awareness');
          pendingAwareness = msg.update;
          awarenessTimer ??= setTimeout(() => {
            awarenessTimer = null;
            const latest = pendingAwareness;
            pendingAwareness = null;
            if (latest && ws.readyState === ws.OPEN) receiveAwareness(latest);
          }, limiter.awarenessWaitMs);
          return;
        case 'query-awareness': {
          if (!limiter.take('awareness')) {
            if (limiter.dropAwareness()) slowDown('awareness');
            return;
          }
          const snap = room.awareness.snapshotFor(conn);
          if (snap) conn.send(snap);
          return;
        }
      }
    };
    queue.start(handler);
  }

  /**
   * Relays a client's board connection to the owner's internal endpoint, frame for frame both
   * ways; whichever side closes, the other follows. The owner's close code passes through (a
   * lost connection becomes 1012, so the client reconnects and resyncs: Yjs updates have no ack,
   * and the resync sends again what the owner never committed).
   */
  function relay(ws: WebSocket, target: { url: string; headers: Record<string, string> }, queue: Early, sessionId: string): void {
    const upstream = new WebSocket(target.url, { headers: target.headers, perMessageDeflate: false, maxPayload: deps.maxFrameBytes * 4 });
    let opened = false;
    relayed++;
    ws.once('close', () => relayed--);
    upstream.on('open', () => {
      opened = true;
      queue.start((data) => {
        if (upstream.readyState === upstream.OPEN) upstream.send(data);
      });
    });
    upstream.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(data, { binary: isBinary });
      queue.life.sent = liveness.now; // the owner's keep-alives pass through: none of our own needed
    });
    upstream.on('close', (code, reason) => {
      if (!opened) deps.handOverFailed?.(sessionId);
      const passOn = code >= 3000 || [1000, 1001, 1009, 1011, 1012, 1013].includes(code) ? code : CloseCodes.SERVED_ELSEWHERE;
      if (ws.readyState === ws.OPEN) ws.close(passOn, reason.toString('utf8') || 'the server serving this session went away');
    });
    upstream.on('error', (err) => deps.log.debug({ err }, 'relayed yjs connection to the owner failed'));
    ws.on('close', () => {
      if (upstream.readyState === upstream.OPEN || upstream.readyState === upstream.CONNECTING) upstream.close(1000);
    });
  }

  return {
    /** A board connection handed over by another process (signature verified by the internal server). */
    handedOver(req: IncomingMessage, socket: Duplex, head: Buffer, boardId: string, actor: Actor) {
      if (refusing) return refuseUpgrade(socket, '503 Service Unavailable', 'SHUTTING_DOWN', 'The server is shutting down; reconnect shortly.');
      upgrade(req, socket, head, (ws) => {
        serveBoard(ws, boardId, actor, earlyQueue(ws), true).catch((err: unknown) => {
          deps.log.error({ err, boardId }, 'accepting a handed-over yjs connection failed');
          ws.close(CloseCodes.SERVER_ERROR, 'server error');
        });
      });
    },
    relayedCount: () => relayed,
    /** Shutdown, first step: new upgrades get 503 while the connections we have finish. */
    refuseNew() {
      refusing = true;
    },
    close() {
      refusing = true;
      liveness.stop();
      deps.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(CloseCodes.GOING_AWAY, 'server shutting down');
      wss.close();
    },
  };
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.byteLength, 0);
  return data.byteLength;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
