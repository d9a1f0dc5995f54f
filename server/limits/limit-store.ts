/**
 * Fixed-window counters behind one interface: in memory for one process, in Redis when several
 * processes must share their counts. The rules are in tests/contract/limit-store.contract.ts.
 */

/** A counter's state after a change: its count in the current window and the ms left of it. */
export interface WindowCount {
  count: number;
  /** Time until the window ends and the count starts again from zero (0 when there is no window). */
  resetMs: number;
}

export interface LimitStore {
  readonly kind: 'memory' | 'redis';
  /**
   * Adds `delta` to the key's count in its current window. A positive delta on a key without a
   * window opens one of `windowMs`; 0 only reads; a negative delta refunds (never below zero,
   * and never opens a window).
   */
  add(key: string, delta: number, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

/** A limit: at most `max` in any window of `windowMs`; 0 turns it off. */
export interface Rule {
  max: number;
  windowMs: number;
}

/**
 * Wraps a store so that its failures (Redis down, slow or lost) let requests through: a limit
 * that cannot count must not take the service down with it. One log line when counting stops
 * and one when it works again, not one per request.
 */
export function failOpen(store: LimitStore, log: { warn(msg: string): void }, timeoutMs = 500): LimitStore {
  let failing = false;
  return {
    kind: store.kind,
    async add(key, delta, windowMs) {
      let timer: NodeJS.Timeout | undefined;
      // Handled even when the timer wins: the store fails it later, and an unhandled rejection
      // would end the process.
      const counted = store.add(key, delta, windowMs);
      counted.catch(() => undefined);
      try {
        const result = await Promise.race([
          counted,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        if (failing) log.warn(`limits: the ${store.kind} store answers again; limits are enforced again`);
        failing = false;
        return result;
      } catch (err) {
        if (!failing) log.warn(`limits: the ${store.kind} store failed (${err instanceof Error ? err.message : String(err)}); requests pass unlimited until it answers again`);
        failing = true;
        return { count: 0, resetMs: 0 };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => store.close(),
  };
}
