/**
 * Whether the store can write: the outcome of the writer's last transaction. Reads working is
 * not enough — a full disk still serves every read while refusing every write — so /healthz asks
 * this too.
 *
 * A transaction that failed as a whole (SQLite or PostgreSQL rolled it back: I/O error, disk
 * full, a lost connection) is a fault, whatever its code. A single commit refused inside a
 * transaction that otherwise committed is a fault only when the reason lies with the file, the
 * disk or the server, not with the data: a unique constraint (a join code taken meanwhile) or a
 * write for a deleted session is the store working as it should, and must not make an honest
 * server look broken.
 */

/** The last write that failed for a reason of the store, until a later transaction commits. */
export interface WriteFault {
  message: string;
  /** SQLite's extended code (SQLITE_FULL, SQLITE_IOERR_WRITE, …) or PostgreSQL's SQLSTATE (53100, …). */
  code?: string;
  /** Epoch ms when it happened. */
  at: number;
}

/** SQLite primary result codes that say the file or the disk cannot take writes. */
const STORE_FAULTS = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|BUSY|LOCKED|NOMEM|PROTOCOL|PERM|NOLFS)(_|$)/;

export function isStoreFault(code: string | undefined): boolean {
  return code !== undefined && STORE_FAULTS.test(code);
}

/**
 * PostgreSQL SQLSTATEs that say the server cannot take writes: a lost connection (08), no disk
 * or memory (53), a shutdown or a statement timeout (57), I/O errors (58), corruption (XX), a
 * lock that cannot be had (55), a read-only transaction, missing privileges or database, failed
 * authentication. Constraint and data errors (23, 22) are not: the store works as it should.
 */
const PG_STORE_FAULTS = /^(08|53|55|57|58|XX|28)|^(25006|42501|3D000)$/;

export function isPostgresStoreFault(code: string | undefined): boolean {
  return code !== undefined && PG_STORE_FAULTS.test(code);
}

/** The outcome of one transaction as the writer reported it. */
export interface TransactionOutcome {
  /** Set when the whole transaction failed (nothing of it landed). */
  batchError?: { message: string; code?: string };
  /** One per commit: null when it landed. */
  results?: ({ message: string; code?: string } | null)[];
}

export class WriteHealth {
  private fault: WriteFault | null = null;

  /** `isFault` tells a store's error codes apart (SQLite's by default); `now` stamps the fault. */
  constructor(private readonly isFault: (code: string | undefined) => boolean = isStoreFault, private readonly now: () => number = Date.now) {}

  /** The fault that makes the store unhealthy, or null when the last transaction committed cleanly. */
  get lastFault(): WriteFault | null {
    return this.fault;
  }

  /** Records a transaction's outcome: any store fault in it wins; otherwise it committed, and writing works. */
  record(outcome: TransactionOutcome): void {
    const failed = outcome.batchError ?? outcome.results?.find((r) => r !== null && this.isFault(r.code)) ?? null;
    this.fault = failed ? { message: failed.message, ...(failed.code ? { code: failed.code } : {}), at: this.now() } : null;
  }
}
