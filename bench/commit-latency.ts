/**
 * Commit latency of the stores, side by side: SQLite (a file in a temporary directory, WAL,
 * synchronous=FULL, writer thread) and PostgreSQL (a fresh database on --pg-url's server, dropped
 * after; synchronous_commit on). Each commit is what a command writes: a board update, a record
 * entry and an idempotency result.
 *
 * - "one by one": --commits commits, each awaited before the next (the latency a lone command sees).
 * - "bursts": --rounds rounds of --burst commits issued in the same tick (a busy hall); latency is
 *   from issue to resolve of each commit, and the store's transactions per burst show the batching.
 *
 *   npm run bench:commit -- --commits 500 --burst 50 --rounds 20 --stores sqlite,postgres
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openSqliteStorage } from '../server/storage/sqlite-storage.ts';
import { openPostgresStorage } from '../server/storage/postgres-storage.ts';
import type { Storage, StorageOp } from '../server/storage/storage.ts';
import { readOptions } from './options.ts';
import { fmt } from './report.ts';

const opts = readOptions(process.argv.slice(2), ['commits', 'burst', 'rounds', 'warmup', 'stores', 'pg-url']);
const commits = opts.positive('commits', opts.get('commits', '500'));
const burst = opts.positive('burst', opts.get('burst', '50'));
const rounds = opts.positive('rounds', opts.get('rounds', '20'));
const warmup = opts.positive('warmup', opts.get('warmup', '50'));
const stores = opts.get('stores', 'sqlite,postgres').split(',').map((s) => s.trim());
const pgUrl = opts.get('pg-url', process.env.PG_BENCH_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
for (const s of stores) if (s !== 'sqlite' && s !== 'postgres') throw new Error(`--stores: unknown store ${s} (sqlite, postgres)`);

let seq = 0;
/** A command's commit: a ~150-byte board update, a record entry and an idempotency result. */
function commandCommit(): StorageOp[] {
  const i = seq++;
  return [
    { op: 'board.update', boardId: 'bench-board', update: randomBytes(150) },
    { op: 'record.append', entry: { sessionId: 'bench-session', boardId: 'bench-board', actorId: 'bench-p', kind: 'note.add', data: { noteId: `n${i}`, text: 'a bench concern' }, at: Date.now() } },
    { op: 'idempotency.put', row: { participantId: 'bench-p', key: `k${i}`, fingerprint: 'note:add#bench', result: { ok: true, noteId: `n${i}` }, at: Date.now() } },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

interface Row { store: string; mode: string; commits: number; p50: number; p90: number; p99: number; max: number; perSecond: number; txPerBurst: number | null }

function row(store: string, mode: string, ms: number[], wallMs: number, txPerBurst: number | null): Row {
  const s = [...ms].sort((a, b) => a - b);
  return { store, mode, commits: ms.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, perSecond: (ms.length / wallMs) * 1000, txPerBurst };
}

async function measure(name: string, store: Storage, transactions: () => number): Promise<Row[]> {
  for (let i = 0; i < warmup; i++) await store.commit(commandCommit());
  const lone: number[] = [];
  let start = performance.now();
  for (let i = 0; i < commits; i++) {
    const t = performance.now();
    await store.commit(commandCommit());
    lone.push(performance.now() - t);
  }
  const loneRow = row(name, 'one by one', lone, performance.now() - start, null);

  const bursty: number[] = [];
  const tx0 = transactions();
  start = performance.now();
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    await Promise.all(Array.from({ length: burst }, () => store.commit(commandCommit()).then(() => bursty.push(performance.now() - t))));
  }
  return [loneRow, row(name, `bursts of ${burst}`, bursty, performance.now() - start, (transactions() - tx0) / rounds)];
}

async function runSqlite(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-commit-'));
  const store = await openSqliteStorage({ file: path.join(dir, 'yishi.db') });
  try {
    return await measure('sqlite', store, () => store.stats().transactions);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(): Promise<Row[]> {
  const name = `yishi_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const store = await openPostgresStorage({ url: url.toString() });
    try {
      return await measure('postgres', store, () => store.stats().transactions);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const rows: Row[] = [];
for (const s of stores) rows.push(...await (s === 'sqlite' ? runSqlite() : runPostgres()));

const header = ['store', 'mode', 'commits', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'commits/s', 'tx/burst'];
const cells = rows.map((r) => [r.store, r.mode, String(r.commits), fmt(r.p50, 2), fmt(r.p90, 2), fmt(r.p99, 2), fmt(r.max, 2), fmt(r.perSecond, 0), r.txPerBurst === null ? '' : fmt(r.txPerBurst, 1)]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
console.log(`node ${process.version}, ${os.cpus().length} cores; ${warmup} warm-up commits per store; each commit: board update + record entry + idempotency result`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const c of cells) console.log(line(c));
