/**
 * The LimitStore in Redis, over node-redis (the client the project already uses), so every
 * process behind a load balancer counts into the same windows. One Lua script per change keeps
 * "open the window if there is none, then count" atomic; the window's expiry is Redis's own
 * PEXPIRE, so processes' clocks do not matter.
 */
import { createClient } from 'redis';
import { closeRedisClient } from '../redis-shutdown.ts';
import type { LimitStore, WindowCount } from './limit-store.ts';

/**
 * KEYS[1]: the counter. ARGV: delta, windowMs. Returns { count, ms left }. A key without an
 * expiry (which this script never leaves) is treated as lapsed, so no counter can live forever.
 */
const ADD = `local delta = tonumber(ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  if delta <= 0 then return { 0, 0 } end
  redis.call('SET', KEYS[1], delta, 'PX', ARGV[2])
  return { delta, tonumber(ARGV[2]) }
end
local n = redis.call('INCRBY', KEYS[1], delta)
if n < 0 then
  redis.call('SET', KEYS[1], 0, 'KEEPTTL')
  n = 0
end
return { n, ttl }`;

export interface RedisLimitStoreOptions {
  url: string;
  /** Namespace of the keys, so deployments (and test runs) can share one Redis. */
  keyPrefix: string;
  /** Called on connection errors; the fail-open wrapper logs the failures that matter. */
  onError?: (err: Error) => void;
  /** How long to wait for Redis at start before going on without it (it keeps reconnecting). */
  connectWaitMs?: number;
}

export async function createRedisLimitStore(opts: RedisLimitStoreOptions): Promise<LimitStore> {
  const client = createClient({
    url: opts.url,
    // Queued commands would hold requests for the whole outage; failing them lets requests pass.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
  // Without an 'error' listener node-redis would crash the process on a lost connection.
  client.on('error', (err: Error) => opts.onError?.(err));
  const connecting = client.connect().catch((err: unknown) => opts.onError?.(err instanceof Error ? err : new Error(String(err))));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([connecting, new Promise((resolve) => (timer = setTimeout(resolve, opts.connectWaitMs ?? 2_000)))]);
  clearTimeout(timer);

  return {
    kind: 'redis',
    async add(key, delta, windowMs): Promise<WindowCount> {
      const reply = (await client.eval(ADD, { keys: [opts.keyPrefix + key], arguments: [String(delta), String(windowMs)] })) as [number, number];
      return { count: Number(reply[0]), resetMs: Number(reply[1]) };
    },
    close: () => closeRedisClient(client),
  };
}
