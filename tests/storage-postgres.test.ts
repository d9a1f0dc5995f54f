/**
 * The storage contract against PostgreSQL, plus what only the PostgreSQL store promises: a fresh
 * database per run (dropped after), a fresh schema per case.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStorage, type PostgresStorage } from '../server/storage/postgres-storage.ts';
import { MIGRATIONS, tombstoneDigest } from '../server/storage/postgres-schema.ts';
import type { StorageOp } from '../server/storage/storage.ts';
import { storageContract } from './contract/storage.contract.ts';
import { createTestDatabase, createTestSchema, failPostgresWrites } from './helpers/postgres.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** A plain connection to the case's schema, for looking under the store. */
async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

storageContract('postgres', async () => {
  const { url } = await createTestSchema(db.url);
  return {
    open: () => openPostgresStorage({ url, readConnections: 2 }),
    cleanup: async () => undefined, // the database goes after the run
    failWrites: () => failPostgresWrites(url),
  };
});

const append = (i: number): StorageOp[] => [{ op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'tick', data: { i }, at: i } }];
const rowsOf = (sid: string, bid: string, pid: string): StorageOp[] => [
  { op: 'session.put', session: { id: sid, title: `Title ${sid}`, joinCode: `CODE${sid}`, joinOpen: true, settings: {}, createdAt: 1 } },
  { op: 'board.put', board: { id: bid, sessionId: sid, title: 'Board', kind: 'plenary', createdAt: 1 } },
  { op: 'participant.put', participant: { id: pid, sessionId: sid, role: 'resident', name: `Name ${pid}`, group: null, ageBand: null, locale: null, tokenVersion: 0, revoked: false, createdAt: 1 } },
  { op: 'board.update', boardId: bid, update: new Uint8Array([7, 7, 7]) },
  { op: 'idempotency.put', row: { participantId: pid, key: 'k', fingerprint: 'f', result: { ok: true }, at: 2 } },
  { op: 'record.append', entry: { sessionId: sid, boardId: bid, actorId: pid, kind: 'note.add', data: { text: `about ${sid}` }, at: 3 } },
];

