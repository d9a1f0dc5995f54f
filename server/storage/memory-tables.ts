/**
 * The tables of the in-memory store (memory-storage.ts): rows kept as SQLite keeps them (JSON
 * columns as text, bytes in buffers of their own), each table declaring which session, board and
 * participant a row belongs to and which of its time stamps count as activity, so the session
 * deletion and the retention query cover every table without naming it, as in SQLite.
 */
import type {
  ActionUpdateRow, BoardRow, ClientIdClaim, DisclosureRow, EscalationRow, EscalationUpdateRow, FollowUpLinkRow,
  HeldNoteRow, InviteRow, ParticipantRow, PhotoRow, RecordEntry, SessionRow,
} from './storage.ts';

/** The session, board and participant a row is tied to (any of them makes it the session's). */
export interface Links {
  sessionId?: string | null;
  boardId?: string | null;
  participantId?: string | null;
}

/** Undo steps of the commit being applied, run backwards when one of its ops fails. */
export class UndoLog {
  private readonly steps: (() => void)[] = [];

  push(step: () => void): void {
    this.steps.push(step);
  }

  rollback(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!();
    this.steps.length = 0;
  }
}

/** A failed write, like a violated UNIQUE constraint (SqliteCommitError's counterpart). */
export class MemoryCommitError extends Error {
  constructor(message: string, readonly code: 'CONSTRAINT_UNIQUE') {
    super(message);
    this.name = 'MemoryCommitError';
  }
}

/** The error of a second row with the same unique value (`what` names the column). */
export function uniqueViolation(what: string, value: string): MemoryCommitError {
  return new MemoryCommitError(`UNIQUE constraint failed: ${what} = ${JSON.stringify(value)}`, 'CONSTRAINT_UNIQUE');
}

/** What session.delete and retention need of a table, whatever its rows. */
export interface LinkedTable {
  /** Deletes the rows whose links `owned` accepts. */
  deleteLinked(undo: UndoLog, owned: (links: Links) => boolean): void;
  /** The newest activity stamp among the rows whose links `owned` accepts (0 when none). */
  newestStamp(owned: (links: Links) => boolean): number;
}

interface Slot<R> { rowid: number; row: R }

/**
 * Rows by primary key. Each row keeps the rowid of its first insert (an upsert keeps it, as SQLite's
 * ON CONFLICT DO UPDATE does), so "oldest first" orders survive a rolled-back delete, which puts
 * rows back at the end of the Map.
 */
export class Table<R> implements LinkedTable {
  private readonly slots = new Map<string, Slot<R>>();
  private nextRowid = 1;

  constructor(
    /** What ties a row to a session (session.delete removes it, retention reads its stamps). */
    private readonly links: (row: R) => Links,
    /** Its time stamps that count as its session's activity. */
    private readonly stamps: (row: R) => (number | null)[] = () => [],
  ) {}

