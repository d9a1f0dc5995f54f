/**
 * Session leases in PostgreSQL's `session_owner` (migration 3, postgres-schema.ts): one row per
 * session naming its owner process, the owner's internal address, an epoch and a lease time.
 *
 * - **Claim** (`hold`): in one transaction, lock the row; take it when there is none, when its
 *   lease lapsed (`lease_until < now()`, the database's clock), or when it already names this
 *   process; each claim raises the epoch, so a commit made under an older claim is fenced.
 *   Otherwise another process holds it: OwnedElsewhereError.
 * - **Renew** every `renewMs` (~2 s): one UPDATE pushes `lease_until` to now + `leaseMs` (~8 s)
 *   for every held row that still names this process. A held session whose row no longer names
 *   this process at the held epoch was taken over (or deleted): it is dropped and the listeners
 *   told. Renewing also releases sessions unused for `idleMs` that no live board needs.
 * - **Release**: `lease_until` to the past (another process may claim at once); the epoch stays.
 *
 * The lease only says who should serve; safety comes from the fence: the store checks the epoch
 * inside every commit's transaction (postgres-storage.ts), so an owner paused past its lease
 * (SIGSTOP, a long GC, a partition) cannot write after a takeover, whatever its clock says.
 */
import pg from 'pg';
import { OwnedElsewhereError, type Lease, type LostWhy, type SessionOwnership } from './session-ownership.ts';

export interface PostgresOwnershipOptions {
  url: string;
  /** This process's unique name (e.g. SERVER_ID plus a random part: a restarted process is another owner). */
  owner: string;
  /** Where other processes reach this one (INTERNAL_URL); read at each claim, as the port may be known only once listening. */
  internalUrl: () => string;
  /** Lease length (default 8 s). */
  leaseMs?: number;
  /** Renewal period (default 2 s). */
  renewMs?: number;
  /** A session neither used (`hold`) for this long nor `inUse` is released (default 60 s). */
  idleMs?: number;
  /** Whether the session still needs this process (a live board of it): then it is not released. */
  inUse?: (sessionId: string) => boolean;
  /** Counters for /metrics. */
  events?: {
    /** A claim took the session from another process (its lease lapsed, or it released it). */
    tookOver?(lapsed: boolean): void;
    /** A renewal round failed (the database did not answer): the leases run on until they lapse. */
    renewFailed?(): void;
    /** A held session was lost: a commit was refused by the fence, or a renewal found it taken over. */
    lost?(why: LostWhy): void;
    /** The store refused a commit by its fence (each one; the first also loses the session). */
    fencedCommit?(): void;
  };
  onError?: (err: Error) => void;
}

interface Held extends Lease {
  lastUsed: number;
}

/** A task lease's row id: '#' cannot start a session id. */
const taskKey = (task: string): string => `#${task}`;

export async function openPostgresOwnership(opts: PostgresOwnershipOptions): Promise<PostgresOwnership> {
  const pool = new pg.Pool({ connectionString: opts.url, max: 2, keepAlive: true, connectionTimeoutMillis: 10_000, query_timeout: 10_000, application_name: 'yishi-owner' });
  pool.on('error', (err) => opts.onError?.(err));
  await pool.query('SELECT 1 FROM session_owner LIMIT 1'); // the store migrated first: the table must be there
  return new PostgresOwnership(pool, opts);
}

