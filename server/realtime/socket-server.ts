/**
 * Socket.IO on the same port: authenticates with `auth: { token }`, routes command events
 * through the CommandBus (ack only when durable), and pushes the roster. With REDIS_URL the
 * Redis adapter carries room broadcasts (kicks, roster pushes) across processes.
 * Floods are bounded: engine connections that have not authenticated count against a per-address
 * cap (shared with the Yjs endpoint), connections per participant per minute are limited, and a
 * socket that keeps sending past its command rate is disconnected.
 */
import { ServerResponse, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server, type Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCodes, wireError } from '../../shared/errors.ts';
import { isModerator, type Actor } from '../../shared/roles.ts';
import type { Ack, RosterMember, RosterPush, ServerToClientEvents } from '../../shared/socket-protocol.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Presence } from '../presence/presence.ts';
import type { Storage } from '../storage/storage.ts';
import type { CommandBus } from '../commands/command-bus.ts';
import { newId } from '../ids.ts';
import type { Participation } from '../sessions/participation.ts';
import { ParticipationPush, type ParticipationPushIo } from './participation-push.ts';
import type { LiveConnections } from './live-connections.ts';
import { moderatorRoom, participantRoom, sessionRoom } from './socket-rooms.ts';
import type { Limits } from '../limits/limits.ts';
import type { PendingByAddress, PerMinuteLimit } from '../limits/connection-limits.ts';

export interface SocketServerDeps {
  server: HttpServer | HttpsServer;
  auth: Authenticator;
  presence: Presence;
  storage: Storage;
  bus: CommandBus;
  live: LiveConnections;
  log: FastifyBaseLogger;
  serverId: string;
  maxPayloadBytes: number;
  /** Live participation balance, pushed to moderators within a second of a roster change. */
  participation: (sessionId: string) => Promise<Participation>;
  /** Subscribes to commits that may change a session's balance (then it is pushed if it did). */
  participationChanges?: (listener: (sessionId: string) => void) => () => void;
  /** The wrong-code rule for commands that carry a code (`item:escalate`), by the handshake's address. */
  limits: Pick<Limits, 'addressOf' | 'checkCommand'>;
  /** Refuses browser pages of other sites (server/http/origins.ts); absent: any origin. */
  checkOrigin?: (req: IncomingMessage) => true | string;
  /** Unauthenticated connections per address, shared with the Yjs endpoint. */
  pending: PendingByAddress;
  /** Connections per participant per minute, shared with the Yjs endpoint. */
  upgrades: PerMinuteLimit;
  /** Told when a session's client connects here and when it leaves (the push relay asks the owner for pushes meanwhile). */
  sessionSockets?: { opened(sessionId: string): void; left(sessionId: string): void };
}

interface SocketData {
  actor: Actor;
  connectionId: string;
  /** Set once connected. */
  commands?: CommandSocket;
}

type YishiSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

/** Commands per second a connection may send on average, and the burst it may save up. */
const rate = { perSecond: 20, burst: 60 };
/**
 * A socket refused this many commands for rate within `window` ms is disconnected: an honest
 * client's outbox backs off after a RATE_LIMITED, only a script keeps pushing.
 */
const persistentFlood = { refusals: 100, windowMs: 10_000 };

/**
 * One connected socket's command state: its rate bucket, its flood count, its removal. One object
 * per socket and its listeners shared by all of them (Socket.IO calls them with the socket as
 * `this`): an idle hall keeps a thousand for hours.
 */
class CommandSocket {
  private tokens = rate.burst;
  private last = Date.now();
  private refusedSince = 0;
  private refused = 0;

  constructor(
    private readonly socket: YishiSocket,
    private readonly address: string,
    private readonly deps: SocketServerDeps,
  ) {}

  /** Removes the client (LiveConnections): only a removal is announced as one; a shutdown just disconnects (clients reconnect). */
  close(code: number, reason: string): void {
    const { socket } = this;
    if (code === CloseCodes.KICKED) socket.emit('kicked', { reason });
    if (code === CloseCodes.SESSION_DELETED) socket.emit('session:deleted', { sessionId: socket.data.actor.sessionId, reason });
    socket.disconnect(true);
  }

  disconnected(): void {
    const { actor, connectionId } = this.socket.data;
    this.deps.live.remove(actor.participantId, this);
    this.deps.sessionSockets?.left(actor.sessionId);
    void this.deps.presence.leave(connectionId).catch(() => undefined);
  }

