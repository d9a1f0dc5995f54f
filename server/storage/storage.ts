/**
 * The storage interface. Every write goes through `commit`, which resolves only once the
 * writes are durable (fsynced); the ops of one commit land atomically, so a command's effects,
 * its record entry and its idempotency result are never half-written. Implementations batch
 * concurrent commits into one transaction (group commit). Reads see every resolved commit.
 */
import type { Role } from '../../shared/roles.ts';
import type { SettingsPatch } from '../../shared/settings.ts';
import type { ActionStatus, NoteFields } from '../../shared/board-schema.ts';
import type { EscalationStatus } from '../../shared/results.ts';

/**
 * A commit refused because it writes a row of a session that was deleted (a command that read
 * the session just before the deletion and commits just after it). Nothing of it is applied.
 * `statusCode` makes an HTTP route that lets it through answer 404.
 */
export class SessionDeletedError extends Error {
  readonly statusCode = 404;
  constructor(message = 'The session was deleted.') {
    super(message);
    this.name = 'SessionDeletedError';
  }
}

/**
 * A commit refused because this process no longer owns a session it writes: another process
 * took the session over (a higher epoch) since this process claimed it. Nothing of it is applied.
 * Only a store shared by several processes (PostgreSQL with an owner set) refuses so.
 */
export class FencedError extends Error {
  constructor(readonly sessionId: string, message: string) {
    super(message);
    this.name = 'FencedError';
  }
}

/**
 * The session lease a commit is made under (server/ownership/): the store checks, inside the
 * commit's own transaction, that the session's owner row still names this process with this epoch.
 */
export interface Fence {
  sessionId: string;
  epoch: number;
}

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

/** A photo attached to a concern: two JPEG renditions, re-encoded so that no metadata (GPS above all) survives. */
export interface PhotoRow {
  id: string;
  sessionId: string;
  boardId: string;
  noteId: string;
  /** The participant who attached it (the author or a moderator). */
  uploadedBy: string;
  /** Size of the full rendition in px. */
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
  /** JPEG bytes, longest edge at most 1600 px. */
  full: Uint8Array;
  /** JPEG bytes, longest edge at most 320 px. */
  thumb: Uint8Array;
  createdAt: number;
}

/** A photo without its bytes. */
export type PhotoMeta = Omit<PhotoRow, 'full' | 'thumb'>;

/** A session and the time of the latest thing that happened in it (for retention). */
export interface SessionActivity {
  sessionId: string;
  lastActivityAt: number;
}

/** A session's publication state and escalation code (one row per session, made on first use). */
export interface DisclosureRow {
  sessionId: string;
  /** Normalised (upper case, no separators), unique across sessions. */
  escalationCode: string;
  /** When the results were (last) published; null while not published. */
  publishedAt: number | null;
}

/** One dated entry of an action item's follow-up timeline. */
export interface ActionUpdateRow {
  id: string;
  sessionId: string;
  boardId: string;
  actionId: string;
  at: number;
  status: ActionStatus | null;
  note: string;
  by: 'facilitator' | 'expert' | 'owner';
  /** The follow-up link's label for owner updates. */
  label: string | null;
  /** The moderator who wrote it; null for an owner through a link. */
  actorId: string | null;
}

/** A follow-up link: a capability to read and update some action items of a session. */
export interface FollowUpLinkRow {
  code: string;
  sessionId: string;
  label: string;
  actions: { boardId: string; actionId: string }[];
  createdBy: string;
  createdAt: number;
  revoked: boolean;
}

