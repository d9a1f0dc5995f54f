/**
 * How the SQLite store's rows travel: ops encoded into the named parameters of the writer's SQL
 * (booleans as 0/1, JSON as text, bytes transferred), and the read statements of the main
 * thread's read-only connection with the mapping of their rows back to storage rows.
 */
import type Database from 'better-sqlite3';
import type {
  VoteRow, HeldNoteRow, PhotoMeta, SessionActivity,
  DisclosureRow, ActionUpdateRow, FollowUpLinkRow, EscalationRow, EscalationUpdateRow,
  BoardRow, IdempotencyRow, InviteRow, ParticipantRow, RecordEntry, SessionRow, StorageOp,
  ClientIdClaim,
} from './storage.ts';

type Param = string | number | null | Uint8Array;
/** A write that leaves nothing behind, sent by health() to learn whether writing works again. */
export const HealthProbeOp = 'health.probe';
/** An op as the writer receives it: its name and its named SQL parameters, already encoded. */
export interface WireOp { op: StorageOp['op'] | typeof HealthProbeOp; params: Record<string, Param> }

const bool = (b: boolean): number => (b ? 1 : 0);
const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

/**
 * Bytes for the writer that leave the caller's own intact. Small bytes that fill their buffer
 * (a server change's update, a few hundred bytes) go as they are: postMessage's structured clone
 * copies them, at about half the cost of a copy here plus a transfer. Anything else becomes a
 * private copy in its own exactly-sized buffer, transferred (not cloned), so a view into a whole
 * message buffer does not ship that buffer.
 */
function own(bytes: Uint8Array, transfer: ArrayBuffer[]): Uint8Array {
  if (bytes.byteLength <= SmallCloneBytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const copy = new Uint8Array(bytes);
  transfer.push(copy.buffer);
  return copy;
}

/** Buffers up to this size go to the writer by structured clone rather than by transfer. */
const SmallCloneBytes = 16 * 1024;

/** Encodes an op into the named parameters of the writer's SQL (booleans as 0/1, JSON as text). */
export function toWire(op: StorageOp, transfer: ArrayBuffer[]): WireOp {
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
    case 'clientId.claim':
      return { op: op.op, params: { boardId: op.boardId, clientId: op.clientId, participantId: op.participantId } };
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
    case 'idempotency.expire':
      return { op: op.op, params: { before: op.before } };
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

export function toFollowUpLink(row: FollowUpLinkDbRow): FollowUpLinkRow {
  return { ...row, revoked: row.revoked === 1, actions: JSON.parse(row.actions) as FollowUpLinkRow['actions'] };
}

export function toSession(row: SessionDbRow): SessionRow {
  return { ...row, joinOpen: row.joinOpen === 1, settings: JSON.parse(row.settings) as SessionRow['settings'] };
}

export function toParticipant(row: ParticipantDbRow): ParticipantRow {
  return { ...row, revoked: row.revoked === 1 };
}

/** Columns are aliased to the row types' names, so rows need only their booleans and JSON decoded. */
export function prepareReads(db: Database.Database) {
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
    clientIds: db.prepare<[string], ClientIdClaim>(
      'SELECT board_id AS boardId, client_id AS clientId, participant_id AS participantId FROM board_client_ids WHERE board_id = ? ORDER BY rowid'),
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
