/**
 * The scaled store: PostgreSQL through node-postgres, chosen by DATABASE_URL.
 *
 * Group commit, as in the SQLite store: at most one transaction is in flight; commits that arrive
 * meanwhile (or within the same tick) queue and go as the next batch, written in ONE transaction
 * (one WAL flush) on one connection, pipelined; a commit that fails is rolled back and rejected
 * alone while the others land (the batch is written again with a SAVEPOINT per commit: see
 * writeBatch). Every commit resolves only after COMMIT returned with synchronous_commit on (set
 * in the transaction itself), and in submission order.
 *
 * Deletion is final for every process sharing the database: see postgres-deletion.ts.
 */
import pg from 'pg';
import { FencedError, SessionDeletedError } from './storage.ts';
import type { Fence, Storage, StorageHealth, StorageOp } from './storage.ts';
import { idsWritten, onlyPointedAt } from './session-links.ts';
import { deleteSessionSql, idleSessionsSql, migrate, tableColumns, type IdKind } from './postgres-schema.ts';
import { deleteSession, lockAndCheck, nameKey, type BatchLocks, type RunStatement } from './postgres-deletion.ts';
import { encodeOp, healthProbe, type EncodedOp } from './postgres-writes.ts';
import { PostgresReads } from './postgres-reads.ts';
import { WriteHealth, isPostgresStoreFault } from './write-health.ts';

export interface PostgresStorageOptions {
  /** postgres://user:password@host:port/database (`?options=-c%20search_path%3Dname` picks a schema). */
  url: string;
  /** Read connections (default 4); writes use one connection of their own. */
  readConnections?: number;
  /** Told about connections that failed while idle (the pools replace them). */
  onConnectionError?: (err: Error) => void;
  /**
   * This process's name in `session_owner` (server/ownership/postgres-ownership.ts). When set,
   * fencing is on: every commit that writes a session's rows must carry that session's fence,
   * and lands only while the session's owner row names this process with the fence's epoch
   * (checked in the commit's own transaction); otherwise it alone is refused with FencedError.
   */
  owner?: string;
}

/** The PostgreSQL store, with what tests need to observe durability and batching. */
export interface PostgresStorage extends Storage {
  /** As the write transactions see them: fsync must be on, synchronous_commit is set on in each. */
  readonly writerSettings: { fsync: string; synchronousCommit: string };
  readonly schemaVersion: number;
  /** Commits settled, and transactions committed: fewer transactions than commits = batching. */
  stats(): { commits: number; transactions: number };
}

/** A commit PostgreSQL refused; `code` is its SQLSTATE (e.g. 23505 for a unique violation). */
export class PostgresCommitError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'PostgresCommitError';
  }
}

interface ErrorInfo { message: string; code?: string; sessionId?: string }
interface Pending {
  ops: EncodedOp[];
  /** `kind\0id` of every session, board and participant the commit writes a row for. */
  names: string[];
  /** Sessions the commit must be fenced for besides those found through `names` (a deletion's). */
  fenceSessions: string[];
  /** Epoch by session: the leases the commit is made under. */
  fences: Map<string, number>;
  /** Sessions the commit only points at (escalation targets): checked for deletion, not fenced. */
  unfenced: Set<string>;
  resolve: () => void;
  reject: (err: Error) => void;
}

const SessionDeletedCode = 'YISHI_SESSION_DELETED';
const FencedCode = 'YISHI_FENCED';
/**
 * Every write transaction starts so: READ COMMITTED is what the lock-then-check of
 * postgres-deletion.ts relies on.
 * No JIT: the session delete reaches every table, and its cost estimate would have PostgreSQL
 * spend ~100 ms compiling a statement that runs in a few.
 */
const Begin = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = on; SET LOCAL statement_timeout = '30s'; SET LOCAL jit = off";
/** Deadlocks (two processes locking rows in another order) and serialization failures are retried. */
const Retryable = new Set(['40P01', '40001']);
const MaxAttempts = 3;

/** A commit failed in a pipelined batch: the batch must be written again, isolated. */
class CommitFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('a commit of the batch failed');
  }
}

