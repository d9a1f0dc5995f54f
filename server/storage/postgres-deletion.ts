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

/** Locks the named rows that exist, in a fixed order (sessions, boards, participants, each by id), so that processes do not deadlock. */
const LockNamed = `WITH
  s AS (SELECT 1 FROM sessions WHERE id = ANY($1::text[]) ORDER BY id FOR KEY SHARE),
  b AS (SELECT 1 FROM boards WHERE id = ANY($2::text[]) ORDER BY id FOR KEY SHARE),
  p AS (SELECT 1 FROM participants WHERE id = ANY($3::text[]) ORDER BY id FOR KEY SHARE)
  SELECT (SELECT count(*) FROM s) + (SELECT count(*) FROM b) + (SELECT count(*) FROM p) AS locked`;
const ReadTombstones = 'SELECT digest FROM deleted_ids WHERE digest = ANY($1::bytea[])';

/**
 * Locks the rows of the named ids (no other process deletes them before this transaction ends),
 * then returns the names among them that were deleted.
 */
export async function lockAndCheck(run: RunStatement, names: string[]): Promise<Set<string>> {
  const keys = [...new Set(names)];
  if (keys.length === 0) return new Set();
  const of = (kind: IdKind) => keys.map(splitKey).filter(([k]) => k === kind).map(([, v]) => v);
  const digests = new Map(keys.map((k) => [tombstoneDigest(...splitKey(k)).toString('hex'), k]));
  // Sent together (the writer pipelines); the server still runs the second after the first's wait.
  const [, { rows }] = await Promise.all([
    run(LockNamed, [of('sessions'), of('boards'), of('participants')]),
    run<{ digest: Buffer }>(ReadTombstones, [[...digests.keys()].map((hex) => Buffer.from(hex, 'hex'))]),
  ]);
  return new Set(rows.map((r) => digests.get(r.digest.toString('hex'))!));
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
