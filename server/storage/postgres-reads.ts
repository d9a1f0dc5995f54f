/**
 * The PostgreSQL store's reads: the board-document log and the domain tables over a pool of
 * read connections. Columns are aliased to the row types' names (quoted: PostgreSQL folds
 * unquoted names to lower case), bigint comes back as a number (the pools' type parser), JSON
 * text is parsed here, and bytes are copied out of the driver's buffers into arrays of their own.
 */
import type pg from 'pg';
import type {
  ActionUpdateRow, BoardDocLog, BoardRow, ClientIdClaim, DisclosureRow, DomainStore, EscalationRow, EscalationUpdateRow,
  FollowUpLinkRow, HeldNoteRow, IdempotencyRow, InviteRow, ParticipantRow, PhotoMeta, RecordEntry, SessionActivity,
  SessionRow, StoredBoardDoc, VoteRow,
} from './storage.ts';

const session = 'SELECT id, title, join_code AS "joinCode", join_open AS "joinOpen", settings, created_at AS "createdAt" FROM sessions';
const board = 'SELECT id, session_id AS "sessionId", title, kind, created_at AS "createdAt" FROM boards';
const participant = `SELECT id, session_id AS "sessionId", role, name, group_name AS "group", age_band AS "ageBand", locale,
  token_version AS "tokenVersion", revoked, created_at AS "createdAt", scribed_by AS "scribedBy" FROM participants`;
const photo = `SELECT id, session_id AS "sessionId", board_id AS "boardId", note_id AS "noteId", uploaded_by AS "uploadedBy",
  width, height, thumb_width AS "thumbWidth", thumb_height AS "thumbHeight", created_at AS "createdAt" FROM photos`;
const disclosure = 'SELECT session_id AS "sessionId", escalation_code AS "escalationCode", published_at AS "publishedAt" FROM session_disclosure';
const followUpLink = `SELECT code, session_id AS "sessionId", label, actions, created_by AS "createdBy", created_at AS "createdAt", revoked
  FROM follow_up_links`;
const escalation = `SELECT id, session_id AS "sessionId", board_id AS "boardId", item_id AS "itemId", kind, title, detail,
  target_session_id AS "targetSessionId", status, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt" FROM escalations`;

type SessionDbRow = Omit<SessionRow, 'settings'> & { settings: string };
type FollowUpLinkDbRow = Omit<FollowUpLinkRow, 'actions'> & { actions: string };

const toSession = (row: SessionDbRow): SessionRow => ({ ...row, settings: JSON.parse(row.settings) as SessionRow['settings'] });
const toFollowUpLink = (row: FollowUpLinkDbRow): FollowUpLinkRow => ({ ...row, actions: JSON.parse(row.actions) as FollowUpLinkRow['actions'] });
/** A copy in an array of its own: the driver's Buffers may be views into a shared pool. */
const bytes = (b: Uint8Array): Uint8Array => new Uint8Array(b);

/** Runs one read; a store passes its pool's query, which fails clearly once the store is closed. */
export type ReadQuery = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

export class PostgresReads implements BoardDocLog, DomainStore {
  /**
   * `readWithoutJit` runs the retention query, `idleSql` (built from the schema at open, see
   * postgres-schema.ts), with PostgreSQL's JIT off: it reaches every table, and its cost estimate
   * would otherwise buy ~100 ms of compiling for a query that runs in a few.
   */
  constructor(protected readonly read: ReadQuery, private readonly readWithoutJit: ReadQuery, private readonly idleSql: string) {}

  private async one<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R | null> {
    return (await this.read<R>(text, values))[0] ?? null;
  }

  async getSession(id: string): Promise<SessionRow | null> {
    const row = await this.one<SessionDbRow>(`${session} WHERE id = $1`, [id]);
    return row ? toSession(row) : null;
  }

  async getSessionByJoinCode(joinCode: string): Promise<SessionRow | null> {
    const row = await this.one<SessionDbRow>(`${session} WHERE join_code = $1`, [joinCode]);
    return row ? toSession(row) : null;
  }

  async getBoard(id: string): Promise<BoardRow | null> {
    return this.one<BoardRow>(`${board} WHERE id = $1`, [id]);
  }

  async listBoards(sessionId: string): Promise<BoardRow[]> {
    return this.read<BoardRow>(`${board} WHERE session_id = $1 ORDER BY created_at, id`, [sessionId]);
  }

  async getParticipant(id: string): Promise<ParticipantRow | null> {
    return this.one<ParticipantRow>(`${participant} WHERE id = $1`, [id]);
  }

  async listParticipants(sessionId: string): Promise<ParticipantRow[]> {
    return this.read<ParticipantRow>(`${participant} WHERE session_id = $1 ORDER BY created_at, id`, [sessionId]);
  }

  async getInvite(code: string): Promise<InviteRow | null> {
    return this.one<InviteRow>(`SELECT code, session_id AS "sessionId", role, created_by AS "createdBy", created_at AS "createdAt", revoked
      FROM invites WHERE code = $1`, [code]);
  }

