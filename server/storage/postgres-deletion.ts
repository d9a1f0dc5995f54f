/**
 * How the PostgreSQL store keeps a session deletion final for every process sharing the
 * database, inside the write transaction (postgres-storage.ts runs these):
 *
 * - a batch first locks the existing session, board and participant rows its commits name
 *   (FOR KEY SHARE), and only then reads which of those ids have a tombstone;
 * - a deletion locks the session row, then its boards' and participants' rows (FOR UPDATE),
 *   writes their tombstones, then deletes everything of the session in one statement.
 *
 * So either the deletion waits for the batch and deletes what the batch wrote, or the batch
 * waits for the deletion and, in its next statement, sees the tombstones and refuses (READ
 * COMMITTED: each statement sees what committed before it began). Reading the tombstones in the
 * same statement as the lock would not do: that statement's snapshot predates the wait.
 */
import type pg from 'pg';
import { tombstoneDigest, type IdKind } from './postgres-schema.ts';

/** Runs one statement in the write transaction. */
export type RunStatement = <R extends pg.QueryResultRow>(text: string, values: unknown[]) => Promise<pg.QueryResult<R>>;

/** A named id as commits carry it: `kind\0id`. */
export const nameKey = (kind: IdKind, value: string): string => `${kind}\0${value}`;
const splitKey = (key: string): [IdKind, string] => key.split('\0', 2) as [IdKind, string];

/**
 * Locks the named rows that exist, in a fixed order (sessions, boards, participants, each by id),
 * so that processes do not deadlock, and names the session of each board and participant found.
 * With `$4` (fencing on), it also locks FOR SHARE the owner rows of every session involved (named,
 * through a named board or participant, or in `$4`): a takeover (an UPDATE of that row) waits for
 * this transaction, and this statement, if it waited for a takeover, reads the new owner.
 */
const LockNamed = `WITH
  s AS (SELECT id FROM sessions WHERE id = ANY($1::text[]) ORDER BY id FOR KEY SHARE),
  b AS (SELECT id, session_id FROM boards WHERE id = ANY($2::text[]) ORDER BY id FOR KEY SHARE),
  p AS (SELECT id, session_id FROM participants WHERE id = ANY($3::text[]) ORDER BY id FOR KEY SHARE),
  o AS (SELECT session_id, owner, epoch FROM session_owner WHERE $4::text[] IS NOT NULL AND session_id IN (
      SELECT unnest($1::text[]) UNION SELECT session_id FROM b UNION SELECT session_id FROM p UNION SELECT unnest($4::text[]))
    ORDER BY session_id FOR SHARE)
  SELECT 'boards' AS kind, id, session_id, NULL AS owner, NULL::bigint AS epoch FROM b
  UNION ALL SELECT 'participants', id, session_id, NULL, NULL FROM p
  UNION ALL SELECT 'sessions', id, id, NULL, NULL FROM s
  UNION ALL SELECT 'owner', session_id, session_id, owner, epoch FROM o`;
const ReadTombstones = 'SELECT digest FROM deleted_ids WHERE digest = ANY($1::bytea[])';

/** What a batch's first statements found: tombstoned names, whose session each name is, and the sessions' owners. */
export interface BatchLocks {
  /** Names among those asked about that were deleted. */
  deleted: Set<string>;
  /** The session of each named session, board and participant that exists (by name key). */
  sessionOf: Map<string, string>;
  /** Owner and epoch of each session involved that has an owner row (only when fencing). */
  owners: Map<string, { owner: string; epoch: number }>;
}

/**
 * Locks the rows of the named ids (no other process deletes them before this transaction ends),
 * then returns the names among them that were deleted, with each name's session; with
 * `fenceSessions` (fencing on), also the owner rows of every session involved, locked FOR SHARE.
 */
export async function lockAndCheck(run: RunStatement, names: string[], fenceSessions: string[] | null = null): Promise<BatchLocks> {
  const keys = [...new Set(names)];
  const found: BatchLocks = { deleted: new Set(), sessionOf: new Map(), owners: new Map() };
  if (keys.length === 0 && !fenceSessions?.length) return found;
  const of = (kind: IdKind) => keys.map(splitKey).filter(([k]) => k === kind).map(([, v]) => v);
  const digests = new Map(keys.map((k) => [tombstoneDigest(...splitKey(k)).toString('hex'), k]));
  // Sent together (the writer pipelines); the server still runs the second after the first's wait.
  const [{ rows: locked }, { rows }] = await Promise.all([
    run<{ kind: IdKind | 'owner'; id: string; session_id: string; owner: string | null; epoch: number | null }>(
      LockNamed, [of('sessions'), of('boards'), of('participants'), fenceSessions ? [...new Set(fenceSessions)] : null]),
    run<{ digest: Buffer }>(ReadTombstones, [[...digests.keys()].map((hex) => Buffer.from(hex, 'hex'))]),
  ]);
  for (const r of locked) {
    if (r.kind === 'owner') found.owners.set(r.session_id, { owner: r.owner!, epoch: Number(r.epoch) });
    else found.sessionOf.set(nameKey(r.kind, r.id), r.session_id);
  }
  for (const r of rows) found.deleted.add(digests.get(r.digest.toString('hex'))!);
  return found;
}

/**
 * Deletes a session everywhere (`deleteSql`, from postgres-schema.ts) and leaves tombstones for
 * it, its boards and participants; returns their names. The session row is locked first, then
 * its boards and participants (no commit can add one meanwhile: adding one locks the session).
 */
export async function deleteSession(run: RunStatement, deleteSql: string, sessionId: string): Promise<string[]> {
  await run('SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE', [sessionId]);
  const { rows } = await run<{ kind: IdKind; id: string }>(`WITH
    b AS (SELECT id FROM boards WHERE session_id = $1 ORDER BY id FOR UPDATE),
    p AS (SELECT id FROM participants WHERE session_id = $1 ORDER BY id FOR UPDATE)
    SELECT 'boards'::text AS kind, id FROM b UNION ALL SELECT 'participants'::text, id FROM p`, [sessionId]);
  const named: [IdKind, string][] = [['sessions', sessionId], ...rows.map((r): [IdKind, string] => [r.kind, r.id])];
  await run('INSERT INTO deleted_ids (digest) SELECT unnest($1::bytea[]) ON CONFLICT DO NOTHING',
    [named.map(([kind, value]) => tombstoneDigest(kind, value))]);
  await run(deleteSql, [sessionId]);
  return named.map(([kind, value]) => nameKey(kind, value));
}
