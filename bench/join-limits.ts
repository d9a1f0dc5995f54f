/**
 * Join-code limits, measured against a real server in this process with the configuration's
 * defaults (whatever they are in the checked-out code, so the same script measures before and
 * after a change):
 *
 * 1. a guesser alone: `--wrong` wrong join codes from one address; how many were answered 404
 *    before the first 429, and the first 429's Retry-After;
 * 2. a hall behind one NAT: a guesser sends wrong codes until it is refused (for at most 15 s),
 *    then `--nat` residents join with the right code from the same address while it goes on;
 *    how many joins passed and how long they took.
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
  let firstLimited: { after404s: number; retryAfter: string | null } | null = null;
  const started = performance.now();
  await inPool(Array.from({ length: wrong }, (_, i) => i), concurrency, async (i) => {
    const r = await post(base, '/api/join', { joinCode: wrongCode(i) });
    // Answers in the order they arrive: how many 404s came before the first 429.
    if (r.status === 429 && firstLimited === null) firstLimited = { after404s: statuses.get(404) ?? 0, retryAfter: r.retryAfter };
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  });
  return { ms: performance.now() - started, statuses, firstLimited: firstLimited as { after404s: number; retryAfter: string | null } | null };
}

async function hallBehindNat(base: string) {
  const created = await post(base, '/api/sessions', { title: 'bench hall' });
  const joinCode = created.body.joinCode!;
  let guessing = true;
  const guesses = new Map<number, number>();
  let limited!: () => void;
  const guesserLimited = new Promise<void>((resolve) => (limited = resolve));
  const guesser = (async () => {
    for (let i = 0; guessing && i < 100_000; i++) {
      const r = await post(base, '/api/join', { joinCode: wrongCode(i) });
      guesses.set(r.status, (guesses.get(r.status) ?? 0) + 1);
      if (r.status === 429) limited();
    }
    limited();
  })();
  // The hall starts joining once the guesser is refused (or at once, where it never is).
  await Promise.race([guesserLimited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
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
  ? `  wrong codes answered 404 before the first 429: ${alone.firstLimited.after404s} (its Retry-After: ${alone.firstLimited.retryAfter ?? 'none'} s)`
  : '  never a 429');
const hall = await withServer(hallBehindNat);
console.log(`hall behind one NAT: ${hall.passed}/${nat} right-code joins passed (${hall.refused} refused) in ${hall.ms.toFixed(0)} ms while a guesser sent ${show(hall.guesses)}`);
