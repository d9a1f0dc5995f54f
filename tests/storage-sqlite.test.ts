/** The storage contract against SQLite, plus what only the SQLite store promises. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../server/storage/sqlite-storage.ts';
import type { SqliteStorage } from '../server/storage/sqlite-storage.ts';
import { SessionDeletedError, type StorageOp } from '../server/storage/storage.ts';
import { storageContract } from './contract/storage.contract.ts';
import { failSqliteWrites } from './helpers/sqlite-faults.ts';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-'));

function sqliteEnv(maxBatchDelayMs?: number) {
  return async () => {
    const dir = tempDir();
    // A nested path: opening must create the missing parent directories.
    const file = path.join(dir, 'data', 'nested', 'yishi.db');
    return {
      open: () => openSqliteStorage({ file, maxBatchDelayMs }),
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
      failWrites: () => failSqliteWrites(file),
    };
  };
}

storageContract('sqlite', sqliteEnv());
storageContract('sqlite with maxBatchDelayMs 5', sqliteEnv(5));

const append = (i: number): StorageOp[] => [
  { op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'tick', data: { i }, at: i } },
];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('sqlite storage', () => {
  let dir: string;
  let file: string;
  let store: SqliteStorage | null = null;

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'parent', 'yishi.db');
  });

  afterEach(async () => {
    await store?.close();
    store = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a deletion refuses late writes for its grace period, then forgets the ids, so they do not pile up', async () => {
    store = await openSqliteStorage({ file, deletedIdGraceMs: 600 });
    for (const i of [1, 2, 3]) {
      await store.commit([
        { op: 'session.put', session: { id: `s${i}`, title: 'T', joinCode: `CODE${i}`, joinOpen: true, settings: {}, createdAt: 1 } },
        { op: 'board.put', board: { id: `b${i}`, sessionId: `s${i}`, title: 'B', kind: 'plenary', createdAt: 1 } },
        { op: 'participant.put', participant: { id: `p${i}`, sessionId: `s${i}`, role: 'resident', name: null, group: null, ageBand: null, locale: null, tokenVersion: 1, revoked: false, createdAt: 1 } },
      ]);
      await store.commit([{ op: 'session.delete', sessionId: `s${i}` }]);
    }
    expect(store.deletedIdsRemembered()).toBe(9);
    await expect(store.commit([{ op: 'board.update', boardId: 'b2', update: new Uint8Array([1]) }])).rejects.toThrow(SessionDeletedError);
    await sleep(800);
    await store.commit(append(1)); // the writer forgets expired ids when a batch comes
    expect(store.deletedIdsRemembered()).toBe(0);
  });

  it('creates the missing parent directory of the file', async () => {
    expect(fs.existsSync(path.dirname(file))).toBe(false);
    store = await openSqliteStorage({ file });
    expect(fs.existsSync(file)).toBe(true);
  });

  it('open rejects with a readable error when the file cannot be opened', async () => {
    fs.mkdirSync(file, { recursive: true }); // a directory where the database file should be
    await expect(openSqliteStorage({ file })).rejects.toThrow(/sqlite writer could not open .*SQLITE_CANTOPEN/);
  });

  it('the writer commits with journal_mode WAL and synchronous FULL, and the schema version is recorded', async () => {
    store = await openSqliteStorage({ file });
    // synchronous is per connection, so only the writer's own connection can vouch for it.
    expect(store.writerPragmas).toEqual({ journalMode: 'wal', synchronous: 2 });
    const other = new Database(file, { readonly: true });
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal'); // WAL is recorded in the file
      expect(other.pragma('user_version', { simple: true })).toBe(9);
    } finally {
      other.close();
    }
  });

  it('reopening a migrated file keeps its data and schema version', async () => {
    store = await openSqliteStorage({ file });
    await store.commit(append(1));
    await store.close();
    store = await openSqliteStorage({ file });
    expect(await store.listRecord('s1')).toHaveLength(1);
    const other = new Database(file, { readonly: true });
    expect(other.pragma('user_version', { simple: true })).toBe(9);
    other.close();
  });

  it('a commit on a closed store rejects with a clear error, and reads do too', async () => {
    store = await openSqliteStorage({ file });
    await store.close();
    await expect(store.commit(append(1))).rejects.toThrow(/sqlite storage is closed/);
    await expect(store.getSession('s1')).rejects.toThrow(/sqlite storage is closed/);
    expect(await store.health()).toMatchObject({ ok: false, detail: 'closed' });
  });

  it('group commit: 200 commits issued in the same tick are written in one transaction', async () => {
    store = await openSqliteStorage({ file });
    await Promise.all(Array.from({ length: 200 }, (_, i) => store?.commit(append(i))));
    expect(store.stats()).toEqual({ commits: 200, transactions: 1 });
    expect(await store.listRecord('s1')).toHaveLength(200);
  });

  it('commits awaited one by one each get their own transaction', async () => {
    store = await openSqliteStorage({ file });
    for (let i = 0; i < 3; i++) await store.commit(append(i));
    expect(store.stats()).toEqual({ commits: 3, transactions: 3 });
  });

  it('maxBatchDelayMs lets a batch wait for commits that arrive a little later', async () => {
    store = await openSqliteStorage({ file, maxBatchDelayMs: 400 });
    const first = store.commit(append(1));
    await sleep(40);
    const second = store.commit(append(2));
    await Promise.all([first, second]);
    expect(store.stats()).toEqual({ commits: 2, transactions: 1 });
  });

  it('a failing commit is rejected with SQLite\'s error code while its batch lands', async () => {
    store = await openSqliteStorage({ file });
    const session = (id: string) => ({ id, title: id, joinCode: 'SAME', joinOpen: true, settings: {}, createdAt: 1 });
    const results = await Promise.allSettled([
      store.commit([{ op: 'session.put', session: session('s1') }]),
      store.commit([{ op: 'session.put', session: session('s2') }]),
      store.commit(append(1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { name: 'SqliteCommitError', code: 'SQLITE_CONSTRAINT_UNIQUE' } });
    expect(store.stats()).toEqual({ commits: 3, transactions: 1 });
  });

  it('a commit whose data JSON cannot encode rejects alone', async () => {
    store = await openSqliteStorage({ file });
    const bad: StorageOp[] = [{ op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'x', data: { n: 1n }, at: 0 } }];
    const results = await Promise.allSettled([store.commit(append(1)), store.commit(bad), store.commit(append(2))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.listRecord('s1')).map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
  });

  it('the caller keeps its bytes: a committed update is copied, not detached', async () => {
    store = await openSqliteStorage({ file });
    const message = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const update = message.subarray(2, 5); // a view into a larger buffer, as decoded from a socket message
    await store.commit([{ op: 'board.update', boardId: 'b1', update }]);
    expect(Array.from(update)).toEqual([1, 2, 3]);
    expect(message.byteLength).toBe(6);
    expect((await store.loadBoardDoc('b1')).updates.map((u) => Array.from(u))).toEqual([[1, 2, 3]]);
  });

  it('the health probe after a failed write commits a transaction and leaves no row behind', async () => {
    store = await openSqliteStorage({ file });
    await store.commit(append(1));
    const broken = await failSqliteWrites(file);
    await expect(store.commit(append(2))).rejects.toThrow(/simulated disk full/);
    await broken.restore();
    const before = store.stats().transactions;
    expect(await store.health()).toEqual({ ok: true, kind: 'sqlite' });
    expect(store.stats().transactions).toBe(before + 1); // the probe itself
    const other = new Database(file, { readonly: true });
    try {
      expect(other.prepare('SELECT count(*) FROM board_activity').pluck().get()).toBe(0);
    } finally {
      other.close();
    }
    // Healthy now: asking again writes nothing.
    await store.health();
    expect(store.stats().transactions).toBe(before + 1);
  });

  it('a crashed writer rejects the pending commits and every later commit', async () => {
    store = await openSqliteStorage({ file }); // creates the schema the reader needs
    await store.close();
    const crashing = path.join(dir, 'crashing-writer.mjs');
    fs.writeFileSync(crashing, `
      import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (msg) => { if (msg.type === 'batch') throw new Error('simulated crash'); });
      parentPort.postMessage({ type: 'ready', journalMode: 'wal', synchronous: 2 });
    `);
    store = await openSqliteStorage({ file, writerUrl: pathToFileURL(crashing) });
    const pending = await Promise.allSettled([store.commit(append(1)), store.commit(append(2))]);
    expect(pending).toMatchObject([
      { status: 'rejected', reason: { message: 'sqlite writer stopped: simulated crash' } },
      { status: 'rejected', reason: { message: 'sqlite writer stopped: simulated crash' } },
    ]);
    await expect(store.commit(append(3))).rejects.toThrow(/sqlite writer stopped/);
    expect(await store.health()).toMatchObject({ ok: false, detail: 'sqlite writer stopped: simulated crash' });
  });

  it('a resolved commit survives the process dying without close', async () => {
    const script = path.join(dir, 'commit-and-die.mts');
    const storageModule = pathToFileURL(fileURLToPath(new URL('../server/storage/sqlite-storage.ts', import.meta.url))).href;
    fs.writeFileSync(script, `
      import { openSqliteStorage } from ${JSON.stringify(storageModule)};
      const store = await openSqliteStorage({ file: ${JSON.stringify(file)} });
      await store.commit([{ op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'last words', data: 1, at: 0 } }]);
      process.exit(0); // no close(): the worker dies with the process
    `);
    execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'pipe' });
    store = await openSqliteStorage({ file });
    expect((await store.listRecord('s1')).map((e) => e.kind)).toEqual(['last words']);
  });
});
