/**
 * The in-memory store: the Storage contract (tests/contract/storage.contract.ts) without a disk,
 * for fast unit tests of rooms and commands. Not a deployment option: nothing survives the process.
 *
 * A commit is applied in the call, op by op, with an undo log: when an op fails, the ops before
 * it are rolled back, so a commit lands whole or not at all; applying in the call makes commits
 * land in submission order, and every read after a commit resolved sees it. Rows are copied in
 * and out (JSON columns kept as text, as SQLite keeps them; bytes in buffers of their own), so no
 * caller ever holds an object the store holds. The data lives in a `MemoryData` that outlives a
 * store: a test may close a store and open another on the same data, as after a restart.
 */
import { SessionDeletedError } from './storage.ts';
import type {
  ActionUpdateRow, BoardRow, ClientIdClaim, DisclosureRow, EscalationRow, EscalationUpdateRow, FollowUpLinkRow,
  HeldNoteRow, IdempotencyRow, InviteRow, ParticipantRow, PhotoMeta, RecordEntry, SessionActivity, SessionRow,
  Storage, StorageHealth, StorageOp, StoredBoardDoc, VoteRow,
} from './storage.ts';
import { Table, UndoLog, createTables, uniqueViolation, type FollowUpLinkRec, type LinkedTable, type Links, type SessionRec, type Tables } from './memory-tables.ts';

/** Ids of deleted sessions, their boards and participants. */
interface DeletedIds { sessions: Set<string>; boards: Set<string>; participants: Set<string> }

/** Everything a memory store holds; open several stores on it one after another to see the same data. */
export interface MemoryData {
  sessions: Table<SessionRec>;
  tables: Tables;
  /** The next record seq and update key (never reused, like SQLite's AUTOINCREMENT). */
  nextSeq: number;
  /**
   * Sessions deleted, with their boards and participants: a later write naming one is refused
   * with SessionDeletedError, so a deletion is final (SQLite keeps this in its writer's memory).
   */
  deleted: DeletedIds;
}

export function createMemoryData(): MemoryData {
  return {
    sessions: new Table<SessionRec>(() => ({})),
    tables: createTables(),
    nextSeq: 1,
    deleted: { sessions: new Set(), boards: new Set(), participants: new Set() },
  };
}

/** A fresh store, or one over `data` that an earlier (closed) store filled. */
export function createMemoryStorage(data: MemoryData = createMemoryData()): Storage {
  return new MemoryStore(data);
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';
const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);
const key = (...parts: (string | number)[]): string => parts.join('\0');

