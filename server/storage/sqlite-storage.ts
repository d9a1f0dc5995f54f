/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL.
 *
 * Writes go to a worker thread (sqlite-writer.worker.mjs) that owns the only writing connection,
 * so each fsync blocks that thread and never the event loop. Reads use a second, read-only
 * connection on the main thread; WAL lets them proceed while the writer commits, and a commit
 * only resolves after its COMMIT returned, so every read after that sees it.
 *
 * Group commit: at most one batch is in flight. Commits that arrive meanwhile queue up here; when
 * the writer reports the batch done, everything queued goes as the next batch, which the writer
 * writes in one transaction (one fsync) with a savepoint per commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SessionDeletedError } from './storage.ts';
import { HealthProbeOp, prepareReads, toFollowUpLink, toParticipant, toSession, toWire, type WireOp } from './sqlite-codec.ts';
import { WriteHealth } from './write-health.ts';
import { DeletedIdGraceMs } from '../privacy/tombstones.ts';
import type {
  VoteRow, HeldNoteRow, PhotoMeta, SessionActivity,
  DisclosureRow, ActionUpdateRow, FollowUpLinkRow, EscalationRow, EscalationUpdateRow,
  BoardRow, IdempotencyRow, InviteRow, ParticipantRow, RecordEntry, SessionRow, Storage,
  StorageHealth, StorageOp, StoredBoardDoc,
  ClientIdClaim,
} from './storage.ts';

export interface SqliteStorageOptions {
  file: string;
  /** How long a batch may wait for more commits once the writer is idle; 0 (default) gathers one tick. */
  maxBatchDelayMs?: number;
  /** The writer module; only tests override it, to simulate a writer that crashes. */
  writerUrl?: URL;
  /** How long a deleted session's ids refuse later writes (default DeletedIdGraceMs; tests shorten it). */
  deletedIdGraceMs?: number;
}

/** The SQLite store, with what tests need to observe durability settings and batching. */
export interface SqliteStorage extends Storage {
  /** The pragmas as the writer's own connection reports them (synchronous is per connection). */
  readonly writerPragmas: { journalMode: string; synchronous: number };
  /** Commits settled by the writer, and transactions it committed: fewer transactions = batching. */
  stats(): { commits: number; transactions: number };
  /**
   * How many deleted session, board and participant ids the writer remembered after its last
   * batch (each is forgotten after the grace period, so this stays bounded).
   */
  deletedIdsRemembered(): number;
}

/** A commit the writer rejected; `code` is SQLite's (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteCommitError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'SqliteCommitError';
  }
}

interface ErrorInfo { message: string; code?: string }
type ReadyMessage = { type: 'ready'; journalMode: string; synchronous: number };
type DoneMessage = {
  type: 'done'; id: number; transactions: number; deletedIds: number;
  /** One per commit of the batch: null when it landed. */
  results?: (ErrorInfo | null)[];
  /** Set when the whole transaction failed: no commit of the batch landed. */
  batchError?: ErrorInfo;
};

interface Pending {
  ops: WireOp[];
  transfer: ArrayBuffer[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export async function openSqliteStorage(opts: SqliteStorageOptions): Promise<SqliteStorage> {
  fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
  const worker = new Worker(opts.writerUrl ?? new URL('./sqlite-writer.worker.mjs', import.meta.url), {
    workerData: { file: opts.file, deletedIdGraceMs: opts.deletedIdGraceMs ?? DeletedIdGraceMs },
  });
  let ready: ReadyMessage;
  // Named listeners, removed one by one: Worker keeps internal listeners that removeAllListeners() would break.
  let onMessage = (_msg: ReadyMessage): void => {};
  let onError = (_err: Error): void => {};
  let onExit = (_code: number): void => {};
  try {
    // The writer creates and migrates the schema before it says ready, so the reader finds it.
    ready = await new Promise<ReadyMessage>((resolve, reject) => {
      onMessage = (msg) => (msg.type === 'ready' ? resolve(msg) : reject(new Error(`sqlite writer sent ${msg.type} before ready`)));
      onError = reject;
      onExit = (code) => reject(new Error(`sqlite writer exited (code ${code}) while opening`));
      worker.once('message', onMessage).once('error', onError).once('exit', onExit);
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  } finally {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
  }
  let reader: Database.Database | null = null;
  try {
    reader = new Database(opts.file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    const { journalMode, synchronous } = ready;
    return new SqliteStore(worker, reader, { journalMode, synchronous }, opts.maxBatchDelayMs ?? 0);
  } catch (err) {
    reader?.close();
    await worker.terminate();
    throw err;
  }
}

class SqliteStore implements SqliteStorage {
  readonly kind = 'sqlite' as const;
  /** Prepared here so that a missing schema fails the open rather than the first read. */
  private readonly q: ReturnType<typeof prepareReads>;
  private queue: Pending[] = [];
  private inFlight: { id: number; commits: Pending[] } | null = null;
  private batchIds = 0;
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;
  private drainWaiters: (() => void)[] = [];
  /** Set once the writer is gone unexpectedly; every later commit rejects with it. */
  private failure: Error | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private stopping = false;
  private readonly exited: Promise<void>;
  private settled = 0;
  private transactions = 0;
  private deletedIds = 0;
  private readonly writes = new WriteHealth();
  /** The probe write health() is waiting for, shared by concurrent health checks. */
  private probing: Promise<void> | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly reader: Database.Database,
    readonly writerPragmas: { journalMode: string; synchronous: number },
    private readonly maxBatchDelayMs: number,
  ) {
    this.q = prepareReads(reader);
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (msg: DoneMessage) => this.onDone(msg));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (!this.stopping) this.fail(new Error(`exited with code ${code}`));
    });
  }

  commit(ops: StorageOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('sqlite storage is closed'));
    if (this.failure) return Promise.reject(this.failure);
    const transfer: ArrayBuffer[] = [];
    let wire: WireOp[];
    try {
      wire = ops.map((op) => toWire(op, transfer));
    } catch (err) {
      return Promise.reject(err); // e.g. data that JSON cannot encode: this commit alone fails
    }
    return this.enqueue(wire, transfer);
  }

