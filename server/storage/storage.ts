/**
 * The storage interface. Every write goes through `commit`, which resolves only once the
 * writes are durable (fsynced); the ops of one commit land atomically, so a command's effects,
 * its record entry and its idempotency result are never half-written. Implementations batch
 * concurrent commits into one transaction (group commit). Reads see every resolved commit.
 */
import type { Role } from '../../shared/roles.ts';
import type { SettingsPatch } from '../../shared/settings.ts';
import type { NoteFields } from '../../shared/board-schema.ts';

export interface SessionRow {
  id: string;
  title: string;
  /** Normalised join code (upper case, no separators). */
  joinCode: string;
  joinOpen: boolean;
  /** Session-level settings patch over the defaults. */
  settings: SettingsPatch;
  createdAt: number;
}

export interface BoardRow {
  id: string;
  sessionId: string;
  title: string;
  kind: 'plenary' | 'breakout';
  createdAt: number;
}

export interface ParticipantRow {
  id: string;
  sessionId: string;
  role: Role;
  name: string | null;
  group: string | null;
  ageBand: string | null;
  locale: string | null;
  /** Bumped to invalidate every token issued before. */
  tokenVersion: number;
  revoked: boolean;
  createdAt: number;
  /** For a person without a device: the moderator who writes and votes for them. */
  scribedBy?: string | null;
}

export interface InviteRow {
  code: string;
  sessionId: string;
  role: 'expert' | 'facilitator';
  createdBy: string;
  createdAt: number;
  revoked: boolean;
}

/** One append-only line of a session's procedure record. */
export interface RecordEntry {
  /** Assigned by storage, increasing per store. */
  seq?: number;
  sessionId: string;
  boardId: string | null;
  actorId: string | null;
  kind: string;
  data: unknown;
  at: number;
}

/** A stored command result, for idempotent replay. */
export interface IdempotencyRow {
  participantId: string;
  key: string;
  /** A digest of the command name and payload, to detect a key reused for another command. */
  fingerprint: string;
  result: unknown;
  at: number;
}

/** One participant's dots on one target of a board (hidden from everyone else until reveal). */
export interface VoteRow {
  participantId: string;
  targetId: string;
  count: number;
}

/**
 * A concern kept out of the board document because not everyone may see it yet: private
 * writing before reveal, awaiting screening, rejected, or hidden by a moderator.
 */
export interface HeldNoteRow {
  boardId: string;
  note: NoteFields;
  state: 'private' | 'pending' | 'rejected' | 'hidden';
  reason: string | null;
  at: number;
}

/** What a board's document is rebuilt from. */
export interface StoredBoardDoc {
  snapshot: Uint8Array | null;
  /** Updates committed after the snapshot, in commit order. */
  updates: Uint8Array[];
}

/** One write. A commit is a list of these, applied in order, atomically. */
export type StorageOp =
  | { op: 'session.put'; session: SessionRow }
  | { op: 'board.put'; board: BoardRow }
  | { op: 'participant.put'; participant: ParticipantRow }
  | { op: 'invite.put'; invite: InviteRow }
  | { op: 'board.update'; boardId: string; update: Uint8Array }
  /** Replaces the board's snapshot; every update committed for the board before this op is folded into it and dropped. */
  | { op: 'board.compact'; boardId: string; snapshot: Uint8Array }
  | { op: 'record.append'; entry: RecordEntry }
  | { op: 'idempotency.put'; row: IdempotencyRow }
  /** Adds `delta` (±) to a participant's dots on a target; rows reaching 0 disappear. */
  | { op: 'vote.add'; boardId: string; participantId: string; targetId: string; delta: number }
  | { op: 'heldNote.put'; row: HeldNoteRow }
  | { op: 'heldNote.delete'; boardId: string; noteId: string };

export interface StorageHealth {
  ok: boolean;
  kind: 'sqlite' | 'postgres';
  detail?: string;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies the ops atomically; resolves once they are durable, rejects (and applies none) on failure. */
  commit(ops: StorageOp[]): Promise<void>;
  getSession(id: string): Promise<SessionRow | null>;
  getSessionByJoinCode(joinCode: string): Promise<SessionRow | null>;
  getBoard(id: string): Promise<BoardRow | null>;
  listBoards(sessionId: string): Promise<BoardRow[]>;
  getParticipant(id: string): Promise<ParticipantRow | null>;
  listParticipants(sessionId: string): Promise<ParticipantRow[]>;
  getInvite(code: string): Promise<InviteRow | null>;
  loadBoardDoc(boardId: string): Promise<StoredBoardDoc>;
  /** Number of updates stored after the board's snapshot (drives compaction). */
  countBoardUpdates(boardId: string): Promise<number>;
  listRecord(sessionId: string, afterSeq?: number): Promise<RecordEntry[]>;
  getIdempotency(participantId: string, key: string): Promise<IdempotencyRow | null>;
  /** Every participant's dots on a board. */
  listVotes(boardId: string): Promise<VoteRow[]>;
  /** Concerns held out of a board's document, oldest first. */
  listHeldNotes(boardId: string): Promise<HeldNoteRow[]>;
  health(): Promise<StorageHealth>;
  /** Waits for every pending commit, then releases the store. */
  close(): Promise<void>;
}
