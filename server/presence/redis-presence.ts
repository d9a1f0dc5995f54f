/**
 * Presence shared through Redis, for several server processes behind one load balancer.
 *
 * Key design (P = keyPrefix, S = session id):
 * - `P presence:{S}:entries` — hash, connection id → JSON of the PresenceEntry.
 * - `P presence:{S}:expiry`  — sorted set, connection id scored by its expiry (epoch ms).
 * - `P presence:changed`     — pub/sub channel; each message names a session whose roster changed.
 *
 * A connection lives as long as its expiry score is in the future. The owning process pushes
 * the scores of its own entries `ttlMs` ahead on every heartbeat, so a process that dies
 * (SIGKILL, OOM, a lost VM) stops refreshing and its entries lapse within `ttlMs`. Expiry is
 * per entry rather than per key because one session's roster mixes connections of many
 * processes, and only the dead one's may go. Roster reads and the periodic sweep remove lapsed
 * entries in the same Lua script that reads them; whoever removes an entry publishes, so the
 * room hears that people left even when the process that held them cannot say so itself.
 *
 * When Redis is unreachable the process keeps its own view: joins, moves and leaves update the
 * local entries and tell local listeners, and a roster read answers with this process's own
 * connections (all of them when one process serves everything; the others' are unknown until
 * Redis is back). When both connections are ready again, every local entry is written back at
 * once (not at the next heartbeat: a Redis that restarted empty would show nobody online until
 * then), leaves that could not be written are removed, and every watched session is announced.
 *
 * Every script takes "now" from Redis's own clock (TIME) so that clock skew between servers
 * cannot expire a live entry early. The `{S}` hash tag keeps both keys of a session in one
 * cluster slot, which multi-key scripts need. Both keys also carry a key-level expiry, longer
 * than the entry TTL plus a sweep, so that sessions nobody is left to sweep do not pile up.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { closeRedisClient } from '../redis-shutdown.ts';
import { z } from 'zod';
import { Roles } from '../../shared/roles.ts';
import type { Presence, PresenceEntry, RosterListener } from './presence.ts';

export interface RedisPresenceOptions {
  url: string;
  /** Names this process in logs and in the origin of its change messages. */
  serverId: string;
  /** How long an entry outlives its owner's last heartbeat. Default 30 s. */
  ttlMs?: number;
  /** How often this process refreshes its entries and sweeps lapsed ones. Default ttlMs / 3. */
  heartbeatMs?: number;
  /** Namespace for keys and the channel, so deployments (and test runs) can share a Redis. */
  keyPrefix?: string;
}

type RedisClient = ReturnType<typeof createClient>;

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: entries, expiry. ARGV: ttlMs, keyTtlMs, channel, message, always-publish flag, then
 * connection id / JSON pairs. Publishes when asked to, or when an entry (re)appears — after
 * a sweep removed a stalled process's entries, or Redis lost them, its next heartbeat restores
 * them and the room must hear it.
 */
const UPSERT = `${NOW_MS}
local expiry = string.format('%d', now + tonumber(ARGV[1]))
local revived = 0
for i = 6, #ARGV, 2 do
  local old = redis.call('ZSCORE', KEYS[2], ARGV[i])
  if not old or tonumber(old) <= now then revived = revived + 1 end
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[2], expiry, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if revived > 0 or ARGV[5] == '1' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return revived`;

/** KEYS: entries, expiry. ARGV: channel, message, then connection ids. Returns how many were there. */
const REMOVE = `local removed = 0
for i = 3, #ARGV do
  redis.call('HDEL', KEYS[1], ARGV[i])
  removed = removed + redis.call('ZREM', KEYS[2], ARGV[i])
end
if removed > 0 then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
return removed`;

/**
 * KEYS: entries, expiry. ARGV: channel, message. Removes lapsed entries (publishing if any),
 * then returns { removed count, JSON of every live entry }. Hash fields without a live score
 * are skipped, so a roster never shows an entry whose expiry is unknown.
 */
const SWEEP_AND_READ = `${NOW_MS}
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', string.format('%d', now))
for _, id in ipairs(lapsed) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
if #lapsed > 0 then redis.call('PUBLISH', ARGV[1], ARGV[2]) end
local live = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. string.format('%d', now), '+inf')) do
  live[id] = true
end
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  if live[all[i]] then out[#out + 1] = all[i + 1] end
end
return { #lapsed, out }`;