export class PostgresOwnership implements SessionOwnership {
  readonly kind = 'postgres' as const;
  readonly owner: string;
  private readonly held = new Map<string, Held>();
  private readonly claiming = new Map<string, Promise<Lease>>();
  /**
   * Who holds a session another process owns, as last read, for at most a second: a process
   * forwarding a busy session's commands does not ask the database each time.
   */
  private readonly elsewhere = new Map<string, { ownerUrl: string; until: number }>();
  private readonly listeners = new Set<(sessionId: string, why: LostWhy) => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private renewing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly pool: pg.Pool, private readonly opts: PostgresOwnershipOptions) {
    this.owner = opts.owner;
    this.leaseMs = opts.leaseMs ?? 8000;
    this.idleMs = opts.idleMs ?? 60_000;
    this.timer = setInterval(() => void this.renew(), opts.renewMs ?? 2000);
    this.timer.unref();
  }

  current(sessionId: string): Lease | undefined {
    return this.held.get(sessionId);
  }

  hold(sessionId: string): Promise<Lease> {
    const held = this.held.get(sessionId);
    if (held) {
      held.lastUsed = Date.now();
      return Promise.resolve(held);
    }
    if (this.closed) return Promise.reject(new OwnedElsewhereError(sessionId, null));
    const known = this.elsewhere.get(sessionId);
    if (known && known.until > Date.now()) return Promise.reject(new OwnedElsewhereError(sessionId, known.ownerUrl));
    let pending = this.claiming.get(sessionId);
    if (!pending) {
      pending = this.claim(sessionId).finally(() => this.claiming.delete(sessionId));
      this.claiming.set(sessionId, pending);
    }
    return pending;
  }

  async lead(task: string): Promise<boolean> {
    try {
      await this.hold(taskKey(task));
      return true;
    } catch (err) {
      if (err instanceof OwnedElsewhereError) return false;
      throw err;
    }
  }

  heldCount(): number {
    let n = 0;
    for (const id of this.held.keys()) if (!id.startsWith('#')) n++;
    return n;
  }

  fenced(lease: Lease): void {
    this.opts.events?.fencedCommit?.();
    this.drop(lease, 'fenced');
  }

  /** Remembers who holds a session elsewhere. */
  private setOwnerHint(sessionId: string, hint: { ownerUrl: string; until: number }): void {
    this.elsewhere.set(sessionId, hint);
    if (this.elsewhere.size > 10_000) this.elsewhere.delete(this.elsewhere.keys().next().value!);
  }

  ownerUnreachable(sessionId: string): void {
    this.elsewhere.delete(sessionId);
  }

  forget(sessionId: string): void {
    this.held.delete(sessionId);
  }

  onLost(listener: (sessionId: string, why: LostWhy) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One transaction: lock the row, then take it (insert, or raise the epoch) or name who holds it. */
  private async claim(sessionId: string): Promise<Lease> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        await client.query('BEGIN');
        const { rows: [row] } = await client.query<{ owner: string; internal_url: string; live: boolean; released: boolean; left_ms: number }>(
          `SELECT owner, internal_url, lease_until >= now() AS live, lease_until = '-infinity' AS released,
             CASE WHEN lease_until >= now() THEN (extract(epoch FROM lease_until - now()) * 1000)::float8 ELSE 0 END AS left_ms
           FROM session_owner WHERE session_id = $1 FOR UPDATE`, [sessionId]);
        let epoch: number | undefined;
        if (!row) {
          const { rows } = await client.query<{ epoch: string }>(
            `INSERT INTO session_owner (session_id, owner, internal_url, epoch, lease_until)
             VALUES ($1, $2, $3, 1, now() + $4 * interval '1 millisecond') ON CONFLICT (session_id) DO NOTHING RETURNING epoch`,
            [sessionId, this.owner, this.opts.internalUrl(), this.leaseMs]);
          // Another process inserted it meanwhile: look again (its row is there now).
          if (rows.length === 0 && attempt < 2) {
            await client.query('ROLLBACK');
            continue;
          }
          epoch = rows[0] ? Number(rows[0].epoch) : undefined;
        } else if (!row.live || row.owner === this.owner) {
          const { rows: [up] } = await client.query<{ epoch: string }>(
            `UPDATE session_owner SET owner = $2, internal_url = $3, epoch = epoch + 1, lease_until = now() + $4 * interval '1 millisecond'
             WHERE session_id = $1 RETURNING epoch`, [sessionId, this.owner, this.opts.internalUrl(), this.leaseMs]);
          epoch = up ? Number(up.epoch) : undefined;
          if (row.owner !== this.owner) this.opts.events?.tookOver?.(!row.released);
        }
        await client.query('COMMIT');
        if (epoch === undefined) {
          if (row) this.setOwnerHint(sessionId, { ownerUrl: row.internal_url, until: Date.now() + Math.min(1000, row.left_ms) });
          throw new OwnedElsewhereError(sessionId, row?.internal_url ?? null);
        }
        this.elsewhere.delete(sessionId);
        const lease: Held = { sessionId, epoch, lastUsed: Date.now() };
        this.held.set(sessionId, lease);
        return lease;
      }
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  /** Renews every held lease; drops those taken over; releases the idle ones. One round at a time. */
  renew(): Promise<void> {
    this.renewing ??= this.renewNow().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewNow(): Promise<void> {
    if (this.closed || this.held.size === 0) return;
    const now = Date.now();
    for (const lease of [...this.held.values()]) {
      if (lease.sessionId.startsWith('#') || now - lease.lastUsed < this.idleMs || this.opts.inUse?.(lease.sessionId)) continue;
      await this.release(lease).catch((err: Error) => this.opts.onError?.(err));
    }
    const asked = [...this.held.values()];
    if (asked.length === 0) return;
    let rows: { session_id: string; epoch: string }[];
    try {
      ({ rows } = await this.pool.query<{ session_id: string; epoch: string }>(
        `UPDATE session_owner SET lease_until = now() + $3 * interval '1 millisecond'
         WHERE owner = $1 AND session_id = ANY($2::text[]) RETURNING session_id, epoch`,
        [this.owner, asked.map((l) => l.sessionId), this.leaseMs]));
    } catch (err) {
      this.opts.events?.renewFailed?.();
      this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const epochs = new Map(rows.map((r) => [r.session_id, Number(r.epoch)]));
    for (const lease of asked) if (epochs.get(lease.sessionId) !== lease.epoch) this.drop(lease, 'taken-over');
  }

  /** Gives one lease up: forgotten here first, so nothing new is committed under it. */
  private async release(lease: Held): Promise<void> {
    if (this.held.get(lease.sessionId) !== lease) return;
    this.held.delete(lease.sessionId);
    await this.pool.query(
      `UPDATE session_owner SET lease_until = '-infinity' WHERE session_id = $1 AND owner = $2 AND epoch = $3`,
      [lease.sessionId, this.owner, lease.epoch]);
  }

  private drop(lease: Lease, why: LostWhy): void {
    const held = this.held.get(lease.sessionId);
    if (!held || held.epoch !== lease.epoch) return;
    this.held.delete(lease.sessionId);
    this.opts.events?.lost?.(why);
    for (const listener of this.listeners) {
      try {
        listener(lease.sessionId, why);
      } catch (err) {
        this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.renewing?.catch(() => undefined);
    const all = [...this.held.keys()];
    this.held.clear();
    try {
      if (all.length) {
        await this.pool.query(`UPDATE session_owner SET lease_until = '-infinity' WHERE owner = $1 AND session_id = ANY($2::text[])`, [this.owner, all]);
      }
    } finally {
      await this.pool.end();
    }
  }
}