describe('postgres storage', () => {
  let url: string;
  const stores: PostgresStorage[] = [];
  const open = async (): Promise<PostgresStorage> => {
    const s = await openPostgresStorage({ url, readConnections: 2 });
    stores.push(s);
    return s;
  };

  beforeEach(async () => {
    ({ url } = await createTestSchema(db.url));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('open migrates the schema once, even when two processes open at the same moment, and records its version', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(a.schemaVersion).toBe(MIGRATIONS.length);
    expect(b.schemaVersion).toBe(MIGRATIONS.length);
    expect(await sql(url, 'SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((_, i) => ({ version: i + 1 })));
    await a.commit(append(1));
    await a.close();
    const again = await open();
    expect(await again.listRecord('s1')).toHaveLength(1);
  });

  it('open refuses a schema newer than the code, and an unreachable database, with a readable error', async () => {
    await (await open()).close();
    await sql(url, 'INSERT INTO schema_migrations (version) VALUES ($1)', [MIGRATIONS.length + 1]);
    await expect(openPostgresStorage({ url })).rejects.toThrow(/postgres storage could not open: schema version \d+ is newer than this code/);
    const missing = new URL(url);
    missing.pathname = '/yishi_test_does_not_exist';
    await expect(openPostgresStorage({ url: missing.toString() })).rejects.toThrow(/postgres storage could not open: .*does not exist/);
  });

  it('write transactions run with fsync and synchronous_commit on', async () => {
    const store = await open();
    expect(store.writerSettings).toEqual({ fsync: 'on', synchronousCommit: 'on' });
  });

  it('group commit: 200 commits issued in the same tick are written in one transaction', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit(append(i))));
    expect(store.stats()).toEqual({ commits: 200, transactions: 1 });
    expect(await store.listRecord('s1')).toHaveLength(200);
  });

  it('commits awaited one by one each get their own transaction', async () => {
    const store = await open();
    for (let i = 0; i < 3; i++) await store.commit(append(i));
    expect(store.stats()).toEqual({ commits: 3, transactions: 3 });
  });

  it('a failing commit is rejected with its SQLSTATE while the rest of its batch lands in the same transaction', async () => {
    const store = await open();
    const session = (id: string) => ({ id, title: id, joinCode: 'SAME', joinOpen: true, settings: {}, createdAt: 1 });
    const results = await Promise.allSettled([
      store.commit([{ op: 'session.put', session: session('s1') }]),
      store.commit([{ op: 'session.put', session: session('s2') }]),
      store.commit(append(1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { name: 'PostgresCommitError', code: '23505' } });
    expect(store.stats()).toEqual({ commits: 3, transactions: 1 });
    expect(await store.health()).toEqual({ ok: true, kind: 'postgres' });
  });

  it('a pipelined batch failing before the first use of a statement is written again, and that statement works afterwards', async () => {
    const store = await open();
    const session = (id: string) => ({ id, title: id, joinCode: 'SAME', joinOpen: true, settings: {}, createdAt: 1 });
    const invite = (code: string) => ({ code, sessionId: 's1', role: 'expert' as const, createdBy: 'p1', createdAt: 1, revoked: false });
    // The invite statement is first sent behind the failing insert, so its preparation fails with the transaction.
    const results = await Promise.allSettled([
      store.commit([{ op: 'session.put', session: session('s1') }]),
      store.commit([{ op: 'session.put', session: session('s2') }]),
      store.commit([{ op: 'invite.put', invite: invite('I1') }]),
      store.commit([{ op: 'invite.put', invite: invite('I2') }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    await store.commit([{ op: 'invite.put', invite: invite('I3') }]);
    expect((await Promise.all(['I1', 'I2', 'I3'].map((c) => store.getInvite(c)))).map((i) => i?.code)).toEqual(['I1', 'I2', 'I3']);
    expect(store.stats()).toEqual({ commits: 5, transactions: 2 });
  });

  it('a commit whose data JSON cannot encode rejects alone', async () => {
    const store = await open();
    const bad: StorageOp[] = [{ op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'x', data: { n: 1n }, at: 0 } }];
    const results = await Promise.allSettled([store.commit(append(1)), store.commit(bad), store.commit(append(2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.listRecord('s1')).map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
  });

  it('what is committed is the bytes at the call: changing the buffer afterwards changes nothing stored', async () => {
    const store = await open();
    const message = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const update = message.subarray(2, 5); // a view into a larger buffer, as decoded from a socket message
    const pending = store.commit([{ op: 'board.update', boardId: 'b1', update }]);
    update[0] = 42;
    await pending;
    expect((await store.loadBoardDoc('b1')).updates.map((u) => Array.from(u))).toEqual([[1, 2, 3]]);
  });

  it('a closed store rejects commits and reads with a clear error, and says so in health', async () => {
    const store = await open();
    await store.close();
    await expect(store.commit(append(1))).rejects.toThrow(/postgres storage is closed/);
    await expect(store.getSession('s1')).rejects.toThrow(/postgres storage is closed/);
    expect(await store.health()).toEqual({ ok: false, kind: 'postgres', detail: 'closed' });
  });

  it('the health probe after a failed write commits a transaction and leaves no row behind', async () => {
    const store = await open();
    await store.commit(append(1));
    const broken = await failPostgresWrites(url);
    await expect(store.commit(append(2))).rejects.toMatchObject({ code: '53100' });
    expect(await store.health()).toMatchObject({ ok: false, writeError: { code: '53100' } });
    await broken.restore();
    const before = store.stats().transactions;
    expect(await store.health()).toEqual({ ok: true, kind: 'postgres' });
    expect(store.stats().transactions).toBe(before + 1); // the probe itself
    expect(await sql(url, 'SELECT * FROM board_activity')).toEqual([]);
    await store.health();
    expect(store.stats().transactions).toBe(before + 1); // healthy: asking again writes nothing
  });

  it('a writer connection that broke while idle is replaced: the next commit lands', async () => {
    const store = await open();
    await store.commit(append(1));
    const [killed] = await sql<{ ok: boolean }>(url,
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'yishi-writer' AND datname = current_database()");
    expect(killed).toEqual({ ok: true });
    await store.commit(append(2));
    expect((await store.listRecord('s1')).map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
    expect(await store.health()).toEqual({ ok: true, kind: 'postgres' });
  });
});

describe('postgres storage: deletion across processes', () => {
  let url: string;
  let a: PostgresStorage;
  let b: PostgresStorage;

  beforeEach(async () => {
    ({ url } = await createTestSchema(db.url));
    a = await openPostgresStorage({ url, readConnections: 1 });
    b = await openPostgresStorage({ url, readConnections: 1 });
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('a session deleted by one process cannot be written again by another, now or after a restart', async () => {
    await a.commit([...rowsOf('s1', 'b1', 'p1'), ...rowsOf('s2', 'b2', 'p2')]);
    await a.commit([{ op: 'session.delete', sessionId: 's1' }]);
    // b never saw the deletion in its own memory: the database refuses for it.
    await expect(b.commit([{ op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) }])).rejects.toMatchObject({ name: 'SessionDeletedError' });
    await expect(b.commit([{ op: 'vote.add', boardId: 'b2', participantId: 'p1', targetId: 't', delta: 1 }])).rejects.toMatchObject({ name: 'SessionDeletedError' });
    await expect(b.commit([rowsOf('s1', 'b1', 'p1')[0]!])).rejects.toMatchObject({ name: 'SessionDeletedError' });
    await b.close();
    b = await openPostgresStorage({ url, readConnections: 1 });
    await expect(b.commit([{ op: 'idempotency.put', row: { participantId: 'p1', key: 'late', fingerprint: 'f', result: null, at: 9 } }])).rejects.toMatchObject({ name: 'SessionDeletedError' });
    expect(await b.getSession('s1')).toBeNull();
    expect(await b.getIdempotency('p1', 'late')).toBeNull();
    await b.commit([{ op: 'record.append', entry: { sessionId: 's2', boardId: 'b2', actorId: 'p2', kind: 'still here', data: {}, at: 9 } }]);
    expect((await a.listRecord('s2')).map((e) => e.kind)).toEqual(['note.add', 'still here']);
  });

  it('a commit that waited for a deletion in another process sees it and is refused (lock, then read the tombstones)', async () => {
    await a.commit(rowsOf('s1', 'b1', 'p1'));
    // Another process half-way through deleting s1: it holds the board's row lock, as a deletion does.
    const deleter = new pg.Client({ connectionString: url });
    await deleter.connect();
    try {
      await deleter.query('BEGIN');
      await deleter.query("SELECT 1 FROM boards WHERE id = 'b1' FOR UPDATE");
      const late = b.commit([{ op: 'board.update', boardId: 'b1', update: new Uint8Array([9]) }]).then(() => 'landed', (e: Error) => e.name);
      // Wait until b's transaction is blocked on that lock.
      for (let i = 0; i < 100; i++) {
        const [row] = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'yishi-writer' AND wait_event_type = 'Lock'");
        if (row?.n) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await deleter.query('INSERT INTO deleted_ids (digest) VALUES ($1), ($2), ($3)',
        [tombstoneDigest('sessions', 's1'), tombstoneDigest('boards', 'b1'), tombstoneDigest('participants', 'p1')]);
      await deleter.query("DELETE FROM board_updates WHERE board_id = 'b1'");
      await deleter.query("DELETE FROM boards WHERE id = 'b1'");
      await deleter.query('COMMIT');
      expect(await late).toBe('SessionDeletedError');
    } finally {
      await deleter.end();
    }
    expect(await b.loadBoardDoc('b1')).toEqual({ snapshot: null, updates: [] });
  });

  it('a deletion waits for a commit in flight in another process, then deletes what it wrote too', async () => {
    await a.commit(rowsOf('s1', 'b1', 'p1'));
    // A writer in another process mid-transaction: it locked the board row (FOR KEY SHARE) and wrote.
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query("SELECT 1 FROM boards WHERE id = 'b1' FOR KEY SHARE");
      await writer.query("INSERT INTO board_updates (board_id, data) VALUES ('b1', '\\x0102')");
      const deletion = a.commit([{ op: 'session.delete', sessionId: 's1' }]);
      await new Promise((r) => setTimeout(r, 200));
      await writer.query('COMMIT');
      await deletion;
    } finally {
      await writer.end();
    }
    expect(await a.loadBoardDoc('b1')).toEqual({ snapshot: null, updates: [] });
    expect(await sql(url, "SELECT * FROM board_updates WHERE board_id = 'b1'")).toEqual([]);
  });

  it('a batch chosen as a deadlock victim is written again, and lands', async () => {
    await a.commit(rowsOf('s1', 'b1', 'p1'));
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      // The waiter whose deadlock check runs first is the victim. The check runs deadlock_timeout
      // after a wait starts; on a loaded machine b's could come late, so the other connection's is
      // set far off: b is always the one refused (the case under test), never the other.
      await other.query("SET deadlock_timeout = '30s'");
      // The other process holds the participant; b's batch locks the board, then waits for the participant...
      await other.query('BEGIN');
      await other.query("SELECT 1 FROM participants WHERE id = 'p1' FOR UPDATE");
      const vote = b.commit([{ op: 'vote.add', boardId: 'b1', participantId: 'p1', targetId: 't', delta: 1 }]);
      for (let i = 0; i < 100; i++) {
        const [row] = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'yishi-writer' AND wait_event_type = 'Lock'");
        if (row?.n) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // ...and the other process now wants the board: a deadlock, in which b waited first and is the victim.
      await other.query("SELECT 1 FROM boards WHERE id = 'b1' FOR UPDATE");
      await other.query('COMMIT');
      await vote;
    } finally {
      await other.end();
    }
    expect(await b.listVotes('b1')).toEqual([{ participantId: 'p1', targetId: 't', count: 1 }]);
    expect(await b.health()).toEqual({ ok: true, kind: 'postgres' });
  });

  it('after a deletion no table names the session, its boards or participants, not even the tombstones', async () => {
    await a.commit([...rowsOf('s1', 'b1', 'p1'), ...rowsOf('s2', 'b2', 'p2')]);
    await a.commit([{ op: 'session.delete', sessionId: 's1' }]);
    const tables = (await sql<{ t: string }>(url, "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((r) => r.t);
    const mentions: string[] = [];
    for (const t of tables) {
      const rows = await sql<{ line: string }>(url, `SELECT r::text AS line FROM "${t}" r`);
      for (const { line } of rows) if (/\b(s1|b1|p1)\b|Title s1|about s1/.test(line)) mentions.push(`${t}: ${line}`);
    }
    expect(mentions).toEqual([]);
    expect(await sql(url, 'SELECT count(*)::int AS n FROM deleted_ids')).toEqual([{ n: 3 }]);
  });

  it('every table is tied to a session by session_id, board_id or participant_id, and each such column leads an index', async () => {
    const columns = await sql<{ t: string; c: string }>(url, `SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name IN ('session_id', 'board_id', 'participant_id')`);
    const tables = await sql<{ t: string }>(url, "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    const untied = tables.map((r) => r.t).filter((t) => !['sessions', 'schema_migrations', 'deleted_ids'].includes(t) && !columns.some((c) => c.t === t));
    expect(untied).toEqual([]);
    const leading = await sql<{ t: string; c: string }>(url, `SELECT c.relname::text AS t, a.attname::text AS c FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]`);
    const unindexed = columns.filter((col) => !leading.some((l) => l.t === col.t && l.c === col.c)).map((col) => `${col.t}.${col.c}`);
    expect(unindexed).toEqual([]);
  });
});
