/**
 * How the in-memory store (memory-storage.ts) applies a commit: each op written into the tables
 * of memory-tables.ts with an undo step, rows built field by field (JSON columns as text, bytes
 * copied), and the deleted-session rule of the SQLite writer: a write naming a deleted session,
 * board or participant is refused with SessionDeletedError.
 */
import { SessionDeletedError, type StorageOp } from './storage.ts';
import { Tombstones } from '../privacy/tombstones.ts';
import { idsWritten } from './session-links.ts';
import { Table, UndoLog, createTables, uniqueViolation, type LinkedTable, type Links, type SessionRec, type Tables } from './memory-tables.ts';

/** Ids of deleted sessions, their boards and participants. */
export interface DeletedIds { sessions: Set<string>; boards: Set<string>; participants: Set<string> }

/** The same ids, each forgotten a grace period after its deletion (see server/privacy/tombstones.ts). */
export interface RecentlyDeleted { sessions: Tombstones; boards: Tombstones; participants: Tombstones }

/** How long a deletion refuses later writes, and the clock it is measured on (tests shorten both). */
export interface MemoryDataOptions { deletedIdGraceMs?: number; now?: () => number }

/** Everything a memory store holds; open several stores on it one after another to see the same data. */
export interface MemoryData {
  sessions: Table<SessionRec>;
  tables: Tables;
  /** The next record seq and update key (never reused, like SQLite's AUTOINCREMENT). */
  nextSeq: number;
  /**
   * Sessions deleted, with their boards and participants: a later write naming one is refused
   * with SessionDeletedError, so a deletion is final (SQLite keeps this in its writer's memory).
   * Each id is forgotten after the grace period, when nothing can name it any more.
   */
  deleted: RecentlyDeleted;
  /**
   * The device under the store, for tests: while `failing` holds a message every commit rejects
   * with it, as a full disk would; `lastWriteError` is what health reports until a write works.
   */
  device: { failing: string | null; lastWriteError: { message: string; at: number } | null };
}