/** An item escalated from a session (`sessionId`, the source) to another (`targetSessionId`). */
export interface EscalationRow {
  id: string;
  sessionId: string;
  boardId: string;
  itemId: string;
  kind: 'action' | 'theme';
  title: string;
  /** Text snapshot taken when escalated. */
  detail: string;
  targetSessionId: string;
  status: EscalationStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A status change of an escalation by the receiving session (`sessionId` is the target). */
export interface EscalationUpdateRow {
  id: string;
  escalationId: string;
  sessionId: string;
  at: number;
  status: EscalationStatus;
  note: string;
  actorId: string;
}

/**
 * A Yjs client id claimed on a board by the participant who first wrote with it: nobody else's
 * update may carry structs under it, for good (see the guard in server/yjs/update-guard.ts).
 */
export interface ClientIdClaim {
  boardId: string;
  clientId: number;
  participantId: string;
}

/** What a board's document is rebuilt from. */
export interface StoredBoardDoc {
  snapshot: Uint8Array | null;
  /** Updates committed after the snapshot, in commit order. */
  updates: Uint8Array[];
}

/**
 * A write to the board-document log: append a committed update, or fold every update committed
 * before it into a new snapshot. They are ops of a commit, not calls of their own, so a
 * document change lands in the same transaction as its command's record entry and idempotency
 * result (and, for a command over several boards, with every other board's change).
 */
export type BoardDocOp =
  | { op: 'board.update'; boardId: string; update: Uint8Array }
  /** Replaces the board's snapshot; every update committed for the board before this op is folded into it and dropped. */
  | { op: 'board.compact'; boardId: string; snapshot: Uint8Array };

/** Appends a committed document update to a board's log. */
export function appendUpdateOp(boardId: string, update: Uint8Array): BoardDocOp {
  return { op: 'board.update', boardId, update };
}

/** Replaces a board's log with one snapshot of everything committed before it. */
export function compactOp(boardId: string, snapshot: Uint8Array): BoardDocOp {
  return { op: 'board.compact', boardId, snapshot };
}

/** The board-document log, apart from the domain tables: load a board, append, compact (the last two as ops). */
export interface BoardDocLog {
  /** The board's snapshot and the updates committed after it, in commit order. */
  loadBoardDoc(boardId: string): Promise<StoredBoardDoc>;
}

/** One write to the domain tables. */
export type DomainOp =
  | { op: 'session.put'; session: SessionRow }
  | { op: 'board.put'; board: BoardRow }
  | { op: 'participant.put'; participant: ParticipantRow }
  | { op: 'invite.put'; invite: InviteRow }
  /** Claims a Yjs client id on a board for a participant; a claim already made stays as it was. */
  | { op: 'clientId.claim'; boardId: string; clientId: number; participantId: string }
  | { op: 'record.append'; entry: RecordEntry }
  | { op: 'idempotency.put'; row: IdempotencyRow }
  /** Deletes every idempotency row whose `at` is before `before` (keys past their retention). */
  | { op: 'idempotency.expire'; before: number }
  /** Adds `delta` (±) to a participant's dots on a target; rows reaching 0 disappear. */
  | { op: 'vote.add'; boardId: string; participantId: string; targetId: string; delta: number }
  | { op: 'heldNote.put'; row: HeldNoteRow }
  | { op: 'heldNote.delete'; boardId: string; noteId: string }
  | { op: 'photo.put'; photo: PhotoRow }
  | { op: 'photo.delete'; photoId: string }
  /**
   * Deletes every row of the session in every table: rows with its `session_id`, rows whose
   * `board_id` or `participant_id` names one of its boards or participants, and the session.
   * The deletion is final: a later commit writing any row of the session, its boards or its
   * participants rejects with SessionDeletedError (and applies nothing).
   */
  | { op: 'session.delete'; sessionId: string }
  /** Creates the session's disclosure row unless it has one (or the code is taken: then nothing happens). */
  | { op: 'disclosure.ensure'; row: DisclosureRow }
  | { op: 'disclosure.publish'; sessionId: string; publishedAt: number | null }
  | { op: 'actionUpdate.put'; row: ActionUpdateRow }
  | { op: 'followUpLink.put'; link: FollowUpLinkRow }
  | { op: 'escalation.put'; escalation: EscalationRow }
  | { op: 'escalationUpdate.put'; row: EscalationUpdateRow };

/** One write. A commit is a list of these, applied in order, atomically. */
export type StorageOp = BoardDocOp | DomainOp;

/** Which store; 'memory' is for unit tests only (server/storage/memory-storage.ts), never served. */
export type StorageKind = 'sqlite' | 'postgres' | 'memory';

export interface StorageHealth {
  ok: boolean;
  kind: StorageKind;
  detail?: string;
  /** The last write that failed for a reason of the store (disk full, I/O), while no write has succeeded since. */
  writeError?: { message: string; code?: string; at: number };
}

/** The domain tables' reads: sessions, people, the record, votes, held concerns, results. */
export interface DomainStore {
  getSession(id: string): Promise<SessionRow | null>;
  getSessionByJoinCode(joinCode: string): Promise<SessionRow | null>;
  getBoard(id: string): Promise<BoardRow | null>;
  listBoards(sessionId: string): Promise<BoardRow[]>;
  getParticipant(id: string): Promise<ParticipantRow | null>;
  listParticipants(sessionId: string): Promise<ParticipantRow[]>;
  getInvite(code: string): Promise<InviteRow | null>;
  /** The client ids claimed on a board, in the order they were claimed. */
  listClientIdClaims(boardId: string): Promise<ClientIdClaim[]>;
  listRecord(sessionId: string, afterSeq?: number): Promise<RecordEntry[]>;
  getIdempotency(participantId: string, key: string): Promise<IdempotencyRow | null>;
  /** Every participant's dots on a board. */
  listVotes(boardId: string): Promise<VoteRow[]>;
  /** Concerns held out of a board's document, oldest first. */
  listHeldNotes(boardId: string): Promise<HeldNoteRow[]>;
  getPhoto(id: string): Promise<PhotoMeta | null>;
  /** One rendition's JPEG bytes, or null when there is no such photo. */
  getPhotoBytes(id: string, variant: 'thumb' | 'full'): Promise<Uint8Array | null>;
  /** A session's photos, oldest first. */
  listPhotos(sessionId: string): Promise<PhotoMeta[]>;
  /**
   * Sessions whose latest activity (the newest time stamp in any of their rows: creation, joins,
   * record entries, held concerns, photos, idempotency results, and the last document update of
   * each board, so edits made only through Yjs count) is before `before`.
   */
  listIdleSessions(before: number): Promise<SessionActivity[]>;
  getDisclosure(sessionId: string): Promise<DisclosureRow | null>;
  getDisclosureByCode(escalationCode: string): Promise<DisclosureRow | null>;
  /** A session's follow-up updates, oldest first. */
  listActionUpdates(sessionId: string): Promise<ActionUpdateRow[]>;
  getFollowUpLink(code: string): Promise<FollowUpLinkRow | null>;
  /** A session's follow-up links, oldest first. */
  listFollowUpLinks(sessionId: string): Promise<FollowUpLinkRow[]>;
  getEscalation(id: string): Promise<EscalationRow | null>;
  /** Escalations from or to a session, oldest first. */
  listEscalations(sessionId: string): Promise<EscalationRow[]>;
  /** An escalation's status changes, oldest first. */
  listEscalationUpdates(escalationId: string): Promise<EscalationUpdateRow[]>;
}

/** A store: the board-document log and the domain tables, written together through `commit`. */
export interface Storage extends BoardDocLog, DomainStore {
  readonly kind: StorageKind;
  /**
   * Applies the ops atomically; resolves once they are durable, rejects (and applies none) on failure.
   * `fences`: the leases the commit is made under. A store shared by several processes refuses
   * (FencedError) a commit writing a session it is not fenced for; a single-process store ignores them.
   */
  commit(ops: StorageOp[], fences?: readonly Fence[]): Promise<void>;
  /**
   * ok only while reads work AND writes do: after a write failed for a reason of the store (not
   * of its data, like a unique constraint), not ok with that error until a write succeeds again;
   * an implementation may try a small probe write to find out.
   */
  health(): Promise<StorageHealth>;
  /** Waits for every pending commit, then releases the store. */
  close(): Promise<void>;
}

/** What a live board needs of a store: its log, its claims, votes and held concerns, and commits. */
export type RoomStorage = BoardDocLog & Pick<DomainStore, 'listClientIdClaims' | 'listVotes' | 'listHeldNotes'> & Pick<Storage, 'commit'>;