  private enqueue(ops: WireOp[], transfer: ArrayBuffer[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, transfer, resolve, reject });
      this.schedule();
    });
  }

  /** Arranges for the queue to be sent once the writer is idle (and the batch delay is over). */
  private schedule(): void {
    if (this.inFlight || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    const go = (): void => {
      this.scheduled = false;
      this.timer = null;
      this.send();
    };
    // Even with no delay, wait one microtask so that commits issued in the same tick share a batch.
    if (this.maxBatchDelayMs > 0 && !this.closed) this.timer = setTimeout(go, this.maxBatchDelayMs);
    else queueMicrotask(go);
  }

  private send(): void {
    if (this.inFlight || this.queue.length === 0 || this.failure) return;
    const commits = this.queue.splice(0);
    const id = ++this.batchIds;
    this.inFlight = { id, commits };
    try {
      this.worker.postMessage({ type: 'batch', id, commits: commits.map((c) => c.ops) }, commits.flatMap((c) => c.transfer));
    } catch (err) {
      this.inFlight = null;
      for (const c of commits) c.reject(err instanceof Error ? err : new Error(String(err)));
      this.afterBatch();
    }
  }

  private onDone(msg: DoneMessage): void {
    if (msg.type !== 'done' || msg.id !== this.inFlight?.id) return;
    const { commits } = this.inFlight;
    this.inFlight = null;
    this.transactions = msg.transactions;
    this.deletedIds = msg.deletedIds;
    this.settled += commits.length;
    this.writes.record(msg);
    commits.forEach((c, i) => {
      const info = msg.batchError ?? msg.results?.[i];
      if (info === null) c.resolve();
      else c.reject(toError(info ?? { message: 'sqlite writer returned no result for this commit' }));
    });
    this.afterBatch();
  }

  private afterBatch(): void {
    this.schedule();
    if (!this.inFlight && this.queue.length === 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /** The writer is gone: nothing may stay pending, and nothing later may wait for it. */
  private fail(cause: unknown): void {
    if (this.failure) return;
    this.failure = new Error(`sqlite writer stopped: ${reasonOf(cause)}`, { cause });
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = [...(this.inFlight?.commits ?? []), ...this.queue.splice(0)];
    this.inFlight = null;
    for (const c of pending) c.reject(this.failure);
    this.afterBatch();
  }

  stats(): { commits: number; transactions: number } {
    return { commits: this.settled, transactions: this.transactions };
  }

  deletedIdsRemembered(): number {
    return this.deletedIds;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) {
      // Closing should not wait out the batch delay.
      clearTimeout(this.timer);
      this.timer = null;
      this.scheduled = false;
      this.send();
    }
    await new Promise<void>((resolve) => {
      this.drainWaiters.push(resolve);
      this.afterBatch();
    });
    this.reader.close();
    if (!this.failure) {
      this.stopping = true;
      this.worker.postMessage({ type: 'close' });
    }
    await this.exited;
  }

  /** The read statements, or a clear error once the store is closed. */
  private reads(): ReturnType<typeof prepareReads> {
    if (!this.reader.open) throw new Error('sqlite storage is closed');
    return this.q;
  }

  async getSession(id: string): Promise<SessionRow | null> {
    const row = this.reads().session.get(id);
    return row ? toSession(row) : null;
  }

  async getSessionByJoinCode(joinCode: string): Promise<SessionRow | null> {
    const row = this.reads().sessionByJoinCode.get(joinCode);
    return row ? toSession(row) : null;
  }

  async getBoard(id: string): Promise<BoardRow | null> {
    return this.reads().board.get(id) ?? null;
  }

  async listBoards(sessionId: string): Promise<BoardRow[]> {
    return this.reads().boards.all(sessionId);
  }

  async getParticipant(id: string): Promise<ParticipantRow | null> {
    const row = this.reads().participant.get(id);
    return row ? toParticipant(row) : null;
  }

  async listParticipants(sessionId: string): Promise<ParticipantRow[]> {
    return this.reads().participants.all(sessionId).map(toParticipant);
  }

  async getInvite(code: string): Promise<InviteRow | null> {
    const row = this.reads().invite.get(code);
    return row ? { ...row, revoked: row.revoked === 1 } : null;
  }

  async loadBoardDoc(boardId: string): Promise<StoredBoardDoc> {
    const q = this.reads();
    // One read transaction: a compaction committing between the two selects would otherwise pair
    // the old snapshot with the already-emptied update list.
    return this.reader.transaction(() => ({
      snapshot: q.snapshot.get(boardId)?.snapshot ?? null,
      updates: q.updates.all(boardId).map((r) => r.data),
    }))();
  }

  async listClientIdClaims(boardId: string): Promise<ClientIdClaim[]> {
    return this.reads().clientIds.all(boardId);
  }


  async listRecord(sessionId: string, afterSeq = 0): Promise<RecordEntry[]> {
    return this.reads().record.all(sessionId, afterSeq).map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
  }

  async getIdempotency(participantId: string, key: string): Promise<IdempotencyRow | null> {
    const row = this.reads().idempotency.get(participantId, key);
    return row ? { ...row, result: JSON.parse(row.result) as unknown } : null;
  }

  async listHeldNotes(boardId: string): Promise<HeldNoteRow[]> {
    return this.reads().heldNotes.all(boardId).map((r) => ({ ...r, note: JSON.parse(r.note) as HeldNoteRow['note'] }));
  }

  async getPhoto(id: string): Promise<PhotoMeta | null> {
    return this.reads().photo.get(id) ?? null;
  }

  async getPhotoBytes(id: string, variant: 'thumb' | 'full'): Promise<Uint8Array | null> {
    const q = this.reads();
    return (variant === 'thumb' ? q.photoThumb : q.photoFull).get(id)?.bytes ?? null;
  }

  async listPhotos(sessionId: string): Promise<PhotoMeta[]> {
    return this.reads().photos.all(sessionId);
  }

  async listIdleSessions(before: number): Promise<SessionActivity[]> {
    return this.reads().idleSessions.all(before);
  }

  async getDisclosure(sessionId: string): Promise<DisclosureRow | null> {
    return this.reads().disclosure.get(sessionId) ?? null;
  }

  async getDisclosureByCode(escalationCode: string): Promise<DisclosureRow | null> {
    return this.reads().disclosureByCode.get(escalationCode) ?? null;
  }

  async listActionUpdates(sessionId: string): Promise<ActionUpdateRow[]> {
    return this.reads().actionUpdates.all(sessionId);
  }

  async getFollowUpLink(code: string): Promise<FollowUpLinkRow | null> {
    const row = this.reads().followUpLink.get(code);
    return row ? toFollowUpLink(row) : null;
  }

  async listFollowUpLinks(sessionId: string): Promise<FollowUpLinkRow[]> {
    return this.reads().followUpLinks.all(sessionId).map(toFollowUpLink);
  }

  async getEscalation(id: string): Promise<EscalationRow | null> {
    return this.reads().escalation.get(id) ?? null;
  }

  async listEscalations(sessionId: string): Promise<EscalationRow[]> {
    return this.reads().escalations.all(sessionId, sessionId);
  }

  async listEscalationUpdates(escalationId: string): Promise<EscalationUpdateRow[]> {
    return this.reads().escalationUpdates.all(escalationId);
  }

  async listVotes(boardId: string): Promise<VoteRow[]> {
    return this.reads().votes.all(boardId);
  }

  async health(): Promise<StorageHealth> {
    if (!this.reader.open) return { ok: false, kind: 'sqlite', detail: 'closed' };
    if (this.failure) return { ok: false, kind: 'sqlite', detail: this.failure.message };
    try {
      this.q.ping.get();
    } catch (err) {
      return { ok: false, kind: 'sqlite', detail: err instanceof Error ? err.message : String(err) };
    }
    // After a failed write, try one small write: a quiet server (or one a load balancer stopped
    // sending traffic to) would otherwise stay unhealthy long after the disk has room again.
    if (this.writes.lastFault && !this.closed) await this.probe();
    const fault = this.writes.lastFault;
    if (!fault) return { ok: true, kind: 'sqlite' };
    const code = fault.code ? ` (${fault.code})` : '';
    return { ok: false, kind: 'sqlite', detail: `the last write failed: ${fault.message}${code}`, writeError: fault };
  }

  private probe(): Promise<void> {
    this.probing ??= this.enqueue([{ op: HealthProbeOp, params: { at: Date.now() } }], [])
      .catch(() => undefined) // its outcome is recorded in this.writes like any other transaction's
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }
}

/** A readable reason; errors from a worker may arrive as plain objects. */
function reasonOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'object' && cause !== null) return JSON.stringify(cause);
  return String(cause);
}

function toError(info: ErrorInfo): Error {
  if (info.code === 'YISHI_SESSION_DELETED') return new SessionDeletedError(info.message);
  return new SqliteCommitError(info.message, info.code);
}