  get(key: string): R | undefined {
    return this.slots.get(key)?.row;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** Rows in insertion (rowid) order, those matching `where` if given. */
  select(where: (row: R) => boolean = () => true): R[] {
    return [...this.slots.values()].filter((s) => where(s.row)).sort((a, b) => a.rowid - b.rowid).map((s) => s.row);
  }

  /** Inserts, or replaces the row under `key` keeping its place. */
  upsert(undo: UndoLog, key: string, row: R): void {
    const old = this.slots.get(key);
    this.slots.set(key, { rowid: old?.rowid ?? this.nextRowid++, row });
    undo.push(old ? () => this.slots.set(key, old) : () => this.slots.delete(key));
  }

  /** A plain INSERT: a row already under `key` fails the commit. */
  insert(undo: UndoLog, key: string, row: R, what: string): void {
    if (this.slots.has(key)) throw uniqueViolation(what, key);
    this.upsert(undo, key, row);
  }

  delete(undo: UndoLog, key: string): void {
    const old = this.slots.get(key);
    if (!old) return;
    this.slots.delete(key);
    undo.push(() => this.slots.set(key, old));
  }

  deleteWhere(undo: UndoLog, where: (row: R) => boolean): void {
    for (const [key, slot] of [...this.slots]) if (where(slot.row)) this.delete(undo, key);
  }

  deleteLinked(undo: UndoLog, owned: (links: Links) => boolean): void {
    this.deleteWhere(undo, (row) => owned(this.links(row)));
  }

  newestStamp(owned: (links: Links) => boolean): number {
    let newest = 0;
    for (const { row } of this.slots.values()) {
      if (!owned(this.links(row))) continue;
      for (const t of this.stamps(row)) if (t !== null && t > newest) newest = t;
    }
    return newest;
  }
}

/** A row type with some fields stored as JSON text. */
type AsJson<R, K extends keyof R> = Omit<R, K> & { [F in K]: string };

export type SessionRec = AsJson<SessionRow, 'settings'>;
export type ParticipantRec = ParticipantRow & { scribedBy: string | null };
export type RecordRec = AsJson<RecordEntry, 'data'> & { seq: number };
export interface IdempotencyRec { participantId: string; key: string; fingerprint: string; result: string; at: number }
export interface VoteRec { boardId: string; participantId: string; targetId: string; count: number }
export type HeldNoteRec = AsJson<HeldNoteRow, 'note'> & { noteId: string; authorId: string };
export type FollowUpLinkRec = AsJson<FollowUpLinkRow, 'actions'>;

const stampsAt = (row: { at: number }) => [row.at];
const stampsCreated = (row: { createdAt: number }) => [row.createdAt];

/** Every table but `sessions`, which they all hang off. Adding a table here is all session.delete and retention need. */
export function createTables() {
  return {
    boards: new Table<BoardRow>((r) => ({ sessionId: r.sessionId }), stampsCreated),
    participants: new Table<ParticipantRec>((r) => ({ sessionId: r.sessionId }), stampsCreated),
    invites: new Table<InviteRow>((r) => ({ sessionId: r.sessionId }), stampsCreated),
    snapshots: new Table<{ boardId: string; snapshot: Uint8Array }>((r) => ({ boardId: r.boardId })),
    updates: new Table<{ boardId: string; data: Uint8Array }>((r) => ({ boardId: r.boardId })),
    /** When a board last took a document update: edits made only through Yjs count for retention. */
    boardActivity: new Table<{ boardId: string; at: number }>((r) => ({ boardId: r.boardId }), stampsAt),
    clientIds: new Table<ClientIdClaim>((r) => ({ boardId: r.boardId, participantId: r.participantId })),
    record: new Table<RecordRec>((r) => ({ sessionId: r.sessionId, boardId: r.boardId }), stampsAt),
    idempotency: new Table<IdempotencyRec>((r) => ({ participantId: r.participantId }), stampsAt),
    votes: new Table<VoteRec>((r) => ({ boardId: r.boardId, participantId: r.participantId })),
    heldNotes: new Table<HeldNoteRec>((r) => ({ boardId: r.boardId }), stampsAt),
    photos: new Table<PhotoRow>((r) => ({ sessionId: r.sessionId, boardId: r.boardId }), stampsCreated),
    disclosure: new Table<DisclosureRow>((r) => ({ sessionId: r.sessionId }), (r) => [r.publishedAt]),
    actionUpdates: new Table<ActionUpdateRow>((r) => ({ sessionId: r.sessionId, boardId: r.boardId }), stampsAt),
    followUpLinks: new Table<FollowUpLinkRec>((r) => ({ sessionId: r.sessionId }), stampsCreated),
    /** Tied to the source session only, as in SQLite (the target keeps the item it received). */
    escalations: new Table<EscalationRow>((r) => ({ sessionId: r.sessionId, boardId: r.boardId }), (r) => [r.createdAt, r.updatedAt]),
    escalationUpdates: new Table<EscalationUpdateRow>((r) => ({ sessionId: r.sessionId }), stampsAt),
  };
}

export type Tables = ReturnType<typeof createTables>;