// Entries come from other processes (maybe of another version): parse, never trust.
const StoredEntry = z.object({
  connectionId: z.string(),
  sessionId: z.string(),
  participantId: z.string(),
  role: z.enum(Roles),
  name: z.string().nullable(),
  boardId: z.string().nullable(),
  serverId: z.string(),
  since: z.number(),
});

const ChangeMessage = z.object({ sessionId: z.string(), origin: z.string() });

function compareEntries(a: PresenceEntry, b: PresenceEntry): number {
  return a.since - b.since || (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Connects one client. Fails fast if Redis is unreachable at start (node-redis would otherwise
 * retry forever inside `connect()`); once connected, it reconnects with backoff for as long as
 * it takes. The 'error' listener is what keeps node-redis from crashing the process.
 */
async function openClient(url: string, onError: (error: Error) => void, onReady: () => void): Promise<RedisClient> {
  let readyOnce = false;
  const client: RedisClient = createClient({
    url,
    // Queued commands would hang callers for the whole outage; failing them lets the heartbeat retry.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries, cause) => (readyOnce ? Math.min(100 * 2 ** retries, 2_000) : cause),
    },
  });
  client.on('error', onError);
  client.on('ready', () => {
    const wasReady = readyOnce;
    readyOnce = true;
    if (wasReady) onReady();
  });
  await client.connect();
  return client;
}

export async function createRedisPresence(opts: RedisPresenceOptions): Promise<Presence> {
  const ttlMs = opts.ttlMs ?? 30_000;
  const heartbeatMs = opts.heartbeatMs ?? Math.floor(ttlMs / 3);
  if (!(ttlMs > 0) || !(heartbeatMs > 0) || heartbeatMs >= ttlMs) {
    throw new RangeError(`presence: need 0 < heartbeatMs (${heartbeatMs}) < ttlMs (${ttlMs})`);
  }
  const prefix = opts.keyPrefix ?? 'yishi:';
  // Long enough for a watcher's sweep to find and announce the last lapsed entry.
  const keyTtlMs = String(2 * ttlMs + heartbeatMs);
  const channel = `${prefix}presence:changed`;
  // Per instance, not per serverId, so two instances misconfigured with one id still hear each other.
  const origin = `${opts.serverId}:${randomUUID()}`;
  const keys = (sessionId: string) => [`${prefix}presence:{${sessionId}}:entries`, `${prefix}presence:{${sessionId}}:expiry`];
  const changed = (sessionId: string) => JSON.stringify({ sessionId, origin });

  const own = new Map<string, PresenceEntry>();
  /** Sessions whose rosters were read here: swept until seen empty, so their rooms hear of crashes. */
  const watched = new Set<string>();
  const listeners = new Set<RosterListener>();
  let lastError: string | null = null;
  let closed = false;

  /** Redis failures seen; while one happened since the last complete resync, Redis may lack our entries. */
  let failures = 0;
  let synced = true;
  const reportError = (what: string) => (error: unknown) => {
    failures++;
    synced = false;
    // One log line per outage, not one per reconnect attempt.
    if (lastError === null) console.error(`presence[${opts.serverId}]: ${what}: ${message(error)}`);
    lastError = message(error);
  };

  function notify(sessionId: string): void {
    for (const listener of [...listeners]) {
      try {
        listener(sessionId);
      } catch (error) {
        console.error(`presence[${opts.serverId}]: roster listener threw`, error);
      }
    }
  }

  /** Leaves that Redis did not take during an outage (connection id → session id), removed on resync. */
  const unremoved = new Map<string, string>();
  /** Set once both connections exist: a reconnect while they are still being opened has nothing to resync. */
  let started = false;
  const reconnected = () => {
    if (lastError !== null) console.error(`presence[${opts.serverId}]: redis reachable again`);
    lastError = null;
    if (started) void resync();
  };
  const client = await openClient(opts.url, reportError('redis'), reconnected);
  let subscriber: RedisClient | undefined;
  try {
    subscriber = await openClient(opts.url, reportError('redis subscriber'), reconnected);
    await subscriber.subscribe(channel, (raw) => {
      const msg = ChangeMessage.safeParse(parseJson(raw));
      // Our own changes were announced locally already, without waiting for the round trip.
      if (msg.success && msg.data.origin !== origin) notify(msg.data.sessionId);
    });
  } catch (error) {
    client.destroy();
    subscriber?.destroy();
    throw error;
  }
  const sub: RedisClient = subscriber;
  started = true;

  function ownSessions(): Map<string, PresenceEntry[]> {
    const grouped = new Map<string, PresenceEntry[]>();
    for (const entry of own.values()) {
      const list = grouped.get(entry.sessionId);
      if (list) list.push(entry);
      else grouped.set(entry.sessionId, [entry]);
    }
    return grouped;
  }

  async function upsert(sessionId: string, entries: PresenceEntry[], announce: boolean): Promise<number> {
    const pairs = entries.flatMap((e) => [e.connectionId, JSON.stringify(e)]);
    const revived = await client.eval(UPSERT, {
      keys: keys(sessionId),
      arguments: [String(ttlMs), keyTtlMs, channel, changed(sessionId), announce ? '1' : '0', ...pairs],
    });
    if (announce || Number(revived) > 0) notify(sessionId);
    return Number(revived);
  }

  async function remove(sessionId: string, connectionIds: string[]): Promise<void> {
    const removed = await client.eval(REMOVE, {
      keys: keys(sessionId),
      arguments: [channel, changed(sessionId), ...connectionIds],
    });
    if (Number(removed) > 0) notify(sessionId);
  }

  async function sweepAndRead(sessionId: string): Promise<PresenceEntry[]> {
    const reply = (await client.eval(SWEEP_AND_READ, {
      keys: keys(sessionId),
      arguments: [channel, changed(sessionId)],
    })) as [number, string[]];
    const [lapsed, rows] = reply;
    if (Number(lapsed) > 0) notify(sessionId);
    const entries: PresenceEntry[] = [];
    for (const row of rows) {
      const parsed = StoredEntry.safeParse(parseJson(row));
      if (parsed.success) entries.push(parsed.data);
      else console.error(`presence[${opts.serverId}]: skipping a malformed entry in session ${sessionId}`);
    }
    return entries.sort(compareEntries);
  }

  let resyncing: Promise<void> | null = null;
  let resyncAgain = false;
  /**
   * After an outage, once both connections are ready: writes every local entry back (announced,
   * with a fresh expiry), removes the leaves Redis missed, and tells listeners about every
   * session this process watches, since change messages published meanwhile were lost.
   */
  async function resync(): Promise<void> {
    if (resyncing) {
      resyncAgain = true;
      return resyncing;
    }
    resyncing = (async () => {
      do {
        resyncAgain = false;
        if (closed || !client.isReady || !sub.isReady) return;
        const failuresBefore = failures;
        try {
          for (const [connectionId, sessionId] of [...unremoved]) {
            await remove(sessionId, [connectionId]);
            unremoved.delete(connectionId);
          }
          const sessions = ownSessions();
          await Promise.all([...sessions].map(([sessionId, entries]) => upsert(sessionId, entries, true)));
          // Rosters come from Redis again only now that it holds every local entry.
          synced = failures === failuresBefore;
          for (const sessionId of watched) if (!sessions.has(sessionId)) notify(sessionId);
        } catch (error) {
          // Down again: the next 'ready' starts over.
          reportError('resync')(error);
        }
      } while (resyncAgain);
    })().finally(() => {
      resyncing = null;
    });
    return resyncing;
  }

  /**
   * Runs a write of this process's own entries; when Redis cannot take it, the local view has
   * already changed, so local listeners are told and resync() writes it later.
   */
  async function ownWrite(sessionId: string, write: () => Promise<unknown>): Promise<void> {
    try {
      if (!client.isReady) throw new Error(lastError ?? 'redis not connected');
      await write();
    } catch (error) {
      reportError('write')(error);
      notify(sessionId);
    }
  }

  /** This process's own connections in a session: the roster while Redis is unreachable. */
  function localRoster(sessionId: string): PresenceEntry[] {
    return [...own.values()].filter((e) => e.sessionId === sessionId).map((e) => ({ ...e })).sort(compareEntries);
  }

  let ticking = false;
  async function tick(): Promise<void> {
    // A slow Redis must not stack up heartbeats behind each other.
    if (ticking || closed || !client.isReady) return;
    // A failure without a reconnect (a timeout, say) gets no 'ready' event: resync from here.
    if (!synced) return resync();
    ticking = true;
    try {
      const sessions = ownSessions();
      await Promise.all([...sessions].map(([sessionId, entries]) => upsert(sessionId, entries, false)));
      await Promise.all(
        [...new Set([...watched, ...sessions.keys()])].map(async (sessionId) => {
          const live = await sweepAndRead(sessionId);
          if (live.length === 0 && !sessions.has(sessionId)) watched.delete(sessionId);
        }),
      );
    } catch (error) {
      reportError('heartbeat')(error);
    } finally {
      ticking = false;
    }
  }
  const timer = setInterval(() => void tick(), heartbeatMs);
  // The HTTP server decides when the process may exit, not a forgotten presence.
  timer.unref();

  function assertOpen(): void {
    if (closed) throw new Error('presence: closed');
  }

  return {
    kind: 'redis',

    async join(entry) {
      assertOpen();
      const stored = { ...entry };
      const previous = own.get(stored.connectionId);
      // Kept locally first: if Redis is down now, resync() writes it once Redis is back.
      own.set(stored.connectionId, stored);
      unremoved.delete(stored.connectionId);
      if (previous && previous.sessionId !== stored.sessionId) {
        unremoved.set(stored.connectionId, previous.sessionId);
        await ownWrite(previous.sessionId, async () => {
          await remove(previous.sessionId, [stored.connectionId]);
          unremoved.delete(stored.connectionId);
        });
      }
      await ownWrite(stored.sessionId, () => upsert(stored.sessionId, [stored], true));
    },

    // Only this process's own connections can be moved or removed: another process's entries
    // are refreshed by their owner, who would write them straight back.
    async setBoard(connectionId, boardId) {
      assertOpen();
      const entry = own.get(connectionId);
      if (!entry || entry.boardId === boardId) return;
      entry.boardId = boardId;
      await ownWrite(entry.sessionId, () => upsert(entry.sessionId, [entry], true));
    },

    async leave(connectionId) {
      assertOpen();
      const entry = own.get(connectionId);
      if (!entry) return;
      own.delete(connectionId);
      unremoved.set(connectionId, entry.sessionId);
      await ownWrite(entry.sessionId, async () => {
        await remove(entry.sessionId, [connectionId]);
        if (unremoved.get(connectionId) === entry.sessionId) unremoved.delete(connectionId);
      });
    },

    async roster(sessionId) {
      assertOpen();
      watched.add(sessionId);
      // Unreachable Redis, or back but not yet given our entries again: this process's own
      // connections, rather than an error, a stale list or an empty one.
      if (!client.isReady || !synced) return localRoster(sessionId);
      try {
        return await sweepAndRead(sessionId);
      } catch (error) {
        reportError('roster')(error);
        return localRoster(sessionId);
      }
    },

    onChange(listener) {
      const wrapped: RosterListener = (sessionId) => listener(sessionId);
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },

    async health() {
      if (closed) return { ok: false, kind: 'redis', detail: 'closed' };
      if (!client.isReady || !sub.isReady) {
        return { ok: false, kind: 'redis', detail: lastError ?? 'redis not connected' };
      }
      let timeout: NodeJS.Timeout | undefined;
      // The PING's own failure is handled even when the 2 s timer wins the race: node-redis fails
      // it later (its command timeout), and an unhandled rejection would end the process.
      const ping = client.ping();
      ping.catch(() => undefined);
      try {
        await Promise.race([
          ping,
          new Promise((_, reject) => {
            timeout = setTimeout(() => reject(new Error('redis did not answer PING within 2 s')), 2_000);
          }),
        ]);
        return { ok: true, kind: 'redis' };
      } catch (error) {
        return { ok: false, kind: 'redis', detail: message(error) };
      } finally {
        clearTimeout(timeout);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      const sessions = ownSessions();
      own.clear();
      watched.clear();
      try {
        await Promise.all(
          [...sessions].map(([sessionId, entries]) => remove(sessionId, entries.map((e) => e.connectionId))),
        );
      } catch (error) {
        // Unreachable Redis: the entries lapse on their own within ttlMs.
        reportError('close')(error);
      }
      listeners.clear();
      await Promise.all([client, sub].map((c) => closeRedisClient(c)));
    },
  };
}
