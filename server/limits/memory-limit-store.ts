/** The in-process LimitStore: counts of one process, gone when it stops. */
import type { LimitStore, WindowCount } from './limit-store.ts';

interface Entry {
  count: number;
  expiresAt: number;
}

/** How many windows are opened between sweeps of lapsed entries (so an idle key costs nothing for long). */
const SWEEP_EVERY = 1024;

export function createMemoryLimitStore(opts: { now?: () => number } = {}): LimitStore {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let opened = 0;

  const sweep = (t: number) => {
    for (const [key, e] of entries) if (e.expiresAt <= t) entries.delete(key);
  };

  return {
    kind: 'memory',
    async add(key, delta, windowMs): Promise<WindowCount> {
      const t = now();
      let e = entries.get(key);
      if (e && e.expiresAt <= t) {
        entries.delete(key);
        e = undefined;
      }
      if (!e) {
        if (delta <= 0) return { count: 0, resetMs: 0 };
        if (++opened % SWEEP_EVERY === 0) sweep(t);
        e = { count: delta, expiresAt: t + windowMs };
        entries.set(key, e);
      } else {
        e.count = Math.max(0, e.count + delta);
      }
      return { count: e.count, resetMs: e.expiresAt - t };
    },
    async close() {
      entries.clear();
    },
  };
}
