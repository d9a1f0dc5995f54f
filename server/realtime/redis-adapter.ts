/**
 * Socket.IO's Redis adapter, on two node-redis clients of its own. The adapter publishes every
 * cross-process broadcast with `pubClient.publish(...)`, and unsubscribes on close, without
 * looking at the promises; during a Redis outage longer than node-redis's queue timeout (5 s), or
 * when a stop destroys a client with commands pending, those promises reject, and an unhandled
 * rejection ends a Node process. Here each such failure is handled: the broadcast is lost to the
 * other processes (their own clients resync on reconnect), logged once per outage.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { closeRedisClient } from '../redis-shutdown.ts';

interface Log {
  warn(obj: object, msg: string): void;
}

export interface RedisAdapter {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

function guardCommands(client: object, names: string[], heard: (sent: Promise<unknown>) => void): void {
  const target = client as Record<string, unknown>;
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]): unknown => {
      const sent: unknown = original.apply(client, args);
      if (sent instanceof Promise) heard(sent);
      return sent;
    };
  }
}

export async function createRedisAdapter(url: string, log: Log): Promise<RedisAdapter> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err: unknown) => log.warn({ err }, 'redis adapter connection error'));
  await Promise.all([pub.connect(), sub.connect()]);

  let failing = false;
  const heard = (sent: Promise<unknown>): void => {
    sent.then(
      () => {
        if (failing) log.warn({}, 'redis adapter: Redis answers again');
        failing = false;
      },
      (err: unknown) => {
        if (!failing) log.warn({ err }, 'redis adapter: a command failed (Redis unreachable); a broadcast may not have reached the other processes; logged once until one succeeds');
        failing = true;
      },
    );
  };
  // Own properties shadow the prototype's command methods, the ones the adapter calls: every
  // broadcast (publish) and, on shutdown, its unsubscribes, none of which it awaits.
  guardCommands(pub, ['publish', 'PUBLISH'], heard);
  guardCommands(sub, ['unsubscribe', 'UNSUBSCRIBE', 'pUnsubscribe', 'PUNSUBSCRIBE'], heard);

  return {
    adapter: createAdapter(pub as never, sub as never),
    close: async () => {
      await Promise.all([pub, sub].map((c) => closeRedisClient(c)));
    },
  };
}
