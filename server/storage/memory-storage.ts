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
import type {
  ActionUpdateRow, BoardRow, ClientIdClaim, DisclosureRow, EscalationRow, EscalationUpdateRow, FollowUpLinkRow,
  HeldNoteRow, IdempotencyRow, InviteRow, ParticipantRow, PhotoMeta, RecordEntry, SessionActivity, SessionRow,
  Storage, StorageHealth, StorageOp, StoredBoardDoc, VoteRow,
} from './storage.ts';
import type { FollowUpLinkRec, LinkedTable, SessionRec } from './memory-tables.ts';
import { applyCommit, copy, createMemoryData, idsOfSession, key, ownedBy, type MemoryData } from './memory-writes.ts';

export { createMemoryData, type MemoryData } from './memory-writes.ts';

/** A fresh store, or one over `data` that an earlier (closed) store filled. */
export function createMemoryStorage(data: MemoryData = createMemoryData()): Storage {
  return new MemoryStore(data);
}

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
    const device = this.data.device;
    if (device.failing !== null) {
      device.lastWriteError = { message: device.failing, at: Date.now() };
      return Promise.reject(new Error(device.failing));
    }
    device.lastWriteError = null;
    try {
      applyCommit(this.data, ops);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return Promise.resolve();
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
        const ids = idsOfSession(d, s.id);
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
    if (this.closed) return { ok: false, kind: 'memory', detail: 'closed' };
    const device = this.data.device;
    // A failed write is reported until a write works again; with no traffic, health probes.
    if (device.lastWriteError && device.failing === null) device.lastWriteError = null;
    const error = device.lastWriteError;
    return error ? { ok: false, kind: 'memory', detail: `the last write failed: ${error.message}`, writeError: error } : { ok: true, kind: 'memory' };
  }

  /** Every commit resolved when it was made, so there is nothing to wait for. */
  async close(): Promise<void> {
    this.closed = true;
  }
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