  command(event: string, args: unknown[]): void {
    const { socket, deps } = this;
    // Events of a burst still queued after a flood disconnect are dropped, not counted again.
    if (!socket.connected) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: Ack) => void) : null;
    const reply = (a: Ack) => ack?.(a);
    const now = Date.now();
    this.tokens = Math.min(rate.burst, this.tokens + ((now - this.last) / 1000) * rate.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      if (now - this.refusedSince > persistentFlood.windowMs) {
        this.refusedSince = now;
        this.refused = 0;
      }
      if (++this.refused >= persistentFlood.refusals) {
        const message = 'Disconnected: too many commands refused for rate.';
        deps.log.info({ participantId: socket.data.actor.participantId, refused: this.refused }, 'socket disconnected for command flooding');
        reply({ ok: false, error: wireError('RATE_LIMITED', message) });
        socket.emit('server:disconnect', { code: 'RATE_LIMITED', reason: message });
        socket.disconnect(true);
        return;
      }
      return reply({ ok: false, error: wireError('RATE_LIMITED', 'Too many commands; wait a moment and try again.') });
    }
    this.tokens -= 1;
    if (!deps.bus.has(event)) return reply({ ok: false, error: wireError('VALIDATION', `Unknown command "${event}".`) });
    const { actor, connectionId } = socket.data;
    deps.limits.checkCommand(event, args[0], this.address).then((refused) => (refused ? { ok: false as const, error: refused } : deps.bus.dispatch(actor, event, args[0], connectionId))).then(reply, (err) => {
      deps.log.error({ err, event }, 'command dispatch failed');
      reply({ ok: false, error: wireError('INTERNAL', 'The command failed on the server.') });
    });
  }
}

function onCommand(this: YishiSocket, event: string, ...args: unknown[]): void {
  this.data.commands?.command(event, args);
}

function onDisconnect(this: YishiSocket): void {
  this.data.commands?.disconnected();
}

const noHeaders = Object.freeze({});

/** Drops what a connected socket's handshake holds that nothing reads once it has connected. */
function slimHandshake(h: Socket['handshake']): void {
  h.headers = noHeaders;
  h.auth = noHeaders;
  h.query = noHeaders;
  h.url = '';
  h.time = '';
}

