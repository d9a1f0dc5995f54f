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
import type {
  VoteRow, HeldNoteRow, PhotoMeta, SessionActivity,
  DisclosureRow, ActionUpdateRow, FollowUpLinkRow, EscalationRow, EscalationUpdateRow,
  BoardRow, IdempotencyRow, InviteRow, ParticipantRow, RecordEntry, SessionRow, Storage,
  StorageHealth, StorageOp, StoredBoardDoc,
} from './storage.ts';

export interface SqliteStorageOptions {
  file: string;
  /** How long a batch may wait for more commits once the writer is idle; 0 (default) gathers one tick. */
  maxBatchDelayMs?: number;
  /** The writer module; only tests override it, to simulate a writer that crashes. */
  writerUrl?: URL;
}

/** The SQLite store, with what tests need to observe durability settings and batching. */
export interface SqliteStorage extends Storage {
  /** The pragmas as the writer's own connection reports them (synchronous is per connection). */
  readonly writerPragmas: { journalMode: string; synchronous: number };
  /** Commits settled by the writer, and transactions it committed: fewer transactions = batching. */
  stats(): { commits: number; transactions: number };
}

/** A commit the writer rejected; `code` is SQLite's (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqliteCommitError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'SqliteCommitError';
  }
}

type Param = string | number | null | Uint8Array;
/** An op as the writer receives it: its name and its named SQL parameters, already encoded. */
interface WireOp { op: StorageOp['op']; params: Record<string, Param> }
interface ErrorInfo { message: string; code?: string }
type ReadyMessage = { type: 'ready'; journalMode: string; synchronous: number };
type DoneMessage = {
  type: 'done'; id: number; transactions: number;
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
    workerData: { file: opts.file },
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
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ops: wire, transfer, resolve, reject });
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
    this.settled += commits.length;
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

  async countBoardUpdates(boardId: string): Promise<number> {
    return this.reads().countUpdates.get(boardId)?.n ?? 0;
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
      return { ok: true, kind: 'sqlite' };
    } catch (err) {
      return { ok: false, kind: 'sqlite', detail: err instanceof Error ? err.message : String(err) };
    }
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

const bool = (b: boolean): number => (b ? 1 : 0);
const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

/**
 * A private copy in its own exactly-sized buffer, which can then be transferred (not cloned)
 * without detaching the caller's bytes, and without shipping a whole message buffer that the
 * caller's update may only be a view into.
 */
function own(bytes: Uint8Array, transfer: ArrayBuffer[]): Uint8Array {
  const copy = new Uint8Array(bytes);
  transfer.push(copy.buffer);
  return copy;
}