export function createMemoryData(opts: MemoryDataOptions = {}): MemoryData {
  const tombstones = () => new Tombstones(opts.deletedIdGraceMs, opts.now);
  return {
    sessions: new Table<SessionRec>(() => ({})),
    tables: createTables(),
    nextSeq: 1,
    deleted: { sessions: tombstones(), boards: tombstones(), participants: tombstones() },
    device: { failing: null, lastWriteError: null },
  };
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';
export const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
export const key = (...parts: (string | number)[]): string => parts.join('\0');

/**
 * Applies a commit's ops in order; when one fails, rolls back those before it and throws, so the
 * commit lands whole or not at all. Deletions become final only once every op applied.
 */
export function applyCommit(data: MemoryData, ops: StorageOp[]): void {
  const undo = new UndoLog();
  const deleting: DeletedIds[] = [];
  try {
    for (const op of ops) {
      refuseDeleted(data, op, deleting);
      applyOp(data, op, undo, deleting);
    }
  } catch (err) {
    undo.rollback();
    throw err;
  }
  for (const ids of deleting) for (const kind of ['sessions', 'boards', 'participants'] as const) for (const id of ids[kind]) data.deleted[kind].add(id);
}

function refuseDeleted(data: MemoryData, op: StorageOp, deleting: DeletedIds[]): void {
  const sets: { [K in keyof DeletedIds]: { has(id: string): boolean } }[] = [data.deleted, ...deleting];
  const named = idsWritten(op);
  const hit = (['sessions', 'boards', 'participants'] as const)
    .some((kind) => (named[kind] ?? []).some((id) => id !== null && sets.some((s) => s[kind].has(id))));
  if (hit) throw new SessionDeletedError(`${op.op} refused: its session was deleted`);
}

function applyOp(data: MemoryData, op: StorageOp, undo: UndoLog, deleting: DeletedIds[]): void {
  const { sessions, tables: t } = data;
  switch (op.op) {
    case 'session.put': {
      const s = op.session;
      if (sessions.select((r) => r.joinCode === s.joinCode && r.id !== s.id).length) throw uniqueViolation('sessions.join_code', s.joinCode);
      sessions.upsert(undo, s.id, { id: s.id, title: s.title, joinCode: s.joinCode, joinOpen: s.joinOpen, settings: json(s.settings), createdAt: s.createdAt });
      return;
    }
    case 'board.put': {
      const b = op.board;
      t.boards.upsert(undo, b.id, { id: b.id, sessionId: b.sessionId, title: b.title, kind: b.kind, createdAt: b.createdAt });
      return;
    }
    case 'participant.put': {
      const p = op.participant;
      t.participants.upsert(undo, p.id, {
        id: p.id, sessionId: p.sessionId, role: p.role, name: p.name, group: p.group, ageBand: p.ageBand, locale: p.locale,
        tokenVersion: p.tokenVersion, revoked: p.revoked, createdAt: p.createdAt, scribedBy: p.scribedBy ?? null,
      });
      return;
    }
    case 'invite.put': {
      const i = op.invite;
      t.invites.upsert(undo, i.code, { code: i.code, sessionId: i.sessionId, role: i.role, createdBy: i.createdBy, createdAt: i.createdAt, revoked: i.revoked });
      return;
    }
    case 'board.update': {
      t.updates.upsert(undo, String(data.nextSeq++), { boardId: op.boardId, data: copy(op.update) });
      const at = Math.max(t.boardActivity.get(op.boardId)?.at ?? 0, Date.now());
      t.boardActivity.upsert(undo, op.boardId, { boardId: op.boardId, at });
      return;
    }
    case 'clientId.claim': {
      const k = key(op.boardId, op.clientId);
      if (!t.clientIds.has(k)) t.clientIds.upsert(undo, k, { boardId: op.boardId, clientId: op.clientId, participantId: op.participantId });
      return;
    }
    case 'board.compact':
      // Ops apply in order and commits in submission order: the updates stored now are exactly the earlier ones.
      t.snapshots.upsert(undo, op.boardId, { boardId: op.boardId, snapshot: copy(op.snapshot) });
      t.updates.deleteWhere(undo, (u) => u.boardId === op.boardId);
      return;
    case 'record.append': {
      const e = op.entry;
      const seq = data.nextSeq++;
      t.record.upsert(undo, String(seq), { seq, sessionId: e.sessionId, boardId: e.boardId, actorId: e.actorId, kind: e.kind, data: json(e.data), at: e.at });
      return;
    }
    case 'idempotency.put': {
      const r = op.row;
      t.idempotency.upsert(undo, key(r.participantId, r.key), { participantId: r.participantId, key: r.key, fingerprint: r.fingerprint, result: json(r.result), at: r.at });
      return;
    }
    case 'idempotency.expire':
      t.idempotency.deleteWhere(undo, (r) => r.at < op.before);
      return;
    case 'vote.add': {
      const k = key(op.boardId, op.participantId, op.targetId);
      const count = (t.votes.get(k)?.count ?? 0) + op.delta;
      if (count > 0) t.votes.upsert(undo, k, { boardId: op.boardId, participantId: op.participantId, targetId: op.targetId, count });
      else t.votes.delete(undo, k);
      return;
    }
    case 'heldNote.put': {
      const h = op.row;
      t.heldNotes.upsert(undo, key(h.boardId, h.note.id), {
        boardId: h.boardId, noteId: h.note.id, authorId: h.note.authorId, state: h.state, note: json(h.note), reason: h.reason, at: h.at,
      });
      return;
    }
    case 'heldNote.delete':
      t.heldNotes.delete(undo, key(op.boardId, op.noteId));
      return;
    case 'photo.put': {
      const f = op.photo;
      t.photos.insert(undo, f.id, {
        id: f.id, sessionId: f.sessionId, boardId: f.boardId, noteId: f.noteId, uploadedBy: f.uploadedBy, width: f.width, height: f.height,
        thumbWidth: f.thumbWidth, thumbHeight: f.thumbHeight, full: copy(f.full), thumb: copy(f.thumb), createdAt: f.createdAt,
      }, 'photos.id');
      return;
    }
    case 'photo.delete':
      t.photos.delete(undo, op.photoId);
      return;
    case 'session.delete': {
      const ids = idsOfSession(data, op.sessionId);
      deleting.push(ids);
      const owned = ownedBy(op.sessionId, ids.boards, ids.participants);
      for (const table of Object.values(t) as LinkedTable[]) table.deleteLinked(undo, owned);
      sessions.delete(undo, op.sessionId);
      return;
    }
    case 'disclosure.ensure': {
      const d = op.row;
      // Nothing happens when the session has a row, or (rarely) the code is another session's.
      if (t.disclosure.has(d.sessionId) || t.disclosure.select((r) => r.escalationCode === d.escalationCode).length) return;
      t.disclosure.upsert(undo, d.sessionId, { sessionId: d.sessionId, escalationCode: d.escalationCode, publishedAt: d.publishedAt });
      return;
    }
    case 'disclosure.publish': {
      const row = t.disclosure.get(op.sessionId);
      if (row) t.disclosure.upsert(undo, op.sessionId, { ...row, publishedAt: op.publishedAt });
      return;
    }
    case 'actionUpdate.put': {
      const u = op.row;
      t.actionUpdates.insert(undo, u.id, {
        id: u.id, sessionId: u.sessionId, boardId: u.boardId, actionId: u.actionId, at: u.at, status: u.status, note: u.note, by: u.by, label: u.label, actorId: u.actorId,
      }, 'action_updates.id');
      return;
    }
    case 'followUpLink.put': {
      const l = op.link;
      t.followUpLinks.upsert(undo, l.code, {
        code: l.code, sessionId: l.sessionId, label: l.label, actions: json(l.actions), createdBy: l.createdBy, createdAt: l.createdAt, revoked: l.revoked,
      });
      return;
    }
    case 'escalation.put': {
      const e = op.escalation;
      t.escalations.upsert(undo, e.id, {
        id: e.id, sessionId: e.sessionId, boardId: e.boardId, itemId: e.itemId, kind: e.kind, title: e.title, detail: e.detail,
        targetSessionId: e.targetSessionId, status: e.status, createdBy: e.createdBy, createdAt: e.createdAt, updatedAt: e.updatedAt,
      });
      return;
    }
    case 'escalationUpdate.put': {
      const u = op.row;
      t.escalationUpdates.insert(undo, u.id, {
        id: u.id, escalationId: u.escalationId, sessionId: u.sessionId, at: u.at, status: u.status, note: u.note, actorId: u.actorId,
      }, 'escalation_updates.id');
      return;
    }
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}

/** A session's id with the ids of its boards and participants. */
export function idsOfSession(data: MemoryData, sessionId: string): DeletedIds {
  const { boards, participants } = data.tables;
  return {
    sessions: new Set([sessionId]),
    boards: new Set(boards.select((b) => b.sessionId === sessionId).map((b) => b.id)),
    participants: new Set(participants.select((p) => p.sessionId === sessionId).map((p) => p.id)),
  };
}

/** Whether a row's links tie it to the session (directly, or through one of its boards or participants). */
export function ownedBy(sessionId: string, boards: Set<string>, participants: Set<string>): (links: Links) => boolean {
  return (l) => l.sessionId === sessionId
    || (l.boardId != null && boards.has(l.boardId))
    || (l.participantId != null && participants.has(l.participantId));
}
