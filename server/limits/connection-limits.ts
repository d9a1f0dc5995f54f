/**
 * Caps on connections that are not (yet) doing useful work, so a flood costs the server a
 * bounded amount of memory: unauthenticated connections per client address, and connection
 * attempts per participant per minute. Both forget everything they no longer need.
 */

/** Counts connections per address that have not authenticated yet; refuses past `max`. */
export class PendingByAddress {
  private readonly counts = new Map<string, number>();

  /** `max` 0 turns the cap off. */
  constructor(private readonly max: number) {}

  /**
   * Takes a slot for one unauthenticated connection from `address`, or null when the address
   * already holds `max`. The returned release is idempotent: call it when the connection
   * authenticates and again when it closes.
   */
  tryAcquire(address: string): (() => void) | null {
    if (this.max === 0) return () => undefined;
    const n = this.counts.get(address) ?? 0;
    if (n >= this.max) return null;
    this.counts.set(address, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(address) ?? 1) - 1;
      if (left <= 0) this.counts.delete(address);
      else this.counts.set(address, left);
    };
  }

  /** Unauthenticated connections held now by `address` (tests, metrics). */
  held(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}

/**
 * Connections accepted per key (a participant) within the last minute, as a sliding log: at most
 * `max` timestamps per key. Refused attempts are not logged, so a client looping against the
 * limit gets in again a minute after its last accepted connection. Keys whose log went stale are
 * dropped once a minute, so the map never grows with the number of participants ever seen.
 */
export class PerMinuteLimit {
  private readonly logs = new Map<string, number[]>();
  private lastSweep: number;

  /** `max` 0 turns the limit off. */
  constructor(
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Counts one connection for `key`; false (and not counted) when it already had `max` this minute. */
  hit(key: string): boolean {
    if (this.max === 0) return true;
    const now = this.now();
    const since = now - 60_000;
    if (this.lastSweep < since) this.sweep(since, now);
    const log = this.logs.get(key) ?? [];
    while (log.length > 0 && log[0]! <= since) log.shift();
    if (log.length >= this.max) return false;
    log.push(now);
    this.logs.set(key, log);
    return true;
  }

  private sweep(since: number, now: number): void {
    this.lastSweep = now;
    for (const [key, log] of this.logs) if (log[log.length - 1]! <= since) this.logs.delete(key);
  }
}
