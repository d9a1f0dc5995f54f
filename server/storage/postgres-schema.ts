/**
 * The PostgreSQL store's schema: versioned migrations run at open (under an advisory lock, so
 * processes starting together migrate once), the tombstones that make a session deletion final
 * for every process, and the SQL that the schema itself decides — the session delete and the
 * retention query cover every table tied to a session, found by its columns, as in SQLite.
 *
 * Why no foreign keys: the storage contract lets a row name a session, board or participant
 * that has no row (a record entry of a session never put, a board update before its board),
 * and the SQLite and memory stores accept that; a foreign key would refuse those writes. The
 * deletion is instead one statement that removes every row tied to the session by its
 * `session_id`, `board_id` or `participant_id`, and the tombstones refuse later writes.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Ids compare and sort bytewise, as in SQLite, whatever collation the database was created with. */
const id = 'text COLLATE "C"';
const text = 'text COLLATE "C"';

/**
 * Schema migrations; `schema_migrations` records which have run. Append, never edit.
 * Times are epoch ms (bigint); JSON is kept as text, exactly as the caller encoded it (jsonb
 * would refuse `\u0000` and reorder keys); photos are bytea in their table (see the README:
 * every process reads the same photos, and a session's deletion removes them in the same
 * transaction as everything else).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id ${id} PRIMARY KEY, title ${text} NOT NULL, join_code ${text} NOT NULL UNIQUE,
    join_open boolean NOT NULL, settings ${text} NOT NULL, created_at bigint NOT NULL
  );
  CREATE TABLE boards (
    id ${id} PRIMARY KEY, session_id ${id} NOT NULL, title ${text} NOT NULL, kind ${text} NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX boards_session ON boards (session_id);
  CREATE TABLE participants (
    id ${id} PRIMARY KEY, session_id ${id} NOT NULL, role ${text} NOT NULL, name ${text},
    group_name ${text}, age_band ${text}, locale ${text}, token_version integer NOT NULL,
    revoked boolean NOT NULL, created_at bigint NOT NULL, scribed_by ${id}
  );
  CREATE INDEX participants_session ON participants (session_id);
  CREATE TABLE invites (
    code ${id} PRIMARY KEY, session_id ${id} NOT NULL, role ${text} NOT NULL, created_by ${id} NOT NULL,
    created_at bigint NOT NULL, revoked boolean NOT NULL
  );
  CREATE INDEX invites_session ON invites (session_id);
  CREATE TABLE board_snapshots (board_id ${id} PRIMARY KEY, snapshot bytea NOT NULL);
  CREATE TABLE board_updates (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, board_id ${id} NOT NULL, data bytea NOT NULL
  );
  CREATE INDEX board_updates_board ON board_updates (board_id, seq);
  CREATE TABLE board_activity (board_id ${id} PRIMARY KEY, at bigint NOT NULL);
  CREATE TABLE board_client_ids (
    board_id ${id} NOT NULL, client_id bigint NOT NULL, participant_id ${id} NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (board_id, client_id)
  );
  CREATE INDEX board_client_ids_participant ON board_client_ids (participant_id);
  CREATE TABLE record (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, session_id ${id} NOT NULL, board_id ${id},
    actor_id ${id}, kind ${text} NOT NULL, data ${text} NOT NULL, at bigint NOT NULL
  );
  CREATE INDEX record_session ON record (session_id, seq);
  CREATE INDEX record_board ON record (board_id);
  CREATE TABLE idempotency (
    participant_id ${id} NOT NULL, key ${text} NOT NULL, fingerprint ${text} NOT NULL,
    result ${text} NOT NULL, at bigint NOT NULL, PRIMARY KEY (participant_id, key)
  );
  CREATE TABLE votes (
    board_id ${id} NOT NULL, participant_id ${id} NOT NULL, target_id ${id} NOT NULL,
    count integer NOT NULL, PRIMARY KEY (board_id, participant_id, target_id)
  );
  CREATE INDEX votes_participant ON votes (participant_id);
  CREATE TABLE held_notes (
    board_id ${id} NOT NULL, note_id ${id} NOT NULL, author_id ${id} NOT NULL, state ${text} NOT NULL,
    note ${text} NOT NULL, reason ${text}, at bigint NOT NULL, PRIMARY KEY (board_id, note_id)
  );
  CREATE TABLE photos (
    id ${id} PRIMARY KEY, session_id ${id} NOT NULL, board_id ${id} NOT NULL, note_id ${id} NOT NULL,
    uploaded_by ${id} NOT NULL, width integer NOT NULL, height integer NOT NULL,
    thumb_width integer NOT NULL, thumb_height integer NOT NULL, full_jpeg bytea NOT NULL,
    thumb_jpeg bytea NOT NULL, created_at bigint NOT NULL
  );
  CREATE INDEX photos_session ON photos (session_id, created_at);
  CREATE INDEX photos_board ON photos (board_id);
  CREATE TABLE session_disclosure (
    session_id ${id} PRIMARY KEY, escalation_code ${text} NOT NULL UNIQUE, published_at bigint
  );
  CREATE TABLE action_updates (
    seq bigint GENERATED ALWAYS AS IDENTITY, id ${id} PRIMARY KEY, session_id ${id} NOT NULL,
    board_id ${id} NOT NULL, action_id ${id} NOT NULL, at bigint NOT NULL, status ${text},
    note ${text} NOT NULL, by_role ${text} NOT NULL, label ${text}, actor_id ${id}
  );
  CREATE INDEX action_updates_session ON action_updates (session_id, at, seq);
  CREATE INDEX action_updates_board ON action_updates (board_id);
  CREATE TABLE follow_up_links (
    seq bigint GENERATED ALWAYS AS IDENTITY, code ${id} PRIMARY KEY, session_id ${id} NOT NULL,
    label ${text} NOT NULL, actions ${text} NOT NULL, created_by ${id} NOT NULL,
    created_at bigint NOT NULL, revoked boolean NOT NULL
  );
  CREATE INDEX follow_up_links_session ON follow_up_links (session_id, created_at, seq);
  CREATE TABLE escalations (
    seq bigint GENERATED ALWAYS AS IDENTITY, id ${id} PRIMARY KEY, session_id ${id} NOT NULL,
    board_id ${id} NOT NULL, item_id ${id} NOT NULL, kind ${text} NOT NULL, title ${text} NOT NULL,
    detail ${text} NOT NULL, target_session_id ${id} NOT NULL, status ${text} NOT NULL,
    created_by ${id} NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL
  );
  CREATE INDEX escalations_session ON escalations (session_id);
  CREATE INDEX escalations_target ON escalations (target_session_id);
  CREATE INDEX escalations_board ON escalations (board_id);
  CREATE TABLE escalation_updates (
    seq bigint GENERATED ALWAYS AS IDENTITY, id ${id} PRIMARY KEY, escalation_id ${id} NOT NULL,
    session_id ${id} NOT NULL, at bigint NOT NULL, status ${text} NOT NULL, note ${text} NOT NULL,
    actor_id ${id} NOT NULL
  );
  CREATE INDEX escalation_updates_escalation ON escalation_updates (escalation_id, at, seq);
  CREATE INDEX escalation_updates_session ON escalation_updates (session_id);
  -- Deleted sessions, boards and participants, as SHA-256 digests of kind and id (tombstoneDigest):
  -- every process checks them inside its write transaction, so a deletion is final everywhere,
  -- and no row names the deleted session in clear.
  CREATE TABLE deleted_ids (digest bytea PRIMARY KEY);
  `,
  // 2: idempotency rows expire by age (idempotency.expire): found by time, not by participant.
  `
  CREATE INDEX idempotency_at ON idempotency (at);
  `,
  // 3: one owner per session (server/ownership/postgres-ownership.ts). A takeover raises the
  // epoch; every commit of an owner checks its epoch here, in its own transaction. Times are the
  // database's clock (timestamptz), never a process's. Rows whose id starts with '#' are leases of
  // tasks that run in one process at a time (retention), not sessions.
  `
  CREATE TABLE session_owner (
    session_id ${id} PRIMARY KEY, owner ${text} NOT NULL, internal_url ${text} NOT NULL,
    epoch bigint NOT NULL, lease_until timestamptz NOT NULL
  );
  CREATE INDEX session_owner_owner ON session_owner (owner);
  `,
];

/** Kinds of ids a tombstone can name, as in session-links.ts. */
export type IdKind = 'sessions' | 'boards' | 'participants';

