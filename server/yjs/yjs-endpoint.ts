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
import { WebSocket, WebSocketServer } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCodes, wireError, type ErrorCode } from '../../shared/errors.ts';
import type { Actor } from '../../shared/roles.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Storage } from '../storage/storage.ts';
import type { Presence } from '../presence/presence.ts';
import type { LiveConnections } from '../realtime/live-connections.ts';
import type { BoardRooms } from './board-rooms.ts';
import type { BoardRoom } from './board-room.ts';
import { closeReason } from './close-reason.ts';
import { SocketLiveness } from './socket-liveness.ts';
import { BoardSocket, type BoardSocketContext } from './board-socket.ts';
import { boardDeflateOptions } from './websocket-deflate.ts';
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
  // Not tracked by ws (a closure and a set entry per socket): liveness follows every open board socket already.
  // Compression as browsers offer it, for what a join sends; inflated here without a stream per socket (websocket-deflate.ts).
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes, perMessageDeflate: boardDeflateOptions, clientTracking: false });
  let refusing = false;
  let relayed = 0;
  // Keep-alives for the provider's 30 s timeout, and dead peers (a tablet that left the Wi-Fi)
  // found by ping once silent: see socket-liveness.ts.
  const liveness = new SocketLiveness<BoardSocket>();
  liveness.start();
  const context: BoardSocketContext = {
    liveness, live: deps.live, presence: deps.presence, log: deps.log, serverId: deps.serverId,
    maxEarlyFrames: deps.maxEarlyFrames, maxEarlyBytes: deps.maxEarlyBytes, maxFrameBytes: deps.maxFrameBytes,
  };

  /**
   * The WebSocket handshake; each board connection keeps the TCP socket it took over
   * (board-socket.ts). The handshake's answer waits in the socket until the connection is served
   * or refused (`then` settles), so that it leaves in one write with the board's greeting (sync
   * step 1, awareness) or with the close frame: one system call and one wake-up of the client
   * fewer per join.
   */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, then: (conn: BoardSocket) => Promise<void>) => {
    socket.cork();
    wss.handleUpgrade(req, socket, head, (ws) => void then(new BoardSocket(ws, socket, context)).finally(() => socket.uncork()));
    // A refused handshake (ws answered 400 and ended the socket) never reaches `then`: end() has flushed it.
  };

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
    // Once authenticated the slot is given back and the listener goes too: an idle hall holds a
    // thousand sockets for hours, and nothing else would free the release and its closure.
    const authenticated = () => {
      release();
      socket.removeListener('close', release);
    };
    upgrade(req, socket, head, (conn) =>
      accept(conn, m[1]!, url.searchParams.get('token'), authenticated).catch((err: unknown) => {
        // A storage read failing under authentication or the board lookup: this socket ends, the process goes on.
        deps.log.error({ err, boardId: m[1] }, 'accepting a yjs connection failed');
        conn.ws.close(CloseCodes.SERVER_ERROR, 'server error');
      }),
    );
  };
  deps.server.on('upgrade', onUpgrade);

  async function accept(conn: BoardSocket, boardId: string, token: string | null, release: () => void): Promise<void> {
    const { ws } = conn;
    const auth = await deps.auth.authenticate(token);
    // A refused socket may linger until the peer answers the close frame: it keeps counting
    // against its address until it is gone, so a flood of bad tokens stays bounded.
    if (!auth.ok) return ws.close(CloseCodes.UNAUTHORIZED, closeReason(auth.error.message));
    release();
    // A reconnect loop or a script with a stolen token: transient, so the stock provider backs off and retries.
    if (!deps.upgrades.hit(auth.actor.participantId)) return ws.close(CloseCodes.TRY_AGAIN_LATER, 'too many connections this minute; try again later');
    return serveBoard(conn, boardId, auth.actor, false);
  }

  /**
   * Serves an authenticated connection on its board: here when this process decides for the
   * session, or handed over to the process that does (`handedOver`: it came from another process,
   * and is never handed on).
   */
  async function serveBoard(conn: BoardSocket, boardId: string, actor: Actor, handedOver: boolean): Promise<void> {
    const { ws } = conn;
    // A live board's row is held by its room (rows never change once written): no storage read per join.
    const board = deps.rooms.liveRow(boardId) ?? (await deps.storage.getBoard(boardId));
    if (!board || board.sessionId !== actor.sessionId) return ws.close(CloseCodes.NOT_FOUND, 'unknown board');
    if (!conn.open) return;

    let room: BoardRoom;
    try {
      room = await deps.rooms.get(boardId, board.sessionId, board);
    } catch (err) {
      // Another process decides for the session (PostgreSQL): the connection goes there, or reconnects later.
      if (err instanceof OwnedElsewhereError) {
        if (deps.handOver && err.ownerUrl && !handedOver) return relay(conn, deps.handOver(err.ownerUrl, boardId, actor), actor.sessionId);
        return ws.close(CloseCodes.SERVED_ELSEWHERE, 'another server serves this session');
      }
      deps.log.error({ err, boardId }, 'loading a board failed');
      return ws.close(CloseCodes.SERVER_ERROR, 'board could not be loaded');
    }
    if (!conn.open) return;
    conn.serve(room, boardId, actor);
  }

  /**
   * Relays a client's board connection to the owner's internal endpoint, frame for frame both
   * ways; whichever side closes, the other follows. The owner's close code passes through (a
   * lost connection becomes 1012, so the client reconnects and resyncs: Yjs updates have no ack,
   * and the resync sends again what the owner never committed).
   */
  function relay(conn: BoardSocket, target: { url: string; headers: Record<string, string> }, sessionId: string): void {
    const { ws } = conn;
    const upstream = new WebSocket(target.url, { headers: target.headers, perMessageDeflate: false, maxPayload: deps.maxFrameBytes * 4 });
    let opened = false;
    relayed++;
    ws.once('close', () => relayed--);
    upstream.on('open', () => {
      opened = true;
      conn.relayTo((data) => {
        if (upstream.readyState === upstream.OPEN) upstream.send(data);
      });
    });
    upstream.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(data, { binary: isBinary });
      conn.relayed(); // the owner's keep-alives pass through: none of our own needed
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
      upgrade(req, socket, head, (conn) =>
        serveBoard(conn, boardId, actor, true).catch((err: unknown) => {
          deps.log.error({ err, boardId }, 'accepting a handed-over yjs connection failed');
          conn.ws.close(CloseCodes.SERVER_ERROR, 'server error');
        }),
      );
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
      for (const conn of liveness.all()) conn.close(CloseCodes.GOING_AWAY, 'server shutting down');
      wss.close();
    },
  };
}