export function createSocketServer(deps: SocketServerDeps) {
  const io = new Server<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>(deps.server, {
    path: '/socket.io/',
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: deps.maxPayloadBytes,
    // Socket.IO's default interval: each ping and pong is a frame each way for every tablet of an
    // idle hall (1,000 tablets: 40 a second instead of 50); a dead peer is still found within 45 s.
    pingInterval: 25_000,
    pingTimeout: 20_000,
    // Every engine.io request (handshake, each poll, the upgrade): 403 for another site's page.
    allowRequest: (req, callback) => {
      const verdict = deps.checkOrigin?.(req) ?? true;
      callback(verdict === true ? null : verdict, verdict === true);
    },
  });

  // engine.io hands each upgrade's middlewares a stand-in response that holds the request and
  // listens for the TCP socket's close, so the request (headers, raw headers, parser state: about
  // 1 KB) would live as long as the connection. Once the middlewares have run nothing reads it.
  io.engine.use((_req: IncomingMessage, res: { req?: unknown }, next: () => void) => {
    next();
    if (!(res instanceof ServerResponse)) res.req = null;
  });

  // Engine connections count as unauthenticated from their handshake until a namespace connect
  // passes the middleware below (or they close); past the cap they are closed at once.
  const releases = new WeakMap<object, () => void>();
  let refusing = false;
  io.engine.on('connection', (conn: { request: IncomingMessage; close(): void; once(e: 'close', f: () => void): void }) => {
    const release = refusing ? null : deps.pending.tryAcquire(deps.limits.addressOf(conn.request));
    if (!release) return conn.close();
    releases.set(conn, release);
    conn.once('close', release);
  });

  const refuse = (next: (err?: Error) => void, code: 'RATE_LIMITED' | 'SHUTTING_DOWN', message: string) => {
    const err = new Error(message) as Error & { data: unknown };
    err.data = wireError(code, message);
    next(err);
  };

  io.use((socket, next) => {
    if (refusing) return refuse(next, 'SHUTTING_DOWN', 'The server is shutting down; reconnect shortly.');
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    deps.auth.authenticate(typeof token === 'string' ? token : null).then(
      (r) => {
        if (!r.ok) {
          const err = new Error(r.error.message) as Error & { data: unknown };
          err.data = r.error;
          return next(err);
        }
        const release = releases.get(socket.conn);
        if (release) {
          // Given back, and the listener with it: a connected socket holds no closure for a slot it no longer has.
          release();
          releases.delete(socket.conn);
          socket.conn.removeListener('close', release);
        }
        if (!deps.upgrades.hit(r.actor.participantId)) return refuse(next, 'RATE_LIMITED', 'Too many connections this minute; try again later.');
        socket.data.actor = r.actor;
        socket.data.connectionId = newId();
        next();
      },
      (err) => {
        deps.log.error({ err }, 'socket authentication failed');
        next(new Error('authentication unavailable'));
      },
    );
  });

  io.on('connection', (socket: YishiSocket) => {
    const address = deps.limits.addressOf(socket.request);
    // The handshake's HTTP request is not needed past this point (the address is read, the
    // handshake keeps its headers): let it go rather than hold it for the connection's life.
    (socket.conn as unknown as { request: unknown }).request = null;
    // Nor its copy in the handshake: the token, the headers and the query are read above.
    slimHandshake(socket.handshake);
    const { actor } = socket.data;
    void socket.join([sessionRoom(actor.sessionId), participantRoom(actor.participantId), ...(isModerator(actor.role) ? [moderatorRoom(actor.sessionId)] : [])]);
    const conn = new CommandSocket(socket, address, deps);
    socket.data.commands = conn;
    deps.live.add(actor.participantId, conn);
    deps.sessionSockets?.opened(actor.sessionId);
    // The server's clock, so every screen counts the shared timer down from the same base.
    socket.emit('hello', { participantId: actor.participantId, role: actor.role, sessionId: actor.sessionId, serverNow: Date.now() });
    void deps.presence
      .join({ connectionId: socket.data.connectionId, sessionId: actor.sessionId, participantId: actor.participantId, role: actor.role, name: actor.name, boardId: null, serverId: deps.serverId, since: Date.now() })
      .catch((err) => deps.log.warn({ err }, 'presence join failed'));
    socket.on('disconnect', onDisconnect);
    socket.onAny(onCommand);
  });

  const participation = new ParticipationPush({
    io: io as unknown as ParticipationPushIo, moderatorRoom, participation: deps.participation,
    onError: (err) => deps.log.warn({ err }, 'participation push failed'),
  });
  const unsubscribeParticipation = deps.participationChanges?.((sessionId) => participation.changed(sessionId)) ?? (() => {});

  // Roster pushes, debounced per session; each process pushes only to its own sockets.
  const pending = new Map<string, NodeJS.Timeout>();
  const unsubscribe = deps.presence.onChange((sessionId) => {
    if (pending.has(sessionId)) return;
    const t = setTimeout(() => {
      pending.delete(sessionId);
      void pushRoster(sessionId).catch((err) => deps.log.warn({ err }, 'roster push failed'));
    }, 150);
    t.unref();
    pending.set(sessionId, t);
  });

  async function pushRoster(sessionId: string): Promise<void> {
    const entries = await deps.presence.roster(sessionId);
    const session = await deps.storage.getSession(sessionId);
    const anonymous = session?.settings.anonymous === true;
    const members = new Map<string, RosterMember>();
    const byBoard: Record<string, number> = {};
    for (const e of entries) {
      const m = members.get(e.participantId) ?? { participantId: e.participantId, role: e.role, name: anonymous ? null : e.name, boards: [] };
      if (e.boardId && !m.boards.includes(e.boardId)) m.boards.push(e.boardId);
      members.set(e.participantId, m);
    }
    // Head-counts are of people: a projector showing a board is not someone in the room.
    let screens = 0;
    for (const m of members.values()) {
      if (m.role === 'screen') {
        screens++;
        continue;
      }
      for (const b of m.boards) byBoard[b] = (byBoard[b] ?? 0) + 1;
    }
    const counts: RosterPush = { sessionId, online: members.size - screens, screens, byBoard };
    io.local.to(moderatorRoom(sessionId)).emit('roster', { ...counts, members: [...members.values()] });
    io.local.to(sessionRoom(sessionId)).except(moderatorRoom(sessionId)).emit('roster', counts);
    participation.changed(sessionId, true);
  }

  return {
    io,
    /** Shutdown, first step: new connections are refused with SHUTTING_DOWN. */
    refuseNew(): void {
      refusing = true;
    },
    async close(): Promise<void> {
      refusing = true;
      unsubscribe();
      unsubscribeParticipation();
      participation.close();
      for (const t of pending.values()) clearTimeout(t);
      io.disconnectSockets(true);
      // Not io.close(): that also closes the HTTP server, which Fastify owns and closes itself.
      io.engine.close();
      await io.of('/').adapter.close?.();
    },
  };
}
