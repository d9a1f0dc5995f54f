/**
 * How the PostgreSQL store writes each op: its SQL statements with their parameters, encoded
 * when the commit is made (JSON as text, booleans as booleans, bytes copied), so that data JSON
 * cannot encode fails that commit alone and a caller changing its buffers afterwards changes
 * nothing committed. `session.delete` is not plain SQL: the store runs it (postgres-storage.ts).
 */
import type { StorageOp } from './storage.ts';

/** One SQL statement with its positional parameters. */
export interface Statement { text: string; values: unknown[] }

/** An op ready to run: its statements, or for `session.delete` the session to delete. */
export type EncodedOp =
  | { op: PlainOp | typeof HealthProbeOp; statements: Statement[] }
  | { op: 'session.delete'; sessionId: string };

/** Every op but session.delete is plain SQL. */
type PlainOp = Exclude<StorageOp['op'], 'session.delete'>;

/** A write that leaves nothing behind, sent by health() to learn whether writing works again. */
export const HealthProbeOp = 'health.probe';

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';
/** A private copy, exactly sized: the caller keeps its bytes and may reuse them. */
const own = (bytes: Uint8Array): Buffer => Buffer.from(bytes);

const sql = (text: string, ...values: unknown[]): Statement => ({ text, values });

/** The probe: a real write (WAL flush at COMMIT) that leaves no row. '#' cannot start a board id. */
export function healthProbe(at: number): EncodedOp {
  return { op: HealthProbeOp, statements: [
    sql(`INSERT INTO board_activity (board_id, at) VALUES ('#health-probe', $1)
      ON CONFLICT (board_id) DO UPDATE SET at = excluded.at`, at),
    sql("DELETE FROM board_activity WHERE board_id = '#health-probe'"),
  ] };
}