/** Orders rows by the given fields, ascending (as SQL's ORDER BY; Array.sort is stable, so rowid order breaks ties). */
function orderBy<T>(...fields: ((row: T) => string | number)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const f of fields) {
      const x = f(a);
      const y = f(b);
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

/** The session, board and participant ids an op writes a row for (deletions name none: deleting again is harmless). */
function idsWritten(op: StorageOp): { sessions?: (string | null)[]; boards?: (string | null)[]; participants?: string[] } {
  switch (op.op) {
    case 'session.put': return { sessions: [op.session.id] };
    case 'board.put': return { sessions: [op.board.sessionId], boards: [op.board.id] };
    case 'participant.put': return { sessions: [op.participant.sessionId], participants: [op.participant.id] };
    case 'invite.put': return { sessions: [op.invite.sessionId] };
    case 'board.update': case 'board.compact': return { boards: [op.boardId] };
    case 'clientId.claim': case 'vote.add': return { boards: [op.boardId], participants: [op.participantId] };
    case 'record.append': return { sessions: [op.entry.sessionId], boards: [op.entry.boardId] };
    case 'idempotency.put': return { participants: [op.row.participantId] };
    case 'heldNote.put': return { boards: [op.row.boardId] };
    case 'photo.put': return { sessions: [op.photo.sessionId], boards: [op.photo.boardId] };
    case 'disclosure.ensure': return { sessions: [op.row.sessionId] };
    case 'disclosure.publish': return { sessions: [op.sessionId] };
    case 'actionUpdate.put': return { sessions: [op.row.sessionId], boards: [op.row.boardId] };
    case 'followUpLink.put': return { sessions: [op.link.sessionId] };
    case 'escalation.put': return { sessions: [op.escalation.sessionId, op.escalation.targetSessionId], boards: [op.escalation.boardId] };
    case 'escalationUpdate.put': return { sessions: [op.row.sessionId] };
    case 'heldNote.delete': case 'photo.delete': case 'session.delete': return {};
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}

class MemoryStore implements Storage {
  readonly kind = 'memory' as const;
  private closed = false;

  constructor(private readonly data: MemoryData) {}

  /** The data, or a clear error once the store is closed. */
  private get d(): MemoryData {
    if (this.closed) throw new Error('memory storage is closed');
    return this.data;
  }

  commit(ops: StorageOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('memory storage is closed'));
    const undo = new UndoLog();
    // Deletions made by this commit: final only once all of it has applied.
    const deleting: DeletedIds[] = [];
    try {
      for (const op of ops) {
        this.refuseDeleted(op, deleting);
        this.apply(op, undo, deleting);
      }
    } catch (err) {
      undo.rollback();
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const { deleted } = this.data;
    for (const ids of deleting) for (const kind of ['sessions', 'boards', 'participants'] as const) for (const id of ids[kind]) deleted[kind].add(id);
    return Promise.resolve();
  }

  private refuseDeleted(op: StorageOp, deleting: DeletedIds[]): void {
    const sets = [this.data.deleted, ...deleting];
    const named = idsWritten(op);
    const hit = (['sessions', 'boards', 'participants'] as const)
      .some((kind) => (named[kind] ?? []).some((id) => id !== null && sets.some((s) => s[kind].has(id))));
    if (hit) throw new SessionDeletedError(`${op.op} refused: its session was deleted`);
  }

  private apply(op: StorageOp, undo: UndoLog, deleting: DeletedIds[]): void {
    const { sessions, tables: t } = this.data;
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
        t.updates.upsert(undo, String(this.data.nextSeq++), { boardId: op.boardId, data: copy(op.update) });
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
        const seq = this.data.nextSeq++;
        t.record.upsert(undo, String(seq), { seq, sessionId: e.sessionId, boardId: e.boardId, actorId: e.actorId, kind: e.kind, data: json(e.data), at: e.at });
        return;
      }
      case 'idempotency.put': {
        const r = op.row;
        t.idempotency.upsert(undo, key(r.participantId, r.key), { participantId: r.participantId, key: r.key, fingerprint: r.fingerprint, result: json(r.result), at: r.at });
        return;
      }
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
        const ids = this.idsOfSession(op.sessionId);
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

  private idsOfSession(sessionId: string): DeletedIds {
    const { boards, participants } = this.data.tables;
    return {
      sessions: new Set([sessionId]),
      boards: new Set(boards.select((b) => b.sessionId === sessionId).map((b) => b.id)),
      participants: new Set(participants.select((p) => p.sessionId === sessionId).map((p) => p.id)),
    };
  }

  async getSession(id: string): Promise<SessionRow | null> {
    const row = this.d.sessions.get(id);
    return row ? toSession(row) : null;
  }

  async getSessionByJoinCode(joinCode: string): Promise<SessionRow | null> {
    const row = this.d.sessions.select((s) => s.joinCode === joinCode)[0];
    return row ? toSession(row) : null;
  }

  async getBoard(id: string): Promise<BoardRow | null> {
    const row = this.d.tables.boards.get(id);
    return row ? { ...row } : null;
  }

  async listBoards(sessionId: string): Promise<BoardRow[]> {
    return this.d.tables.boards.select((b) => b.sessionId === sessionId).sort(orderBy((b) => b.createdAt, (b) => b.id)).map((b) => ({ ...b }));
  }

  async getParticipant(id: string): Promise<ParticipantRow | null> {
    const row = this.d.tables.participants.get(id);
    return row ? { ...row } : null;
  }

  async listParticipants(sessionId: string): Promise<ParticipantRow[]> {
    return this.d.tables.participants.select((p) => p.sessionId === sessionId).sort(orderBy((p) => p.createdAt, (p) => p.id)).map((p) => ({ ...p }));
  }

  async getInvite(code: string): Promise<InviteRow | null> {
    const row = this.d.tables.invites.get(code);
    return row ? { ...row } : null;
  }

  async loadBoardDoc(boardId: string): Promise<StoredBoardDoc> {
    const { snapshots, updates } = this.d.tables;
    const snapshot = snapshots.get(boardId)?.snapshot;
    return { snapshot: snapshot ? copy(snapshot) : null, updates: updates.select((u) => u.boardId === boardId).map((u) => copy(u.data)) };
  }

  async listClientIdClaims(boardId: string): Promise<ClientIdClaim[]> {
    return this.d.tables.clientIds.select((c) => c.boardId === boardId).map((c) => ({ ...c }));
  }

  async countBoardUpdates(boardId: string): Promise<number> {
    return this.d.tables.updates.select((u) => u.boardId === boardId).length;
  }

  async listRecord(sessionId: string, afterSeq = 0): Promise<RecordEntry[]> {
    return this.d.tables.record.select((e) => e.sessionId === sessionId && e.seq > afterSeq)
      .sort(orderBy((e) => e.seq))
      .map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }));
  }

  async getIdempotency(participantId: string, idempotencyKey: string): Promise<IdempotencyRow | null> {
    const row = this.d.tables.idempotency.get(key(participantId, idempotencyKey));
    return row ? { ...row, result: JSON.parse(row.result) as unknown } : null;
  }

  async listVotes(boardId: string): Promise<VoteRow[]> {
    return this.d.tables.votes.select((v) => v.boardId === boardId)
      .sort(orderBy((v) => v.participantId, (v) => v.targetId))
      .map((v) => ({ participantId: v.participantId, targetId: v.targetId, count: v.count }));
  }

  async listHeldNotes(boardId: string): Promise<HeldNoteRow[]> {
    return this.d.tables.heldNotes.select((h) => h.boardId === boardId)
      .sort(orderBy((h) => h.at, (h) => h.noteId))
      .map((h) => ({ boardId: h.boardId, note: JSON.parse(h.note) as HeldNoteRow['note'], state: h.state, reason: h.reason, at: h.at }));
  }

  async getPhoto(id: string): Promise<PhotoMeta | null> {
    const row = this.d.tables.photos.get(id);
    return row ? photoMeta(row) : null;
  }

  async getPhotoBytes(id: string, variant: 'thumb' | 'full'): Promise<Uint8Array | null> {
    const row = this.d.tables.photos.get(id);
    return row ? copy(row[variant]) : null;
  }

  async listPhotos(sessionId: string): Promise<PhotoMeta[]> {
    return this.d.tables.photos.select((f) => f.sessionId === sessionId).sort(orderBy((f) => f.createdAt, (f) => f.id)).map(photoMeta);
  }

  async listIdleSessions(before: number): Promise<SessionActivity[]> {
    const d = this.d;
    const tables = Object.values(d.tables) as LinkedTable[];
    return d.sessions.select()
      .map((s) => {
        const ids = this.idsOfSession(s.id);
        const owned = ownedBy(s.id, ids.boards, ids.participants);
        return { sessionId: s.id, lastActivityAt: Math.max(s.createdAt, 0, ...tables.map((t) => t.newestStamp(owned))) };
      })
      .filter((a) => a.lastActivityAt < before)
      .sort(orderBy((a) => a.lastActivityAt, (a) => a.sessionId));
  }

  async getDisclosure(sessionId: string): Promise<DisclosureRow | null> {
    const row = this.d.tables.disclosure.get(sessionId);
    return row ? { ...row } : null;
  }

  async getDisclosureByCode(escalationCode: string): Promise<DisclosureRow | null> {
    const row = this.d.tables.disclosure.select((r) => r.escalationCode === escalationCode)[0];
    return row ? { ...row } : null;
  }

  async listActionUpdates(sessionId: string): Promise<ActionUpdateRow[]> {
    return this.d.tables.actionUpdates.select((u) => u.sessionId === sessionId).sort(orderBy((u) => u.at)).map((u) => ({ ...u }));
  }

  async getFollowUpLink(code: string): Promise<FollowUpLinkRow | null> {
    const row = this.d.tables.followUpLinks.get(code);
    return row ? toFollowUpLink(row) : null;
  }

  async listFollowUpLinks(sessionId: string): Promise<FollowUpLinkRow[]> {
    return this.d.tables.followUpLinks.select((l) => l.sessionId === sessionId).sort(orderBy((l) => l.createdAt)).map(toFollowUpLink);
  }

  async getEscalation(id: string): Promise<EscalationRow | null> {
    const row = this.d.tables.escalations.get(id);
    return row ? { ...row } : null;
  }

  async listEscalations(sessionId: string): Promise<EscalationRow[]> {
    return this.d.tables.escalations.select((e) => e.sessionId === sessionId || e.targetSessionId === sessionId)
      .sort(orderBy((e) => e.createdAt)).map((e) => ({ ...e }));
  }

  async listEscalationUpdates(escalationId: string): Promise<EscalationUpdateRow[]> {
    return this.d.tables.escalationUpdates.select((u) => u.escalationId === escalationId).sort(orderBy((u) => u.at)).map((u) => ({ ...u }));
  }

  async health(): Promise<StorageHealth> {
    return this.closed ? { ok: false, kind: 'memory', detail: 'closed' } : { ok: true, kind: 'memory' };
  }

  /** Every commit resolved when it was made, so there is nothing to wait for. */
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Whether a row's links tie it to the session (directly, or through one of its boards or participants). */
function ownedBy(sessionId: string, boards: Set<string>, participants: Set<string>): (links: Links) => boolean {
  return (l) => l.sessionId === sessionId
    || (l.boardId != null && boards.has(l.boardId))
    || (l.participantId != null && participants.has(l.participantId));
}

function toSession(row: SessionRec): SessionRow {
  return { ...row, settings: JSON.parse(row.settings) as SessionRow['settings'] };
}

function toFollowUpLink(row: FollowUpLinkRec): FollowUpLinkRow {
  return { ...row, actions: JSON.parse(row.actions) as FollowUpLinkRow['actions'] };
}

function photoMeta(row: { full: Uint8Array; thumb: Uint8Array } & PhotoMeta): PhotoMeta {
  const { full: _full, thumb: _thumb, ...meta } = row;
  return meta;
}
