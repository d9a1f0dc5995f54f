/**
 * Closing a node-redis client without letting Redis decide how long shutdown takes. `close()`
 * waits for every pending command; a Redis that stopped answering would hold the whole process's
 * shutdown. A client that is reconnecting gets the same grace to come back first: destroying it in
 * the middle of its reconnect fails the subscriptions it is restoring, with nobody to hear it.
 * After `graceMs` the client is destroyed, which fails its pending commands at once.
 */
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';

export interface ClosableRedis extends EventEmitter {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  close(): Promise<unknown>;
  destroy(): unknown;
}

export async function closeRedisClient(client: ClosableRedis, graceMs = 2_000): Promise<void> {
  if (!client.isOpen) return;
  const deadline = AbortSignal.timeout(graceMs);
  if (!client.isReady) await once(client, 'ready', { signal: deadline }).catch(() => undefined);
  if (client.isReady) {
    const closed = client.close().then(() => true, () => false);
    const gaveUp = once(deadline, 'abort').then(() => false);
    if (await Promise.race([closed, gaveUp])) return;
  }
  // Also after a close() that did not finish: close() marks the client closed at once but keeps
  // the socket until every pending command is answered, which a stuck Redis never does. destroy()
  // is idempotent and ends that socket too.
  client.destroy();
}
