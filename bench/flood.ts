/**
 * Flood benchmark: the server's memory under floods of WebSocket upgrades that never become a
 * board connection. Starts server/main.ts as a child process (with --expose-gc and the
 * benchmark-only memory probe on its IPC channel), then opens rounds of upgrades in bounded
 * concurrent batches: to unknown boards with a valid token, and to the real board with an
 * invalid token. Prints heap used and RSS of the server before, after each round, and after a
 * full collection; the goal is heap after GC within 10 MB of the start.
 *
 *   npm run bench:flood -- --rounds 3 --upgrades 10000 --concurrency 200 --invalid 10000
 *
 * The server runs with its default limits unless `--limits off` (then the upgrade caps are
 * raised so that every upgrade reaches the board lookup, the path that used to grow).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { readOptions } from './options.ts';
import { fmt } from './report.ts';
import type { MemorySample } from '../server/memory-probe.ts';
import type { CreateSessionResponse, JoinResponse } from '../shared/http-api.ts';

const opts = readOptions(process.argv.slice(2), ['rounds', 'upgrades', 'concurrency', 'invalid', 'limits', 'client']);
const rounds = opts.positive('rounds', opts.get('rounds', '3'));
const perRound = opts.positive('upgrades', opts.get('upgrades', '10000'));
const concurrency = opts.positive('concurrency', opts.get('concurrency', '200'));
const invalidCount = Number(opts.get('invalid', '10000'));
const limitsOff = opts.get('limits', 'on') === 'off';
/** polite: waits for the server's close; abrupt: drops TCP once open; chatty: sends frames before the server answers. */
const clientKind = opts.get('client', 'polite');
if (!['polite', 'abrupt', 'chatty'].includes(clientKind)) throw new Error(`--client must be polite, abrupt or chatty, got "${clientKind}"`);
// A sync step 1 with an empty state vector plus 4 KB of padding: what a flooding script might push.
const chattyFrame = Buffer.concat([Buffer.from([0, 0, 1, 0]), Buffer.alloc(4096)]);

const repoRoot = path.resolve(import.meta.dirname, '..');
const secret = 'flood-bench-secret-0123456789abcdef';

interface Child {
  proc: ChildProcess;
  port: number;
  memory(gc: boolean): Promise<MemorySample>;
  stop(): Promise<void>;
}

async function startChild(dataDir: string): Promise<Child> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SECRET: secret, LOG_LEVEL: 'info', YISHI_MEMORY_PROBE: '1' };
  for (const name of ['REDIS_URL', 'ADMIN_TOKEN', 'PUBLIC_URL', 'TLS_CERT', 'TLS_KEY', 'NODE_OPTIONS']) delete env[name];
  if (limitsOff) Object.assign(env, { MAX_UNAUTHENTICATED_PER_ADDRESS: '1000000', UPGRADES_PER_MINUTE: '1000000' });
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'server/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    proc.stdout!.on('data', (c: Buffer) => {
      // Keep only the head of the output: the child's log is not what is measured.
      if (out.length < 20_000) out += c.toString();
      const m = /"port":(\d+),"urls"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.stderr!.on('data', (c: Buffer) => (out.length < 20_000 ? (out += c.toString()) : undefined));
    proc.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  const memory = (gc: boolean) =>
    new Promise<MemorySample>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no memory sample within 10 s')), 10_000);
      const onMsg = (m: unknown) => {
        if ((m as MemorySample).type !== 'memory') return;
        clearTimeout(timer);
        proc.off('message', onMsg);
        resolve(m as MemorySample);
      };
      proc.on('message', onMsg);
      proc.send({ type: 'memory', gc });
    });
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  return { proc, port, memory, stop };
}

async function json<T>(base: string, route: string, body: object): Promise<T> {
  const res = await fetch(base + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** One upgrade: resolves with how it ended (a close code, an HTTP status, or an error). */
function upgrade(url: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      resolve('timeout');
    }, 15_000);
    const done = (outcome: string) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    ws.on('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      done(`http ${res.statusCode}`);
    });
    ws.on('open', () => {
      if (clientKind === 'abrupt') ws.terminate();
      if (clientKind === 'chatty') for (let i = 0; i < 50; i++) ws.send(chattyFrame);
    });
    ws.on('close', (code) => done(`close ${code}`));
    ws.on('error', (err) => done(`error ${(err as NodeJS.ErrnoException).code ?? err.message}`));
  });
}

/** `count` upgrades, at most `concurrency` at a time; returns a histogram of outcomes. */
async function flood(count: number, urlFor: (i: number) => string): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const outcome = await upgrade(urlFor(next++));
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return outcomes;
}

const mb = (bytes: number) => fmt(bytes / 1048576, 1);
const dataDir = mkdtempSync(path.join(tmpdir(), 'yishi-flood-'));
const child = await startChild(dataDir);
try {
  const base = `http://127.0.0.1:${child.port}`;
  const ws = `ws://127.0.0.1:${child.port}`;
  const created = await json<CreateSessionResponse>(base, '/api/sessions', { title: 'Flood' });
  const boardId = created.boards[0]!.id;
  const resident = await json<JoinResponse>(base, '/api/join', { joinCode: created.joinCode });
  // Settle start-up allocations before the baseline.
  await new Promise((r) => setTimeout(r, 1000));
  const start = await child.memory(true);
  const rows: string[][] = [['after', 's', 'outcomes', 'heap MB', 'RSS MB', 'heap after GC MB', 'RSS after GC MB', 'external after GC MB']];
  rows.push(['start', '', '', mb(start.heapUsed), mb(start.rss), mb(start.heapUsed), mb(start.rss), mb(start.external)]);
  const describe = (h: Map<string, number>) => [...h].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
  const plan: { label: string; count: number; url: (i: number) => string }[] = [];
  for (let r = 1; r <= rounds; r++) {
    plan.push({ label: `${r * perRound} unknown`, count: perRound, url: (i) => `${ws}/yjs/nope-${r}-${i}?token=${encodeURIComponent(resident.token)}` });
  }
  if (invalidCount > 0) plan.push({ label: `${invalidCount} bad token`, count: invalidCount, url: (i) => `${ws}/yjs/${boardId}?token=not-a-token-${i}` });
  const t0 = Date.now();
  for (const step of plan) {
    const stepStarted = Date.now();
    const outcomes = await flood(step.count, step.url);
    const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
    const raw = await child.memory(false);
    const collected = await child.memory(true);
    rows.push([step.label, seconds, describe(outcomes), mb(raw.heapUsed), mb(raw.rss), mb(collected.heapUsed), mb(collected.rss), mb(collected.external)]);
  }
  const end = await child.memory(true);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\nflood: ${rounds} x ${perRound} upgrades to unknown boards + ${invalidCount} with a bad token, ${concurrency} at a time, ${clientKind} clients, limits ${limitsOff ? 'off' : 'default'}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  const growth = (end.heapUsed - start.heapUsed) / 1048576;
  console.log(`\nheap after GC: ${mb(start.heapUsed)} -> ${mb(end.heapUsed)} MB (${growth >= 0 ? '+' : ''}${fmt(growth, 1)} MB; goal within 10 MB): ${Math.abs(growth) <= 10 ? 'met' : 'NOT met'}`);
  console.log(`RSS after GC:  ${mb(start.rss)} -> ${mb(end.rss)} MB`);
} finally {
  await child.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
