/**
 * Builds a Yishi server: Fastify (HTTP), the y-websocket endpoint and Socket.IO on one port,
 * over a storage and a presence implementation chosen by configuration. `main.ts` is the
 * process around it; tests call `buildApp` with port 0.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Actor } from '../shared/roles.ts';
import { CloseCodes } from '../shared/errors.ts';
import { Authenticator } from './auth/authenticate.ts';
import { openSqliteStorage } from './storage/sqlite-storage.ts';
import { openPostgresStorage } from './storage/postgres-storage.ts';
import type { Storage } from './storage/storage.ts';
import { createMemoryPresence } from './presence/memory-presence.ts';
import { createRedisPresence } from './presence/redis-presence.ts';
import type { Presence } from './presence/presence.ts';
import { SessionService } from './sessions/session-service.ts';
import { ParticipationCounts } from './sessions/participation.ts';
import { CommitWatch } from './storage/commit-watch.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { HandedOverHeader, frameworkErrors, installErrorHandling } from './http/error-handling.ts';
import { staticRoutes } from './http/static-routes.ts';
import { BoardRooms } from './yjs/board-rooms.ts';
import { attachYjsEndpoint } from './yjs/yjs-endpoint.ts';
import { createRedisAdapter } from './realtime/redis-adapter.ts';
import { PushRelay } from './forwarding/push-relay.ts';
import { CommandBus } from './commands/command-bus.ts';
import { IdempotencyExpiry } from './commands/idempotency-expiry.ts';
import { registerCommands } from './commands/register-commands.ts';
import { createSocketServer } from './realtime/socket-server.ts';
import { LiveConnections } from './realtime/live-connections.ts';
import { Notifier } from './realtime/notifier.ts';
import { reachableUrls } from './net.ts';
import { publicRoutes } from './http/public-routes.ts';
import { ResultsCache } from './results/results-cache.ts';
import { followUpRoutes } from './http/follow-up-routes.ts';
import { ensureDisclosure, publishedSession } from './results/disclosure.ts';
import { PhotoService } from './photos/photo-service.ts';
import { photoRoutes } from './http/photo-routes.ts';
import { privacyRoutes } from './http/privacy-routes.ts';
import { requestForLog } from './http/log-redaction.ts';
import { SessionDeletion } from './privacy/session-deletion.ts';
import { Retention } from './privacy/retention.ts';
import { createLimits } from './limits/limits.ts';
import { trustFunction } from './limits/client-address.ts';
import { installSecurityHeaders, securityHeaders, setSecurityHeaders } from './http/security-headers.ts';
import { originPolicy } from './http/origins.ts';
import { PendingByAddress, PerMinuteLimit } from './limits/connection-limits.ts';
import { appRoot } from './app-root.ts';
import { AppMetrics } from './metrics/app-metrics.ts';
import { createMetricsEndpoint } from './metrics/metrics-endpoint.ts';
import { LocalOwnership, type SessionOwnership } from './ownership/session-ownership.ts';
import { openPostgresOwnership } from './ownership/postgres-ownership.ts';
import { fencingStorage } from './ownership/fenced-storage.ts';
import { sessionRoom } from './realtime/socket-rooms.ts';
import { createInternalServer, forwardCommand, relayHttp, relayedHeaders, yjsHandOver } from './forwarding/internal-channel.ts';

export interface YishiApp {
  fastify: FastifyInstance;
  config: Config;
  storage: Storage;
  presence: Presence;
  rooms: BoardRooms;
  bus: CommandBus;
  live: LiveConnections;
  photos: PhotoService;
  /** Deletes whole sessions (the facilitator's request, retention). */
  deletion: SessionDeletion;
  /** Sweeps idle unpublished sessions (started by listen()). */
  retention: Retention;
  /** Deletes idempotency results older than the longest token lifetime (started by listen()). */
  idempotency: IdempotencyExpiry;
  /** Whose sessions this process decides for: every session with one process (SQLite), leases in PostgreSQL otherwise. */
  ownership: SessionOwnership;
  /** Counters and histograms for /metrics; null when METRICS_PORT is unset. */
  metrics: AppMetrics | null;
  /** Listens on config.host:config.port (0 picks a free port), and the metrics port if set; returns the base URL. */
  listen(): Promise<string>;
  /** http://127.0.0.1:METRICS_PORT once listening, null when metrics are off. */
  metricsUrl(): string | null;
  /**
   * Graceful stop, in order: refuse new connections and commands (SHUTTING_DOWN), let running
   * commands commit and send their acks, then close sockets, rooms and storage.
   */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Where the built client lives (default dist/client). */
  clientDir?: string;
  logger?: boolean | { level: string };
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<YishiApp> {
  const logger = options.logger ?? { level: config.logLevel };
  const headers = securityHeaders({ tls: config.tls !== null, publicUrl: config.publicUrl });
  const fastify = Fastify({
    // Photo URLs may carry ?token=: the request log never shows it.
    logger: typeof logger === 'object' ? { ...logger, serializers: { req: requestForLog } } : logger,
    forceCloseConnections: true,
    bodyLimit: config.maxBodyBytes,
    // TRUST_PROXY: whose X-Forwarded-For names the client (req.ip, req.protocol, req.host).
    trustProxy: trustFunction(config.trustProxy),
    frameworkErrors: frameworkErrors(headers),
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  const log = fastify.log;
  // The API speaks JSON only: anything else is 415, not silently a string.
  fastify.removeContentTypeParser('text/plain');
  installSecurityHeaders(fastify, headers);
  const checkOrigin = originPolicy({ publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins });

  const metrics = config.metricsPort === null ? null : new AppMetrics();
  // DATABASE_URL picks PostgreSQL (shared by every process); otherwise the SQLite file in DATA_DIR.
  // Every commit is watched, so caches of derived views drop what it changed (and it is timed).
  // Unique per start: a restarted process is another owner, so it never mistakes an old lease for its own.
  const ownerName = `${config.serverId}:${randomBytes(4).toString('hex')}`;
  const inner = config.databaseUrl
    ? await openPostgresStorage({ url: config.databaseUrl, owner: ownerName, onConnectionError: (err) => log.warn({ err }, 'a PostgreSQL connection failed while idle; it will be replaced') })
    : await openSqliteStorage({ file: path.join(config.dataDir, 'yishi.db') });
  const commits = new CommitWatch(inner, metrics ? (seconds, ok) => metrics.commitDone(inner.kind, ok, seconds) : undefined);
  // With PostgreSQL several processes may share the database: one decides for each session at a
  // time (a lease in session_owner), and every commit carries the lease's epoch, which the store
  // checks in the commit's own transaction (server/ownership/). With SQLite this process owns all.
  let internalPort = config.internalPort;
  const internalUrl = () => config.internalUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${internalPort}`;
  const ownership: SessionOwnership = config.databaseUrl
    ? await openPostgresOwnership({
      url: config.databaseUrl,
      owner: ownerName,
      internalUrl,
      leaseMs: config.leaseMs,
      renewMs: Math.max(100, Math.floor(config.leaseMs / 4)),
      idleMs: Math.max(config.roomIdleMs, config.leaseMs),
      inUse: (sessionId) => rooms.hasSession(sessionId),
      events: metrics ? {
        tookOver: (lapsed) => metrics.tookOver(lapsed),
        renewFailed: () => metrics.renewalFailed(),
        lost: (why) => metrics.sessionLost(why),
        fencedCommit: () => metrics.fencedCommit(),
      } : undefined,
      onError: (err) => log.warn({ err }, 'session lease: a database call failed'),
    })
    : new LocalOwnership();
  metrics?.trackOwnership(() => ownership.heldCount());
  const storage = fencingStorage(commits.storage, ownership);
  const presence = config.redisUrl
    ? await createRedisPresence({ url: config.redisUrl, serverId: config.serverId })
    : createMemoryPresence();
  const limits = await createLimits({ limits: config.limits, trustProxy: config.trustProxy, redisUrl: config.redisUrl, secret: config.secret, storage, log: { warn: (msg) => log.warn(msg) } });

  let boundUrl = '';
  const publicUrl = () => config.publicUrl ?? (boundUrl || `http://localhost:${config.port}`);
  const auth = new Authenticator(storage, config.secret);
  const sessions = new SessionService({ storage, secret: config.secret, tokenTtl: config.tokenTtl, publicUrl });
  const rooms = new BoardRooms({
    storage, log, ownership, idleMs: config.roomIdleMs, compactAfterUpdates: config.compactAfterUpdates, compactLogPercent: config.compactLogPercent, compactLullMs: config.compactLullMs, fanoutWindowMs: config.fanoutWindowMs,
    hooks: metrics ? { fannedOut: (_room, ms) => metrics.fannedOut(ms / 1000), unloaded: (_room, why) => metrics.boardUnloaded(why) } : undefined,
  });
  const live = new LiveConnections();
  const notify = new Notifier(live);
  const bus = new CommandBus({
    storage, rooms, notify, presence, ownership,
    // Another process holds the session: the command goes to it over the internal channel.
    forward: config.databaseUrl ? async (ownerUrl, actor, name, raw, connectionId) => {
      const ack = await forwardCommand(config.secret, ownerUrl, actor, name, raw, connectionId);
      if (!ack.ok && ack.error.code === 'SERVED_ELSEWHERE') ownership.ownerUnreachable(actor.sessionId);
      return ack;
    } : undefined,
    onError: (err, command) => log.error({ err, command }, 'command failed'),
    onSettled: metrics ? (command, outcome, seconds) => metrics.commandDone(command, outcome, seconds) : undefined,
  });
  const deletion = new SessionDeletion({ storage, rooms, notify, presence, ownership, log });
  const retention = new Retention({ storage, rooms, presence, deletion, ownership, log, retentionDays: config.retentionDays });
  const idempotency = new IdempotencyExpiry({ storage, log, tokenTtl: config.tokenTtl });
  const photos = new PhotoService({ storage, rooms, notify });
  registerCommands(bus, { publicUrl, deletion });

  const indexHtml = await staticRoutes(fastify, options.clientDir ?? path.join(appRoot, 'dist', 'client'), {
    isPublished: async (sessionId) => (await publishedSession(storage, sessionId)) !== null,
  });
  // Several processes: a request that needs another process's session is answered by that process.
  installErrorHandling(fastify, indexHtml, config.databaseUrl ? (ownerUrl, req) => relayHttp(config.secret, ownerUrl, req) : undefined);
  fastify.get('/healthz', async (_req, reply) => {
    const [s, p] = await Promise.all([
      storage.health().catch((e: Error) => ({ ok: false, kind: storage.kind, detail: e.message })),
      presence.health().catch((e: Error) => ({ ok: false, kind: presence.kind, detail: e.message })),
    ]);
    const ok = s.ok && p.ok;
    return reply.code(ok ? 200 : 503).send({ ok, storage: s, presence: p, serverId: config.serverId });
  });
  const counts = new ParticipationCounts({ storage, presence, rooms, commits });
  const participationOf = (sessionId: string) => counts.summary(sessionId);
  sessionRoutes(fastify, {
    sessions, auth, adminToken: config.adminToken, participation: participationOf, limits,
    escalationCode: async (sessionId) => (await ensureDisclosure(storage, sessionId)).escalationCode,
  });
  publicRoutes(fastify, { storage, rooms, auth, publicUrl, cache: new ResultsCache(commits) });
  followUpRoutes(fastify, {
    storage, rooms, auth, publicUrl,
    tokenFor: (p) => sessions.tokenFor(p),
    closeParticipant: (id, code, reason) => notify.closeParticipantEverywhere(id, code, reason),
    notify, limits,
  });
  photoRoutes(fastify, { auth, photos, maxPhotoBytes: config.maxPhotoBytes, limits });
  privacyRoutes(fastify, { auth, deletion });

  // One count of unauthenticated connections per address and of connections per participant,
  // whichever transport they use.
  const pending = new PendingByAddress(config.maxUnauthenticatedPerAddress);
  const upgrades = new PerMinuteLimit(config.upgradesPerMinute);
  let relay: PushRelay | null = null;
  const socket = createSocketServer({
    server: fastify.server, auth, presence, storage, bus, live, log, participation: participationOf, participationChanges: (l) => counts.onChange(l), serverId: config.serverId, maxPayloadBytes: config.maxBodyBytes, limits, checkOrigin, pending, upgrades,
    sessionSockets: { opened: (sessionId) => relay?.opened(sessionId), left: (sessionId) => relay?.left(sessionId) },
  });
  // With several processes on one database, pushes reach the other processes' sockets over the
  // internal channel (server/forwarding/push-relay.ts), Redis or not.
  relay = config.databaseUrl ? new PushRelay({
    secret: config.secret, selfUrl: internalUrl, hold: (sessionId) => ownership.hold(sessionId), log,
    // The event and payload were typed where the owner emitted them; the channel is signed.
    emitLocal: (room, event, payload) => (socket.io.local.to(room) as unknown as { emit(e: string, p: unknown): boolean }).emit(event, payload),
  }) : null;
  notify.bind(socket.io as never, { crossProcess: Boolean(config.redisUrl), relay });
  // Socket.IO answers /socket.io/ itself, never through Fastify: the same headers here. (After
  // createSocketServer: engine.io's attach removes the 'request' listeners it finds.)
  fastify.server.prependListener('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/')) setSecurityHeaders(res, req.headers.host, headers);
  });
  const redisAdapter = config.redisUrl ? await createRedisAdapter(config.redisUrl, log) : null;
  if (redisAdapter) socket.io.adapter(redisAdapter.adapter);
  const yjs = attachYjsEndpoint({
    server: fastify.server, rooms, auth, storage, presence, live, log, serverId: config.serverId, maxFrameBytes: config.maxYjsFrameBytes,
    checkOrigin, addressOf: limits.addressOf, pending, upgrades, maxEarlyFrames: config.maxEarlyFrames, maxEarlyBytes: config.maxEarlyBytes,
    ...(config.databaseUrl ? {
      handOver: (ownerUrl: string, boardId: string, actor: Actor) => yjsHandOver(config.secret, ownerUrl, boardId, actor),
      handOverFailed: (sessionId: string) => ownership.ownerUnreachable(sessionId),
    } : {}),
  });
  // With several processes: the listener the others hand commands and board connections to
  // (server/forwarding/), on INTERNAL_PORT, never through the public port; every request signed with SECRET.
  const internal = config.databaseUrl ? createInternalServer(config.secret, {
    command: (actor, name, payload, connectionId) => bus.dispatch(actor, name, payload, connectionId, true),
    http: async (r) => {
      const res = await fastify.inject({
        method: r.method as 'GET', url: r.url, headers: { ...r.headers, [HandedOverHeader]: '1' }, remoteAddress: r.remoteAddress,
        ...(r.body === null ? {} : { payload: r.body }),
      });
      return { status: res.statusCode, headers: relayedHeaders(res.headers), body: res.rawPayload };
    },
    yjsUpgrade: (req, sock, head, boardId, actor) => yjs.handedOver(req, sock, head, boardId, actor),
    listen: (sessionId, url) => relay?.listen(sessionId, url),
    push: (room, event, payload) => relay?.receive(room, event, payload),
  }, log) : null;
  // Another process took a session over (or this one's commit met the fence): its boards leave
  // memory and its connections here close so that clients reconnect and resync. Socket.IO
  // connections are cut below the protocol ("transport close"), which its client retries; a
  // server-side disconnect would tell it not to.
  ownership.onLost((sessionId, why) => {
    log.warn({ sessionId, why }, 'another process decides for this session now: its boards and connections here are dropped');
    rooms.dropSession(sessionId, CloseCodes.SERVED_ELSEWHERE, 'served elsewhere');
    const nsp = socket.io.of('/');
    for (const id of nsp.adapter.rooms.get(sessionRoom(sessionId)) ?? []) nsp.sockets.get(id)?.conn.close();
  });
  // Connections are counted when scraped, from the rooms and Socket.IO's own socket list: nothing
  // to keep in step on connect and disconnect. Yjs connections count once joined to their board.
  if (metrics) {
    metrics.countBoards(() => [...rooms.all()].length);
    metrics.countRelayed(() => yjs.relayedCount());
    metrics.countConnections('yjs', function* () {
      for (const room of rooms.all()) for (const conn of room.connections) yield conn.actor.role;
    });
    metrics.countConnections('socketio', function* () {
      for (const s of socket.io.of('/').sockets.values()) if (s.data.actor) yield s.data.actor.role;
    });
  }
  const metricsEndpoint = metrics ? createMetricsEndpoint(metrics, (err) => log.error({ err }, 'metrics collection failed')) : null;
  let metricsPort: number | null = null;

  let closed = false;
  return {
    fastify, config, storage, presence, rooms, bus, live, photos, deletion, retention, idempotency, metrics, ownership,
    metricsUrl: () => (metricsPort === null ? null : `http://127.0.0.1:${metricsPort}`),
    async listen() {
      if (metricsEndpoint && config.metricsPort !== null) metricsPort = await metricsEndpoint.listen(config.metricsPort, config.host);
      if (internal) {
        await new Promise<void>((resolve, reject) => {
          internal.once('error', reject);
          internal.listen(config.internalPort, config.host, () => resolve());
        });
        const a = internal.address();
        internalPort = typeof a === 'object' && a ? a.port : config.internalPort;
      }
      await fastify.listen({ port: config.port, host: config.host });
      const addr = fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      boundUrl = reachableUrls(config.host, port, config.tls !== null)[0] ?? `http://localhost:${port}`;
      retention.start();
      idempotency.start();
      return `${config.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      // A step that takes long is named in the log: a stop that hangs says where.
      const step = async (name: string, run: () => Promise<unknown>): Promise<void> => {
        const started = performance.now();
        await run();
        const ms = Math.round(performance.now() - started);
        if (ms > 2_000) log.warn({ step: name, ms }, 'a shutdown step was slow');
      };
      await step('retention', () => retention.stop());
      await step('idempotency expiry', () => idempotency.stop());
      yjs.refuseNew();
      socket.refuseNew();
      // Every command already running commits and is acked on its still-open socket; a command
      // arriving from now on is refused, so none is committed without its client hearing of it.
      await step('commands in flight', () => bus.drain());
      yjs.close();
      live.closeAll(CloseCodes.GOING_AWAY, 'server shutting down');
      relay?.close();
      await step('socket.io', () => socket.close());
      await step('boards', () => rooms.closeAll('server shutting down'));
      // Every board is compacted and committed: the leases go, so another process may claim at once.
      await step('session leases', () => ownership.close().catch((err: unknown) => log.warn({ err }, 'giving the session leases up failed; they lapse on their own')));
      await step('http', () => fastify.close());
      if (internal) {
        internal.closeAllConnections();
        await step('internal channel', () => new Promise<void>((resolve) => internal.close(() => resolve())));
      }
      // Side by side: with Redis stuck, each gives it the same bounded grace.
      await step('presence, redis adapter and limits', () => Promise.all([presence.close(), redisAdapter?.close(), limits.close()]));
      await step('storage', () => storage.close());
      if (metricsEndpoint) await step('metrics', () => metricsEndpoint.close());
    },
  };
}