/** The tombstone of one deleted id: a digest, so the table does not name the session in clear. */
export function tombstoneDigest(kind: IdKind, value: string): Buffer {
  return createHash('sha256').update(`${kind}\0${value}`).digest();
}

/** Tables that are not the session's data: the migration log and the tombstones. */
const bookkeeping = new Set(['schema_migrations', 'deleted_ids']);

/**
 * Creates or updates the schema in the connection's current schema (`search_path`; the URL may
 * set it with `?options=-c%20search_path%3Dname`). Runs in one transaction under an advisory
 * lock, so two processes starting at once do not both migrate; refuses a schema newer than
 * this code. Returns the schema version.
 */
export async function migrate(client: pg.PoolClient): Promise<number> {
  await client.query('BEGIN');
  try {
    const { rows: [where] } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    if (!where?.schema) throw new Error('no schema to create tables in: the search_path names none that exists');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`yishi-migrate:${where.schema}`]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows: [current] } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM schema_migrations');
    const version = current?.version ?? 0;
    if (version > MIGRATIONS.length) throw new Error(`schema version ${version} is newer than this code (${MIGRATIONS.length})`);
    for (let v = version; v < MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
    }
    await client.query('COMMIT');
    return MIGRATIONS.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Each table of the current schema with its columns. */