/** The statements of one op, in order. */
export function encodeOp(op: StorageOp): EncodedOp {
  // Only the plain ops' cases use these (session.delete returns its own shape).
  const name = op.op as PlainOp;
  const one = (text: string, ...values: unknown[]): EncodedOp => ({ op: name, statements: [sql(text, ...values)] });
  switch (op.op) {
    case 'session.put': {
      const s = op.session;
      return one(`INSERT INTO sessions (id, title, join_code, join_open, settings, created_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (id) DO UPDATE SET title = excluded.title, join_code = excluded.join_code, join_open = excluded.join_open,
        settings = excluded.settings, created_at = excluded.created_at`,
      s.id, s.title, s.joinCode, s.joinOpen, json(s.settings), s.createdAt);
    }
    case 'board.put': {
      const b = op.board;
      return one(`INSERT INTO boards (id, session_id, title, kind, created_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, title = excluded.title, kind = excluded.kind,
        created_at = excluded.created_at`,
      b.id, b.sessionId, b.title, b.kind, b.createdAt);
    }
    case 'participant.put': {
      const p = op.participant;
      return one(`INSERT INTO participants (id, session_id, role, name, group_name, age_band, locale, token_version, revoked, created_at, scribed_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, role = excluded.role, name = excluded.name,
        group_name = excluded.group_name, age_band = excluded.age_band, locale = excluded.locale,
        token_version = excluded.token_version, revoked = excluded.revoked, created_at = excluded.created_at, scribed_by = excluded.scribed_by`,
      p.id, p.sessionId, p.role, p.name, p.group, p.ageBand, p.locale, p.tokenVersion, p.revoked, p.createdAt, p.scribedBy ?? null);
    }
    case 'invite.put': {
      const i = op.invite;
      return one(`INSERT INTO invites (code, session_id, role, created_by, created_at, revoked) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (code) DO UPDATE SET session_id = excluded.session_id, role = excluded.role, created_by = excluded.created_by,
        created_at = excluded.created_at, revoked = excluded.revoked`,
      i.code, i.sessionId, i.role, i.createdBy, i.createdAt, i.revoked);
    }
    case 'board.update':
      // The board's last activity: retention counts edits made only through Yjs.
      return { op: name, statements: [
        sql('INSERT INTO board_updates (board_id, data) VALUES ($1, $2)', op.boardId, own(op.update)),
        sql(`INSERT INTO board_activity (board_id, at) VALUES ($1, $2)
          ON CONFLICT (board_id) DO UPDATE SET at = greatest(board_activity.at, excluded.at)`, op.boardId, Date.now()),
      ] };
    case 'clientId.claim':
      return one(`INSERT INTO board_client_ids (board_id, client_id, participant_id) VALUES ($1, $2, $3)
        ON CONFLICT (board_id, client_id) DO NOTHING`, op.boardId, op.clientId, op.participantId);
    case 'board.compact':
      // Ops run in order and commits in submission order, so the updates stored now are exactly
      // "every update committed for this board before the compaction".
      return { op: name, statements: [
        sql(`INSERT INTO board_snapshots (board_id, snapshot) VALUES ($1, $2)
          ON CONFLICT (board_id) DO UPDATE SET snapshot = excluded.snapshot`, op.boardId, own(op.snapshot)),
        sql('DELETE FROM board_updates WHERE board_id = $1', op.boardId),
      ] };
    case 'record.append': {
      const e = op.entry;
      return one('INSERT INTO record (session_id, board_id, actor_id, kind, data, at) VALUES ($1, $2, $3, $4, $5, $6)',
        e.sessionId, e.boardId, e.actorId, e.kind, json(e.data), e.at);
    }
    case 'idempotency.put': {
      const r = op.row;
      return one(`INSERT INTO idempotency (participant_id, key, fingerprint, result, at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (participant_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, result = excluded.result, at = excluded.at`,
      r.participantId, r.key, r.fingerprint, json(r.result), r.at);
    }
    case 'vote.add':
      // Deltas, not absolute counts: concurrent casts commit independently and a failed one undoes nothing else.
      return { op: name, statements: [
        sql(`INSERT INTO votes (board_id, participant_id, target_id, count) VALUES ($1, $2, $3, $4)
          ON CONFLICT (board_id, participant_id, target_id) DO UPDATE SET count = votes.count + excluded.count`,
        op.boardId, op.participantId, op.targetId, op.delta),
        sql('DELETE FROM votes WHERE board_id = $1 AND participant_id = $2 AND target_id = $3 AND count <= 0', op.boardId, op.participantId, op.targetId),
      ] };
    case 'heldNote.put': {
      const h = op.row;
      return one(`INSERT INTO held_notes (board_id, note_id, author_id, state, note, reason, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (board_id, note_id) DO UPDATE SET author_id = excluded.author_id, state = excluded.state, note = excluded.note,
        reason = excluded.reason, at = excluded.at`,
      h.boardId, h.note.id, h.note.authorId, h.state, json(h.note), h.reason, h.at);
    }
    case 'heldNote.delete':
      return one('DELETE FROM held_notes WHERE board_id = $1 AND note_id = $2', op.boardId, op.noteId);
    case 'photo.put': {
      const f = op.photo;
      return one(`INSERT INTO photos (id, session_id, board_id, note_id, uploaded_by, width, height, thumb_width, thumb_height,
        full_jpeg, thumb_jpeg, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      f.id, f.sessionId, f.boardId, f.noteId, f.uploadedBy, f.width, f.height, f.thumbWidth, f.thumbHeight, own(f.full), own(f.thumb), f.createdAt);
    }
    case 'photo.delete':
      return one('DELETE FROM photos WHERE id = $1', op.photoId);
    case 'session.delete':
      return { op: op.op, sessionId: op.sessionId };
    case 'disclosure.ensure': {
      const d = op.row;
      // DO NOTHING on any conflict: the session already has a row, or (rarely) the code is another session's.
      return one(`INSERT INTO session_disclosure (session_id, escalation_code, published_at) VALUES ($1, $2, $3)
        ON CONFLICT DO NOTHING`, d.sessionId, d.escalationCode, d.publishedAt);
    }
    case 'disclosure.publish':
      return one('UPDATE session_disclosure SET published_at = $2 WHERE session_id = $1', op.sessionId, op.publishedAt);
    case 'actionUpdate.put': {
      const u = op.row;
      return one(`INSERT INTO action_updates (id, session_id, board_id, action_id, at, status, note, by_role, label, actor_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      u.id, u.sessionId, u.boardId, u.actionId, u.at, u.status, u.note, u.by, u.label, u.actorId);
    }
    case 'followUpLink.put': {
      const l = op.link;
      return one(`INSERT INTO follow_up_links (code, session_id, label, actions, created_by, created_at, revoked)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (code) DO UPDATE SET session_id = excluded.session_id, label = excluded.label, actions = excluded.actions,
        created_by = excluded.created_by, created_at = excluded.created_at, revoked = excluded.revoked`,
      l.code, l.sessionId, l.label, json(l.actions), l.createdBy, l.createdAt, l.revoked);
    }
    case 'escalation.put': {
      const e = op.escalation;
      return one(`INSERT INTO escalations (id, session_id, board_id, item_id, kind, title, detail, target_session_id, status,
        created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, board_id = excluded.board_id, item_id = excluded.item_id,
        kind = excluded.kind, title = excluded.title, detail = excluded.detail, target_session_id = excluded.target_session_id,
        status = excluded.status, created_by = excluded.created_by, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      e.id, e.sessionId, e.boardId, e.itemId, e.kind, e.title, e.detail, e.targetSessionId, e.status, e.createdBy, e.createdAt, e.updatedAt);
    }
    case 'idempotency.expire':
      return one('DELETE FROM idempotency WHERE at < $1', op.before);
    case 'escalationUpdate.put': {
      const u = op.row;
      return one(`INSERT INTO escalation_updates (id, escalation_id, session_id, at, status, note, actor_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.id, u.escalationId, u.sessionId, u.at, u.status, u.note, u.actorId);
    }
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}