  async loadBoardDoc(boardId: string): Promise<StoredBoardDoc> {
    // One statement, so one snapshot: a compaction committing meanwhile cannot pair the old
    // snapshot with the already-emptied update list.
    const row = await this.one<{ snapshot: Buffer | null; updates: Buffer[] }>(`SELECT
      (SELECT snapshot FROM board_snapshots WHERE board_id = $1) AS snapshot,
      ARRAY(SELECT data FROM board_updates WHERE board_id = $1 ORDER BY seq) AS updates`, [boardId]);
    return { snapshot: row?.snapshot ? bytes(row.snapshot) : null, updates: (row?.updates ?? []).map(bytes) };
  }

  async listClientIdClaims(boardId: string): Promise<ClientIdClaim[]> {
    return this.read<ClientIdClaim>(`SELECT board_id AS "boardId", client_id AS "clientId", participant_id AS "participantId"
      FROM board_client_ids WHERE board_id = $1 ORDER BY seq`, [boardId]);
  }

  async listRecord(sessionId: string, afterSeq = 0): Promise<RecordEntry[]> {
    const rows = await this.read<Omit<RecordEntry, 'data'> & { data: string }>(`SELECT seq, session_id AS "sessionId", board_id AS "boardId",
      actor_id AS "actorId", kind, data, at FROM record WHERE session_id = $1 AND seq > $2 ORDER BY seq`, [sessionId, afterSeq]);
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
  }

  async getIdempotency(participantId: string, key: string): Promise<IdempotencyRow | null> {
    const row = await this.one<Omit<IdempotencyRow, 'result'> & { result: string }>(`SELECT participant_id AS "participantId", key, fingerprint,
      result, at FROM idempotency WHERE participant_id = $1 AND key = $2`, [participantId, key]);
    return row ? { ...row, result: JSON.parse(row.result) as unknown } : null;
  }

  async listVotes(boardId: string): Promise<VoteRow[]> {
    return this.read<VoteRow>(`SELECT participant_id AS "participantId", target_id AS "targetId", count FROM votes
      WHERE board_id = $1 ORDER BY participant_id, target_id`, [boardId]);
  }

  async listHeldNotes(boardId: string): Promise<HeldNoteRow[]> {
    const rows = await this.read<Omit<HeldNoteRow, 'note'> & { note: string }>(`SELECT board_id AS "boardId", state, note, reason, at
      FROM held_notes WHERE board_id = $1 ORDER BY at, note_id`, [boardId]);
    return rows.map((r) => ({ ...r, note: JSON.parse(r.note) as HeldNoteRow['note'] }));
  }

  async getPhoto(id: string): Promise<PhotoMeta | null> {
    return this.one<PhotoMeta>(`${photo} WHERE id = $1`, [id]);
  }

  async getPhotoBytes(id: string, variant: 'thumb' | 'full'): Promise<Uint8Array | null> {
    const column = variant === 'thumb' ? 'thumb_jpeg' : 'full_jpeg';
    const row = await this.one<{ bytes: Buffer }>(`SELECT ${column} AS bytes FROM photos WHERE id = $1`, [id]);
    return row ? bytes(row.bytes) : null;
  }

  async listPhotos(sessionId: string): Promise<PhotoMeta[]> {
    return this.read<PhotoMeta>(`${photo} WHERE session_id = $1 ORDER BY created_at, id`, [sessionId]);
  }

  async listIdleSessions(before: number): Promise<SessionActivity[]> {
    return this.readWithoutJit<SessionActivity>(this.idleSql, [before]);
  }

  async getDisclosure(sessionId: string): Promise<DisclosureRow | null> {
    return this.one<DisclosureRow>(`${disclosure} WHERE session_id = $1`, [sessionId]);
  }

  async getDisclosureByCode(escalationCode: string): Promise<DisclosureRow | null> {
    return this.one<DisclosureRow>(`${disclosure} WHERE escalation_code = $1`, [escalationCode]);
  }

  async listActionUpdates(sessionId: string): Promise<ActionUpdateRow[]> {
    return this.read<ActionUpdateRow>(`SELECT id, session_id AS "sessionId", board_id AS "boardId", action_id AS "actionId", at, status, note,
      by_role AS "by", label, actor_id AS "actorId" FROM action_updates WHERE session_id = $1 ORDER BY at, seq`, [sessionId]);
  }

  async getFollowUpLink(code: string): Promise<FollowUpLinkRow | null> {
    const row = await this.one<FollowUpLinkDbRow>(`${followUpLink} WHERE code = $1`, [code]);
    return row ? toFollowUpLink(row) : null;
  }

  async listFollowUpLinks(sessionId: string): Promise<FollowUpLinkRow[]> {
    return (await this.read<FollowUpLinkDbRow>(`${followUpLink} WHERE session_id = $1 ORDER BY created_at, seq`, [sessionId])).map(toFollowUpLink);
  }

  async getEscalation(id: string): Promise<EscalationRow | null> {
    return this.one<EscalationRow>(`${escalation} WHERE id = $1`, [id]);
  }

  async listEscalations(sessionId: string): Promise<EscalationRow[]> {
    return this.read<EscalationRow>(`${escalation} WHERE session_id = $1 OR target_session_id = $1 ORDER BY created_at, seq`, [sessionId]);
  }

  async listEscalationUpdates(escalationId: string): Promise<EscalationUpdateRow[]> {
    return this.read<EscalationUpdateRow>(`SELECT id, escalation_id AS "escalationId", session_id AS "sessionId", at, status, note,
      actor_id AS "actorId" FROM escalation_updates WHERE escalation_id = $1 ORDER BY at, seq`, [escalationId]);
  }
}