export async function tableColumns(client: pg.PoolClient | pg.Pool): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(
    `SELECT table_name::text AS table, array_agg(column_name::text ORDER BY ordinal_position) AS columns
     FROM information_schema.columns WHERE table_schema = current_schema() GROUP BY table_name ORDER BY table_name`);
  return new Map(rows.map((r) => [r.table, r.columns]));
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** How a row is tied to a session `$1`-or-`s.id`: by its session, one of its boards, one of its participants. */
function linkConditions(columns: string[], session: string, boards: string, participants: string): string[] {
  const links: Record<string, string> = {
    session_id: `session_id = ${session}`,
    board_id: `board_id IN (${boards})`,
    participant_id: `participant_id IN (${participants})`,
  };
  return Object.keys(links).filter((c) => columns.includes(c)).map((c) => links[c]!);
}

/** The session's tables: every table but `sessions` and the bookkeeping, with how its rows are tied to a session. */
function sessionTables(tables: Map<string, string[]>, session: string, boards: string, participants: string): { table: string; columns: string[]; conds: string[] }[] {
  return [...tables].filter(([t]) => t !== 'sessions' && !bookkeeping.has(t))
    .map(([table, columns]) => ({ table, columns, conds: linkConditions(columns, session, boards, participants) }))
    .filter((t) => t.conds.length > 0);
}

/** Tables holding data but tied to no session (tests/storage-postgres.test.ts expects none). */
export function untiedTables(tables: Map<string, string[]>): string[] {
  return [...tables].filter(([t, columns]) => t !== 'sessions' && !bookkeeping.has(t)
    && linkConditions(columns, '', '', '').length === 0).map(([t]) => t);
}

/**
 * One statement deleting session `$1` everywhere: every table's rows tied to it (by its id, its
 * boards' or its participants'), its boards, participants and the session row. Data-modifying
 * CTEs share one snapshot, so the boards and participants are still found while they go.
 */
export function deleteSessionSql(tables: Map<string, string[]>): string {
  const boards = 'SELECT id FROM boards WHERE session_id = $1';
  const participants = 'SELECT id FROM participants WHERE session_id = $1';
  const deletes = sessionTables(tables, '$1', boards, participants)
    .map(({ table, conds }, i) => `d${i} AS (DELETE FROM ${quote(table)} WHERE ${conds.join(' OR ')})`);
  return `WITH ${deletes.join(',\n')}\nDELETE FROM sessions WHERE id = $1`;
}

/** Time-stamp columns that count as activity, wherever a table has one. */
const activityColumns = ['created_at', 'at', 'updated_at', 'published_at'];

/**
 * The retention query (`$1`: the cut-off): each session with the newest time stamp of any of
 * its rows in any table, so a table added later counts without touching this.
 */
export function idleSessionsSql(tables: Map<string, string[]>): string {
  const boards = 'SELECT id FROM boards WHERE session_id = s.id';
  const participants = 'SELECT id FROM participants WHERE session_id = s.id';
  const stamps = ['s.created_at'];
  for (const { table, columns, conds } of sessionTables(tables, 's.id', boards, participants)) {
    for (const col of activityColumns.filter((c) => columns.includes(c))) {
      stamps.push(`coalesce((SELECT max(${quote(col)}) FROM ${quote(table)} WHERE ${conds.join(' OR ')}), 0)`);
    }
  }
  return `SELECT "sessionId", "lastActivityAt" FROM (
      SELECT s.id AS "sessionId", greatest(${stamps.join(', ')}, 0) AS "lastActivityAt" FROM sessions s) a
    WHERE "lastActivityAt" < $1 ORDER BY "lastActivityAt", "sessionId"`;
}