/** Encodes an op into the named parameters of the writer's SQL (booleans as 0/1, JSON as text). */
function toWire(op: StorageOp, transfer: ArrayBuffer[]): WireOp {
  switch (op.op) {
    case 'session.put': {
      const s = op.session;
      return { op: op.op, params: { id: s.id, title: s.title, joinCode: s.joinCode, joinOpen: bool(s.joinOpen), settings: json(s.settings), createdAt: s.createdAt } };
    }
    case 'board.put': {
      const b = op.board;
      return { op: op.op, params: { id: b.id, sessionId: b.sessionId, title: b.title, kind: b.kind, createdAt: b.createdAt } };
    }
    case 'participant.put': {
      const p = op.participant;
      return { op: op.op, params: { id: p.id, sessionId: p.sessionId, role: p.role, name: p.name, group: p.group, ageBand: p.ageBand,
        locale: p.locale, tokenVersion: p.tokenVersion, revoked: bool(p.revoked), createdAt: p.createdAt, scribedBy: p.scribedBy ?? null } };
    }
    case 'invite.put': {
      const i = op.invite;
      return { op: op.op, params: { code: i.code, sessionId: i.sessionId, role: i.role, createdBy: i.createdBy, createdAt: i.createdAt, revoked: bool(i.revoked) } };
    }
    case 'board.update':
      // `at` stamps the board's last activity (retention counts edits made only through Yjs).
      return { op: op.op, params: { boardId: op.boardId, update: own(op.update, transfer), at: Date.now() } };
    case 'board.compact':
      return { op: op.op, params: { boardId: op.boardId, snapshot: own(op.snapshot, transfer) } };
    case 'record.append': {
      const e = op.entry;
      return { op: op.op, params: { sessionId: e.sessionId, boardId: e.boardId, actorId: e.actorId, kind: e.kind, data: json(e.data), at: e.at } };
    }
    case 'vote.add':
      return { op: op.op, params: { boardId: op.boardId, participantId: op.participantId, targetId: op.targetId, delta: op.delta } };
    case 'heldNote.put': {
      const h = op.row;
      return { op: op.op, params: { boardId: h.boardId, noteId: h.note.id, authorId: h.note.authorId, state: h.state, note: json(h.note), reason: h.reason, at: h.at } };
    }
    case 'heldNote.delete':
      return { op: op.op, params: { boardId: op.boardId, noteId: op.noteId } };
    case 'photo.put': {
      const f = op.photo;
      return { op: op.op, params: { id: f.id, sessionId: f.sessionId, boardId: f.boardId, noteId: f.noteId, uploadedBy: f.uploadedBy,
        width: f.width, height: f.height, thumbWidth: f.thumbWidth, thumbHeight: f.thumbHeight,
        full: own(f.full, transfer), thumb: own(f.thumb, transfer), createdAt: f.createdAt } };
    }
    case 'photo.delete':
      return { op: op.op, params: { photoId: op.photoId } };
    case 'session.delete':
      return { op: op.op, params: { sessionId: op.sessionId } };
    case 'disclosure.ensure': {
      const d = op.row;
      return { op: op.op, params: { sessionId: d.sessionId, escalationCode: d.escalationCode, publishedAt: d.publishedAt } };
    }
    case 'disclosure.publish':
      return { op: op.op, params: { sessionId: op.sessionId, publishedAt: op.publishedAt } };
    case 'actionUpdate.put': {
      const u = op.row;
      return { op: op.op, params: { id: u.id, sessionId: u.sessionId, boardId: u.boardId, actionId: u.actionId, at: u.at,
        status: u.status, note: u.note, by: u.by, label: u.label, actorId: u.actorId } };
    }
    case 'followUpLink.put': {
      const l = op.link;
      return { op: op.op, params: { code: l.code, sessionId: l.sessionId, label: l.label, actions: json(l.actions),
        createdBy: l.createdBy, createdAt: l.createdAt, revoked: bool(l.revoked) } };
    }
    case 'escalation.put': {
      const e = op.escalation;
      return { op: op.op, params: { id: e.id, sessionId: e.sessionId, boardId: e.boardId, itemId: e.itemId, kind: e.kind, title: e.title,
        detail: e.detail, targetSessionId: e.targetSessionId, status: e.status, createdBy: e.createdBy, createdAt: e.createdAt, updatedAt: e.updatedAt } };
    }
    case 'escalationUpdate.put': {
      const u = op.row;
      return { op: op.op, params: { id: u.id, escalationId: u.escalationId, sessionId: u.sessionId, at: u.at, status: u.status, note: u.note, actorId: u.actorId } };
    }
    case 'idempotency.put': {
      const r = op.row;
      return { op: op.op, params: { participantId: r.participantId, key: r.key, fingerprint: r.fingerprint, result: json(r.result), at: r.at } };
    }
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}

type SessionDbRow = Omit<SessionRow, 'joinOpen' | 'settings'> & { joinOpen: number; settings: string };
type ParticipantDbRow = Omit<ParticipantRow, 'revoked'> & { revoked: number };
type InviteDbRow = Omit<InviteRow, 'revoked'> & { revoked: number };
type RecordDbRow = Omit<RecordEntry, 'data'> & { seq: number; data: string };
type IdempotencyDbRow = Omit<IdempotencyRow, 'result'> & { result: string };
type FollowUpLinkDbRow = Omit<FollowUpLinkRow, 'revoked' | 'actions'> & { revoked: number; actions: string };

function toFollowUpLink(row: FollowUpLinkDbRow): FollowUpLinkRow {
  return { ...row, revoked: row.revoked === 1, actions: JSON.parse(row.actions) as FollowUpLinkRow['actions'] };
}

function toSession(row: SessionDbRow): SessionRow {
  return { ...row, joinOpen: row.joinOpen === 1, settings: JSON.parse(row.settings) as SessionRow['settings'] };
}

function toParticipant(row: ParticipantDbRow): ParticipantRow {
  return { ...row, revoked: row.revoked === 1 };
}

/** Columns are aliased to the row types' names, so rows need only their booleans and JSON decoded. */
function prepareReads(db: Database.Database) {
  const session = 'SELECT id, title, join_code AS joinCode, join_open AS joinOpen, settings, created_at AS createdAt FROM sessions';
  const board = 'SELECT id, session_id AS sessionId, title, kind, created_at AS createdAt FROM boards';
  const participant = `SELECT id, session_id AS sessionId, role, name, group_name AS "group", age_band AS ageBand,
    locale, token_version AS tokenVersion, revoked, created_at AS createdAt, scribed_by AS scribedBy FROM participants`;
  const photo = `SELECT id, session_id AS sessionId, board_id AS boardId, note_id AS noteId, uploaded_by AS uploadedBy,
    width, height, thumb_width AS thumbWidth, thumb_height AS thumbHeight, created_at AS createdAt FROM photos`;
  const disclosure = 'SELECT session_id AS sessionId, escalation_code AS escalationCode, published_at AS publishedAt FROM session_disclosure';
  const followUpLink = 'SELECT code, session_id AS sessionId, label, actions, created_by AS createdBy, created_at AS createdAt, revoked FROM follow_up_links';
  const escalation = `SELECT id, session_id AS sessionId, board_id AS boardId, item_id AS itemId, kind, title, detail,
    target_session_id AS targetSessionId, status, created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt FROM escalations`;
  return {
    session: db.prepare<[string], SessionDbRow>(`${session} WHERE id = ?`),
    sessionByJoinCode: db.prepare<[string], SessionDbRow>(`${session} WHERE join_code = ?`),
    board: db.prepare<[string], BoardRow>(`${board} WHERE id = ?`),
    boards: db.prepare<[string], BoardRow>(`${board} WHERE session_id = ? ORDER BY created_at, id`),
    participant: db.prepare<[string], ParticipantDbRow>(`${participant} WHERE id = ?`),
    participants: db.prepare<[string], ParticipantDbRow>(`${participant} WHERE session_id = ? ORDER BY created_at, id`),
    invite: db.prepare<[string], InviteDbRow>(
      'SELECT code, session_id AS sessionId, role, created_by AS createdBy, created_at AS createdAt, revoked FROM invites WHERE code = ?'),
    snapshot: db.prepare<[string], { snapshot: Uint8Array }>('SELECT snapshot FROM board_snapshots WHERE board_id = ?'),
    updates: db.prepare<[string], { data: Uint8Array }>('SELECT data FROM board_updates WHERE board_id = ? ORDER BY seq'),
    countUpdates: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM board_updates WHERE board_id = ?'),
    record: db.prepare<[string, number], RecordDbRow>(
      'SELECT seq, session_id AS sessionId, board_id AS boardId, actor_id AS actorId, kind, data, at FROM record WHERE session_id = ? AND seq > ? ORDER BY seq'),
    idempotency: db.prepare<[string, string], IdempotencyDbRow>(
      'SELECT participant_id AS participantId, key, fingerprint, result, at FROM idempotency WHERE participant_id = ? AND key = ?'),
    votes: db.prepare<[string], VoteRow>('SELECT participant_id AS participantId, target_id AS targetId, count FROM votes WHERE board_id = ? ORDER BY participant_id, target_id'),
    heldNotes: db.prepare<[string], Omit<HeldNoteRow, 'note'> & { note: string }>(
      'SELECT board_id AS boardId, state, note, reason, at FROM held_notes WHERE board_id = ? ORDER BY at, note_id'),
    photo: db.prepare<[string], PhotoMeta>(`${photo} WHERE id = ?`),
    photos: db.prepare<[string], PhotoMeta>(`${photo} WHERE session_id = ? ORDER BY created_at, id`),
    photoFull: db.prepare<[string], { bytes: Uint8Array }>('SELECT full AS bytes FROM photos WHERE id = ?'),
    photoThumb: db.prepare<[string], { bytes: Uint8Array }>('SELECT thumb AS bytes FROM photos WHERE id = ?'),
    idleSessions: db.prepare<[number], SessionActivity>(idleSessionsSql(db)),
    disclosure: db.prepare<[string], DisclosureRow>(`${disclosure} WHERE session_id = ?`),
    disclosureByCode: db.prepare<[string], DisclosureRow>(`${disclosure} WHERE escalation_code = ?`),
    actionUpdates: db.prepare<[string], ActionUpdateRow>(
      `SELECT id, session_id AS sessionId, board_id AS boardId, action_id AS actionId, at, status, note, by_role AS "by", label,
      actor_id AS actorId FROM action_updates WHERE session_id = ? ORDER BY at, rowid`),
    followUpLink: db.prepare<[string], FollowUpLinkDbRow>(`${followUpLink} WHERE code = ?`),
    followUpLinks: db.prepare<[string], FollowUpLinkDbRow>(`${followUpLink} WHERE session_id = ? ORDER BY created_at, rowid`),
    escalation: db.prepare<[string], EscalationRow>(`${escalation} WHERE id = ?`),
    escalations: db.prepare<[string, string], EscalationRow>(`${escalation} WHERE session_id = ? OR target_session_id = ? ORDER BY created_at, rowid`),
    escalationUpdates: db.prepare<[string], EscalationUpdateRow>(
      `SELECT id, escalation_id AS escalationId, session_id AS sessionId, at, status, note, actor_id AS actorId
      FROM escalation_updates WHERE escalation_id = ? ORDER BY at, rowid`),
    ping: db.prepare<[], { one: number }>('SELECT 1 AS one'),
  };
}

/** Time-stamp columns that count as activity, wherever a table has one. */
const activityColumns = ['created_at', 'at', 'updated_at', 'published_at'];

/**
 * The retention query, built from the schema like the session delete (see the writer), so a
 * table added later with a time stamp and a session, board or participant column counts as
 * activity without touching this: a session's last activity is the newest of those stamps.
 */
function idleSessionsSql(db: Database.Database): string {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const links: Record<string, string> = {
    session_id: 'session_id = s.id',
    board_id: 'board_id IN (SELECT id FROM boards WHERE session_id = s.id)',
    participant_id: 'participant_id IN (SELECT id FROM participants WHERE session_id = s.id)',
  };
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  const stamps: string[] = ['s.created_at'];
  for (const table of tables) {
    if (table === 'sessions') continue;
    const columns = db.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck().all(table);
    const conds = Object.keys(links).filter((c) => columns.includes(c)).map((c) => links[c]);
    if (conds.length === 0) continue;
    for (const col of activityColumns.filter((c) => columns.includes(c))) {
      stamps.push(`coalesce((SELECT max(${quote(col)}) FROM ${quote(table)} WHERE ${conds.join(' OR ')}), 0)`);
    }
  }
  return `SELECT sessionId, lastActivityAt FROM (SELECT s.id AS sessionId, max(${stamps.join(', ')}, 0) AS lastActivityAt FROM sessions s)
    WHERE lastActivityAt < ? ORDER BY lastActivityAt, sessionId`;
}