/** bigint (int8) as a number: times in ms, sequence numbers and Yjs client ids stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openPostgresStorage(opts: PostgresStorageOptions): Promise<PostgresStorage> {
  const common = { connectionString: opts.url, types, keepAlive: true, connectionTimeoutMillis: 10_000, query_timeout: 60_000 };
  // The writer pipelines (sends statements without waiting for each answer): see PostgresStore.pipelined.
  const writer = new pg.Pool({ ...common, max: 1, idleTimeoutMillis: 0, application_name: 'yishi-writer', pipeline: true });
  const reader = new pg.Pool({ ...common, max: opts.readConnections ?? 4, application_name: 'yishi-reader' });
  // An idle connection that breaks (a server restart) is an 'error' event: without a listener
  // it would end the process. The pools drop it and connect anew on the next use.
  const onIdleError = (err: Error): void => opts.onConnectionError?.(err);
  writer.on('error', onIdleError);
  reader.on('error', onIdleError);
  try {
    const client = await writer.connect();
    try {
      const schemaVersion = await migrate(client);
      await client.query(Begin);
      const { rows: [settings] } = await client.query<{ fsync: string; synchronousCommit: string }>(
        `SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS "synchronousCommit"`);
      await client.query('COMMIT');
      if (settings?.fsync !== 'on' || settings.synchronousCommit !== 'on') {
        throw new Error(`wanted fsync and synchronous_commit on, got ${settings?.fsync} and ${settings?.synchronousCommit}`);
      }
      const tables = await tableColumns(client);
      return new PostgresStore(writer, reader, settings, schemaVersion, deleteSessionSql(tables), idleSessionsSql(tables), opts.owner ?? null);
    } finally {
      client.release();
    }
  } catch (err) {
    await Promise.all([writer.end(), reader.end()]).catch(() => undefined);
    throw new Error(`postgres storage could not open: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

class PostgresStore extends PostgresReads implements PostgresStorage {
  readonly kind = 'postgres' as const;
  private queue: Pending[] = [];
  private inFlight = false;
  private scheduled = false;
  private drainWaiters: (() => void)[] = [];
  private closed = false;
  /** Set once the pools are ended: reads fail clearly from then on. */
  private ended = false;
  private closing: Promise<void> | null = null;
  private settled = 0;
  private transactions = 0;
  private readonly writes = new WriteHealth(isPostgresStoreFault);
  private probing: Promise<void> | null = null;
  /** Prepared-statement names by SQL text. */
  private readonly statementNames = new Map<string, string>();

  constructor(
    private readonly writer: pg.Pool,
    private readonly reader: pg.Pool,
    readonly writerSettings: { fsync: string; synchronousCommit: string },
    readonly schemaVersion: number,
    private readonly deleteSql: string,
    idleSql: string,
    /** See PostgresStorageOptions.owner; null: fencing off. */
    private readonly owner: string | null,
  ) {
    super(async (text, values) => {
      if (this.ended) throw new Error('postgres storage is closed');
      return (await reader.query(text, values)).rows;
    }, async (text, values) => {
      if (this.ended) throw new Error('postgres storage is closed');
      const client = await reader.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN READ ONLY; SET LOCAL jit = off');
        const { rows } = await client.query(text, values);
        await client.query('COMMIT');
        return rows;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.release(broken);
      }
    }, idleSql);
  }

  commit(ops: StorageOp[], fences: readonly Fence[] = []): Promise<void> {
    if (this.closed) return Promise.reject(new Error('postgres storage is closed'));
    let encoded: EncodedOp[];
    const names = new Set<string>();
    const fenceSessions: string[] = [];
    try {
      encoded = ops.map(encodeOp);
      for (const op of ops) {
        if (op.op === 'session.delete') fenceSessions.push(op.sessionId);
        for (const [kind, ids] of Object.entries(idsWritten(op)) as [IdKind, (string | null)[]][]) {
          for (const id of ids) if (id !== null) names.add(nameKey(kind, id));
        }
      }
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err))); // e.g. data JSON cannot encode: this commit alone fails
    }
    return this.enqueue(encoded, [...names], fenceSessions, new Map(fences.map((f) => [f.sessionId, f.epoch])), onlyPointedAt(ops));
  }

  private enqueue(ops: EncodedOp[], names: string[], fenceSessions: string[] = [], fences = new Map<string, number>(), unfenced = new Set<string>()): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops, names, fenceSessions, fences, unfenced, resolve, reject });
      this.schedule();
    });
  }

  /** The batch's locks, with the owner rows when fencing is on. */
  private lock(run: RunStatement, commits: Pending[]): Promise<BatchLocks> {
    return lockAndCheck(run, commits.flatMap((c) => c.names), this.owner === null ? null : commits.flatMap((c) => c.fenceSessions));
  }

  /**
   * Why a commit may not land: a deletion committed before it (or earlier in the batch), or,
   * with fencing on, a session it writes whose owner row does not name this process with the
   * epoch of the commit's fence (a takeover since, or no fence given). Null: it may land.
   */
  private refusal(c: Pending, locks: BatchLocks): ErrorInfo | null {
    if (c.names.some((k) => locks.deleted.has(k))) return { message: 'The session was deleted.', code: SessionDeletedCode };
    if (this.owner === null) return null;
    const sessions = new Set(c.fenceSessions);
    for (const k of c.names) {
      const sessionId = k.startsWith('sessions\0') ? k.slice('sessions\0'.length) : locks.sessionOf.get(k);
      // A session the commit only points at (the other side of an escalation) needs no lease.
      if (sessionId !== undefined && !c.unfenced.has(sessionId)) sessions.add(sessionId);
    }
    for (const sessionId of sessions) {
      const epoch = c.fences.get(sessionId);
      const row = locks.owners.get(sessionId);
      if (epoch === undefined) return { message: `The commit writes session ${sessionId} without a lease on it.`, code: FencedCode, sessionId };
      if (!row || row.owner !== this.owner || row.epoch !== epoch) {
        return { message: `Another process took session ${sessionId} over (epoch ${row?.epoch ?? 'none'}, this process held ${epoch}).`, code: FencedCode, sessionId };
      }
    }
    return null;
  }

  /** Sends the queue once no batch is in flight; waits a microtask so that commits of one tick share a batch. */
  private schedule(): void {
    if (this.inFlight || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send(): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    const commits = this.queue.splice(0);
    this.inFlight = true;
    // writeBatch reports failures in its outcome; the catch is for a bug, so that no commit waits forever.
    const outcome = await this.writeBatch(commits).catch((err: unknown) => ({ batchError: errorInfo(err), results: undefined }));
    this.inFlight = false;
    this.settled += commits.length;
    this.writes.record(outcome);
    commits.forEach((c, i) => {
      const info = outcome.batchError ?? outcome.results?.[i];
      if (info === null) c.resolve();
      else c.reject(toError(info ?? { message: 'postgres writer returned no result for this commit' }));
    });
    this.schedule();
    if (!this.inFlight && this.queue.length === 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /**
   * Writes one batch in one transaction; returns per-commit results (null = landed) or one error
   * for the whole batch. A deadlock is retried; so is a connection that broke before COMMIT was
   * sent (nothing of it can have landed). A connection lost during COMMIT fails the batch: its
   * commits may or may not have landed, and none was acknowledged.
   *
   * Round trips are what a batch costs here, and commits rarely fail, so a batch is first written
   * pipelined (see `pipelined`); if one of its commits fails, the transaction is rolled back and
   * the batch written again one statement at a time with a savepoint per commit (`isolated`), which
   * rejects that commit alone. A batch holding a session.delete is written isolated at once.
   */
  private async writeBatch(commits: Pending[]): Promise<{ results?: (ErrorInfo | null)[]; batchError?: ErrorInfo }> {
    let lastError: unknown;
    let isolate = commits.some((c) => c.ops.some((op) => op.op === 'session.delete'));
    for (let attempt = 1; attempt <= MaxAttempts; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.writer.connect();
      } catch (err) {
        return { batchError: errorInfo(err) };
      }
      const state = { commitSent: false };
      let broken: Error | undefined;
      try {
        const results = await (isolate ? this.isolated(client, commits, state) : this.pipelined(client, commits, state));
        this.transactions++;
        return { results };
      } catch (err) {
        lastError = err;
        await client.query('ROLLBACK').catch((e: unknown) => {
          broken = e instanceof Error ? e : new Error(String(e));
        });
        if (err instanceof CommitFailed && !broken) {
          // A lone commit is rejected by the rollback itself; with others, write them again isolated.
          if (commits.length === 1) return { results: [errorInfo(err.cause)] };
          isolate = true;
          attempt--; // not a retry of a failure of the store
          continue;
        }
        const again = broken ? !state.commitSent : Retryable.has(errorInfo(err).code ?? '');
        if (!again) return { batchError: errorInfo(err instanceof CommitFailed ? err.cause : err) };
      } finally {
        client.release(broken);
      }
    }
    return { batchError: errorInfo(lastError) };
  }

  /**
   * The batch in two round trips: BEGIN with the locks and the tombstones, then every statement
   * of every commit that is not refused, and COMMIT, sent without waiting for one another. The
   * server runs them in order; once one fails the transaction is aborted, the statements after it
   * fail too and COMMIT only rolls back, so any failure throws (CommitFailed, or the error itself
   * when a retry of the whole batch may succeed) and nothing of the batch has landed.
   * The session owners' fences are checked on the owner rows the first round trip locked.
   */
  private async pipelined(client: pg.PoolClient, commits: Pending[], state: { commitSent: boolean }): Promise<(ErrorInfo | null)[]> {
    const run = this.runner(client);
    const [, locks] = await Promise.all([client.query(Begin), this.lock(run, commits)]);
    const results: (ErrorInfo | null)[] = [];
    const sent: Promise<unknown>[] = [];
    for (const c of commits) {
      // A deletion committed before, or a fence that no longer holds: refused without touching anything.
      const refused = this.refusal(c, locks);
      results.push(refused);
      if (refused) continue;
      for (const op of c.ops) if (op.op !== 'session.delete') for (const st of op.statements) sent.push(run(st.text, st.values));
    }
    state.commitSent = true;
    const commit = client.query('COMMIT');
    const outcomes = await Promise.allSettled([...sent, commit]);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      const code = errorInfo(failed.reason).code;
      throw code && !Retryable.has(code) && failed !== outcomes.at(-1) ? new CommitFailed(failed.reason) : failed.reason;
    }
    const done = outcomes.at(-1) as PromiseFulfilledResult<pg.QueryResult>;
    if (done.value.command !== 'COMMIT') throw new Error(`COMMIT answered ${done.value.command}`);
    return results;
  }

  /** The batch one statement at a time, each commit under its own savepoint (see commitOne). */
  private async isolated(client: pg.PoolClient, commits: Pending[], state: { commitSent: boolean }): Promise<(ErrorInfo | null)[]> {
    await client.query(Begin);
    const locks = await this.lock(this.runner(client), commits);
    const results: (ErrorInfo | null)[] = [];
    for (const c of commits) {
      // A deletion committed before (or earlier in this batch), or a fence that no longer holds: refused without touching anything.
      const refused = this.refusal(c, locks);
      results.push(refused ?? await this.commitOne(client, c, locks.deleted));
    }
    state.commitSent = true;
    await client.query('COMMIT');
    return results;
  }

  /**
   * One commit inside the batch's transaction, under its own savepoint: on failure it alone is
   * rolled back. `deleted` gains the ids this commit deleted, once it landed.
   */
  private async commitOne(client: pg.PoolClient, c: Pending, deleted: Set<string>): Promise<ErrorInfo | null> {
    const run = this.runner(client);
    await client.query('SAVEPOINT c');
    try {
      const removed: string[] = [];
      for (const op of c.ops) {
        if (op.op === 'session.delete') removed.push(...await deleteSession(run, this.deleteSql, op.sessionId));
        else for (const st of op.statements) await run(st.text, st.values);
      }
      await client.query('RELEASE SAVEPOINT c');
      for (const k of removed) deleted.add(k);
      return null;
    } catch (err) {
      // A deadlock fails the batch, to be retried whole; if the savepoint cannot be rolled back
      // (the connection is gone), neither can the batch go on.
      if (Retryable.has(errorInfo(err).code ?? '')) throw err;
      try {
        await client.query('ROLLBACK TO SAVEPOINT c');
      } catch {
        throw err;
      }
      return errorInfo(err);
    }
  }

  /** Runs statements as named prepared statements: the writer's connection lives long, so each is parsed and planned once. */
  private runner(client: pg.PoolClient): RunStatement {
    return <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
      let name = this.statementNames.get(text);
      if (!name) this.statementNames.set(text, name = `y${this.statementNames.size}`);
      return client.query<R>({ name, text, values });
    };
  }

  stats(): { commits: number; transactions: number } {
    return { commits: this.settled, transactions: this.transactions };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    await new Promise<void>((resolve) => {
      if (!this.inFlight && this.queue.length === 0 && !this.scheduled) resolve();
      else this.drainWaiters.push(resolve);
    });
    this.ended = true;
    await Promise.all([this.writer.end(), this.reader.end()]);
  }

  async health(): Promise<StorageHealth> {
    if (this.ended || this.closed) return { ok: false, kind: 'postgres', detail: 'closed' };
    try {
      await this.reader.query('SELECT 1');
    } catch (err) {
      return { ok: false, kind: 'postgres', detail: errorInfo(err).message };
    }
    // After a failed write, try one small write: a server nobody writes to would otherwise stay
    // unhealthy long after the database takes writes again.
    if (this.writes.lastFault) await this.probe();
    const fault = this.writes.lastFault;
    if (!fault) return { ok: true, kind: 'postgres' };
    const code = fault.code ? ` (${fault.code})` : '';
    return { ok: false, kind: 'postgres', detail: `the last write failed: ${fault.message}${code}`, writeError: fault };
  }

  private probe(): Promise<void> {
    this.probing ??= this.enqueue([healthProbe(Date.now())], [])
      .catch(() => undefined) // its outcome is recorded in this.writes like any other transaction's
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }
}

function errorInfo(err: unknown): ErrorInfo {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}

function toError(info: ErrorInfo): Error {
  if (info.code === SessionDeletedCode) return new SessionDeletedError(info.message);
  if (info.code === FencedCode) return new FencedError(info.sessionId ?? '', info.message);
  return new PostgresCommitError(info.message, info.code);
}
