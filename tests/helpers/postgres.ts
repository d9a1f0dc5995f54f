/**
 * Throw-away PostgreSQL databases for tests: a fresh database per test file run
 * (`yishi_test_<random>`, dropped after), and within it a fresh schema per case, reached through
 * the URL's search_path. `PG_TEST_URL` names the server's maintenance database (default
 * postgres://postgres@127.0.0.1:5432/postgres, trust auth). Fails loudly, never skips, when
 * PostgreSQL is not reachable: CI must provide it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Config } from '../../server/config.ts';
import { startServer, type TestServer } from './test-server.ts';

export const adminUrl = (): string => process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL with another database, and (optionally) a search_path. */
export function withDatabase(url: string, database: string, schema?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (schema) u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function run(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** A fresh database; `drop()` ends every connection still open to it and drops it. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `yishi_test_${randomBytes(6).toString('hex')}`;
  await run(adminUrl(), `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(adminUrl(), name),
    name,
    drop: () => run(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A fresh, empty schema in the database at `url`; the returned URL makes it the search_path. */
export async function createTestSchema(url: string): Promise<{ url: string; schema: string }> {
  const schema = `case_${randomBytes(6).toString('hex')}`;
  await run(url, `CREATE SCHEMA ${schema}`);
  return { url: withDatabase(url, new URL(url).pathname.slice(1), schema), schema };
}

/**
 * Real write failures, made from outside the store: a trigger on every table of the schema
 * that raises SQLSTATE 53100 (disk_full) on every insert, update and delete, as PostgreSQL does
 * when it cannot extend a file. Reads still work. `restore()` drops the triggers.
 */
export async function failPostgresWrites(url: string, message = 'simulated disk full'): Promise<{ restore(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ table: string }>(
    "SELECT table_name::text AS table FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
  const literal = `'${message.replaceAll("'", "''")}'`;
  await client.query(`CREATE FUNCTION yishi_test_fail() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION ${literal} USING ERRCODE = 'disk_full'; END $$`);
  for (const { table } of rows) {
    await client.query(`CREATE TRIGGER yishi_test_fail BEFORE INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION yishi_test_fail()`);
  }
  return {
    async restore() {
      try {
        await client.query('DROP FUNCTION yishi_test_fail() CASCADE'); // the triggers go with it
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For a test file of servers on PostgreSQL: a fresh database for the file (dropped after), and
 * `start(url, overrides)` for servers closed after each test.
 */
export function usePostgresServers(): {
  db: () => { url: string };
  servers: TestServer[];
  start(databaseUrl: string, overrides?: Partial<Config>): Promise<TestServer>;
} {
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    db: () => db!,
    servers,
    async start(databaseUrl, overrides = {}) {
      const server = await startServer({ databaseUrl, ...overrides });
      servers.push(server);
      return server;
    },
  };
}
