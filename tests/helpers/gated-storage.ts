/**
 * A Storage wrapper whose commits a test resolves by hand, to observe what happens between a
 * commit being handed to storage and it being durable. A held commit reaches the inner store
 * only when released (oldest first, as storage resolves commits in submission order); reads go
 * straight to the inner store, so they see released commits only.
 */
import type { Storage, StorageOp } from '../../server/storage/storage.ts';

interface Held {
  ops: StorageOp[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface GatedStorage {
  storage: Storage;
  /** Every commit handed over, in submission order (released, held or failed). */
  readonly submitted: StorageOp[][];
  /** Commits waiting to be released. */
  pending(): number;
  /** Applies the oldest held commit to the inner store and settles it as the inner store does. */
  release(): Promise<void>;
  /** Releases every held commit, oldest first. */
  releaseAll(): Promise<void>;
  /** Rejects the oldest held commit with `err`, applying nothing. */
  fail(err: Error): Promise<void>;
  /** While open (the default is closed), commits go straight through, still counted in `submitted`. */
  setOpen(open: boolean): void;
}

export function gateStorage(inner: Storage): GatedStorage {
  const held: Held[] = [];
  const submitted: StorageOp[][] = [];
  let open = false;
  const commit = (ops: StorageOp[]): Promise<void> => {
    submitted.push(ops);
    if (open && held.length === 0) return inner.commit(ops);
    return new Promise<void>((resolve, reject) => held.push({ ops, resolve, reject }));
  };
  const storage = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'commit') return commit;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const settle = async (run: (h: Held) => Promise<void>): Promise<void> => {
    const h = held.shift();
    if (!h) throw new Error('no held commit');
    await run(h);
  };
  return {
    storage,
    submitted,
    pending: () => held.length,
    release: () => settle((h) => inner.commit(h.ops).then(h.resolve, h.reject)),
    async releaseAll() {
      while (held.length) await this.release();
    },
    fail: (err) => settle(async (h) => h.reject(err)),
    setOpen(value) {
      open = value;
    },
  };
}

/**
 * Resolves once everything a settled commit set off has run: its promise chains (microtasks)
 * and what they queued for the next turn of the event loop (BoardRoom relays with setImmediate).
 * Two turns, because a relay may be queued during the first one's microtasks.
 */
export async function nextTurn(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
