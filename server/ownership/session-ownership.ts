/**
 * Who decides for a session: exactly one process at a time (see ../shared SCALE-OUT.md,
 * "Ownership and fencing"). A process holds a lease on each session it serves; every commit it
 * makes for the session carries the lease's epoch (a Fence), and a store shared by several
 * processes refuses a commit whose epoch is no longer the session's (storage.ts, FencedError).
 *
 * Two implementations: `LocalOwnership` (one process, the SQLite store: it owns everything, and
 * nothing is fenced) and `PostgresOwnership` (postgres-ownership.ts: leases in `session_owner`).
 */
import { DomainError } from '../../shared/errors.ts';
import type { Fence } from '../storage/storage.ts';

/** This process's lease on a session: its commits for the session are fenced with it. */
export type Lease = Readonly<Fence>;

/** Why a process stopped owning a session it held. */
export type LostWhy = 'taken-over' | 'fenced' | 'deleted';

/** Another process holds a live lease on the session: the work belongs there (SERVED_ELSEWHERE). */
export class OwnedElsewhereError extends DomainError {
  constructor(readonly sessionId: string, readonly ownerUrl: string | null) {
    super('SERVED_ELSEWHERE', 'Another server decides for this consultation right now; nothing was applied. Reconnect and send it again.');
    this.name = 'OwnedElsewhereError';
  }
}

export interface SessionOwnership {
  readonly kind: 'local' | 'postgres';
  /** This process's name in the owner rows (unique per start). */
  readonly owner: string;
  /**
   * The lease this process holds on the session, claiming it when nobody holds a live one (a
   * lapsed lease is taken over: the epoch rises). Throws OwnedElsewhereError when another
   * process holds it.
   */
  hold(sessionId: string): Promise<Lease>;
  /** The lease held now, without claiming (undefined when not held). */
  current(sessionId: string): Lease | undefined;
  /**
   * A commit under `lease` was refused by the store's fence: the session is no longer this
   * process's. Drops the lease (if it is still the one held) and tells the listeners.
   */
  fenced(lease: Lease): void;
  /** A hand-over to the process thought to hold the session failed: ask the database next time. */
  ownerUnreachable(sessionId: string): void;
  /** The session was deleted (its owner row went with it): its lease is forgotten, nobody told. */
  forget(sessionId: string): void;
  /** Called when a held session is lost (taken over, fenced, deleted): drop its rooms, close its connections. */
  onLost(listener: (sessionId: string, why: LostWhy) => void): () => void;
  /**
   * Whether this process may run a task that must run in one process at a time (retention) now:
   * it holds, or could claim, the task's lease. Always true for one process.
   */
  lead(task: string): Promise<boolean>;
  /** Sessions held now. */
  heldCount(): number;
  /** Gives every lease up (graceful stop: another process may claim at once) and stops renewing. */
  close(): Promise<void>;
}

/** One process: it owns every session, for good; commits carry no fence. */
export class LocalOwnership implements SessionOwnership {
  readonly kind = 'local' as const;
  readonly owner = 'local';
  private static readonly lease = (sessionId: string): Lease => ({ sessionId, epoch: 0 });

  hold(sessionId: string): Promise<Lease> {
    return Promise.resolve(LocalOwnership.lease(sessionId));
  }

  current(sessionId: string): Lease {
    return LocalOwnership.lease(sessionId);
  }

  fenced(): void {
    // A single-process store never fences.
  }

  forget(): void {
    // Nothing is held.
  }

  ownerUnreachable(): void {
    // Nobody else owns anything.
  }

  onLost(): () => void {
    return () => undefined;
  }

  lead(): Promise<boolean> {
    return Promise.resolve(true);
  }

  heldCount(): number {
    return 0;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
