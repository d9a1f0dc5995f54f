/**
 * Join-code limits, measured against a real server in this process with the configuration's
 * defaults (whatever they are in the checked-out code, so the same script measures before and
 * after a change):
 *
 * 1. a guesser alone: `--wrong` wrong join codes from one address; how many were answered 404
 *    before the first 429, and the first 429's Retry-After;
 * 2. a hall behind one NAT: `--nat` residents join with the right code from the same address
 *    while a guesser keeps sending wrong codes; how many joins passed and how long they took.
 *
 *   npx tsx bench/join-limits.ts [--wrong 3000] [--nat 200] [--concurrency 32]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { inPool } from './boards.ts';
import { readOptions } from './options.ts';

const opts = readOptions(process.argv.slice(2), ['wrong', 'nat', 'concurrency']);
const wrong = opts.positive('wrong', opts.get('wrong', '3000'));
const nat = opts.positive('nat', opts.get('nat', '200'));
const concurrency = opts.positive('concurrency', opts.get('concurrency', '32'));

/** Wrong codes of the join-code alphabet that no session has (a session's code is random). */
const wrongCode = (i: number) => `WXYQ${String(i).padStart(4, '3').replace(/[0258]/g, '7').replace(/1/g, '9')}`.slice(0, 8);

async function withServer<T>(work: (base: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-limits-'));
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, secret: 'bench-secret-0123456789abcdef', logLevel: 'silent' });
  const app = await buildApp(config, { logger: false, clientDir: path.join(dataDir, 'no-client') });
  try {
    return await work(await app.listen());
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function post(base: string, route: string, body: unknown): Promise<{ status: number; retryAfter: string | null; body: { joinCode?: string } }> {
  const res = await fetch(base + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { joinCode?: string } };
}

async function guesserAlone(base: string) {
  const statuses = new Map<number, number>();
  let firstLimited: { index: number; retryAfter: string | null } | null = null;
  const started = performance.now();
  await inPool(Array.from({ length: wrong }, (_, i) => i), concurrency, async (i) => {
    const r = await post(base, '/api/join', { joinCode: wrongCode(i) });
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.status === 429 && (firstLimited === null || i < firstLimited.index)) firstLimited = { index: i, retryAfter: r.retryAfter };
  });
  return { ms: performance.now() - started, statuses, firstLimited: firstLimited as { index: number; retryAfter: string | null } | null };
}

async function hallBehindNat(base: string) {
  const created = await post(base, '/api/sessions', { title: 'bench hall' });
  const joinCode = created.body.joinCode!;
  let guessing = true;
  const guesses = new Map<number, number>();
  const guesser = (async () => {
    for (let i = 0; guessing && i < 100_000; i++) {
      const r = await post(base, '/api/join', { joinCode: wrongCode(i) });
      guesses.set(r.status, (guesses.get(r.status) ?? 0) + 1);
    }
  })();
  const started = performance.now();
  const results = await inPool(Array.from({ length: nat }, (_, i) => i), concurrency, async (i) => (await post(base, '/api/join', { joinCode, name: `r${i}` })).status);
  const ms = performance.now() - started;
  guessing = false;
  await guesser;
  return { ms, passed: results.filter((s) => s === 200).length, refused: results.filter((s) => s !== 200).length, guesses };
}

const show = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ');

const alone = await withServer(guesserAlone);
console.log(`wrong codes from one address: ${wrong} in ${alone.ms.toFixed(0)} ms → ${show(alone.statuses)}`);
console.log(alone.firstLimited
  ? `  first 429 at wrong code #${alone.firstLimited.index + 1} (Retry-After: ${alone.firstLimited.retryAfter ?? 'none'}); wrong codes answered 404 before it: ${alone.statuses.get(404) ?? 0}`
  : '  never a 429');
const hall = await withServer(hallBehindNat);
console.log(`hall behind one NAT: ${hall.passed}/${nat} right-code joins passed (${hall.refused} refused) in ${hall.ms.toFixed(0)} ms while a guesser sent ${show(hall.guesses)}`);
