/**
 * The servers under test as child processes pinned to core 0: Yishi (server/main.ts through
 * tsx, fresh data directory; from this checkout or another one), the reference
 * @y/websocket-server and @hocuspocus/server (both without persistence). Every child is
 * registered so that it is killed when the bench exits, however it exits.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mainThreadCpuMicros, processCpuMicros, processRssKb } from './proc.ts';
import type { MemorySample } from '../server/memory-probe.ts';

export type ServerKind = 'yishi' | 'reference' | 'hocuspocus';

export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  port: number;
  httpUrl: string;
  /** utime + stime of the whole process (all threads), in µs. */
  cpuMicros(): number;
  /** utime + stime of the main thread (the event loop), in µs. */
  mainThreadCpuMicros(): number;
  /** Resident set size, in KB. */
  rssKb(): number;
  /**
   * Yishi only (its bench-only memory probe, server/memory-probe.ts): the heap and RSS, after a
   * full collection when `gc`; absent for the peers.
   */
  memory?(gc: boolean): Promise<MemorySample>;
  /** The child's stdout and stderr lines so far. */
  output: string[];
  /** Set once the child has exited. */
  exit: { code: number | null; signal: string | null } | null;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const live = new Set<ChildProcess>();

/** Kills every child still running (synchronous: safe inside process.on('exit')). */
export function killAllServers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Moves this process (all its threads) to core 1; the servers are started on core 0. */
export function pinToCore1(): string {
  if (availableParallelism() < 2) return 'not pinned (fewer than 2 cores)';
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  return 'core 1';
}

/** Runs a benchmark's main: no server child outlives it, however it ends (signal, error, exit). */
export function runBench(name: string, main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAllServers();
      process.exit(130);
    });
  }
  process.on('exit', killAllServers);
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error(`\n${name} failed:`, err instanceof Error ? (err.stack ?? err.message) : err);
      killAllServers();
      process.exit(1);
    },
  );
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment without variables that would change either server's configuration. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['YPERSISTENCE', 'CALLBACK_URL', 'REDIS_URL', 'ADMIN_TOKEN', 'PUBLIC_URL', 'TLS_CERT', 'TLS_KEY', 'SECRET', 'NODE_OPTIONS', 'DATABASE_URL', 'INTERNAL_URL', 'INTERNAL_PORT', 'LEASE_MS']) delete env[name];
  return { ...env, ...extra };
}

/**
 * How Yishi runs: as it ships (`npm start`, Docker: the server compiled by tsc into dist/node, on
 * plain node), or with BENCH_YISHI_RUN=tsx from its TypeScript sources through the tsx loader, as
 * the tests run it. The loader costs memory per connection: esbuild's keep-names helper redefines
 * `name` on every function it creates, which puts each such closure's properties in a 256-byte
 * dictionary (seen in a heap snapshot at 1,000 idle tablets: 8,373 of them, ~2 KB a tablet).
 */
function yishiEntry(cwd: string): string[] {
  if (process.env.BENCH_YISHI_RUN === 'tsx') return ['--import', 'tsx', 'server/main.ts'];
  if (process.env.BENCH_YISHI_RUN && process.env.BENCH_YISHI_RUN !== 'compiled') throw new Error(`BENCH_YISHI_RUN must be compiled or tsx, got "${process.env.BENCH_YISHI_RUN}"`);
  // Builds dist/node in that checkout unless it is current (scripts/build-server.mjs), once per
  // checkout and run: a bench starts a server per step or scenario, and nothing edits it meanwhile.
  if (!builtCheckouts.has(cwd)) {
    const built = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('./scripts/build-server.mjs'); m.ensureServerBuild();"], { cwd, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`building the server in ${cwd} failed (BENCH_YISHI_RUN=tsx runs it from its sources)`);
    builtCheckouts.add(cwd);
  }
  return ['dist/node/server/main.js'];
}

/** Checkouts whose dist/node this run has already checked or built. */
const builtCheckouts = new Set<string>();

/**
 * The node flags a Yishi checkout's `npm start` gives its server on `cores` (taskset's list), from
 * its scripts/server-node-flags.mjs; none for a checkout from before that file.
 */
async function shippedNodeFlags(cwd: string, cores: string): Promise<string[]> {
  const file = path.join(cwd, 'scripts', 'server-node-flags.mjs');
  if (!existsSync(file)) return [];
  const { serverNodeFlags } = (await import(pathToFileURL(file).href)) as { serverNodeFlags(cores: number): string[] };
  return serverNodeFlags(coreCount(cores));
}

/** How many cores a taskset list names ("0", "0,1", "0-3"). */
export function coreCount(list: string): number {
  return list.split(',').reduce((n, part) => {
    const [from, to] = part.split('-').map(Number);
    return n + (to === undefined ? 1 : to! - from! + 1);
  }, 0);
}

function command(kind: ServerKind, cwd: string, shippedFlags: string[]): string[] {
  switch (kind) {
    case 'yishi':
      // --expose-gc for the memory probe: memory per tablet is read after a full collection.
      // BENCH_YISHI_HEAP_SNAPSHOTS=1: SIGUSR2 writes a heap snapshot into the server's directory (what a tablet costs).
      // shippedFlags: as `npm start` runs it on these cores (scripts/server-node-flags.mjs).
      // BENCH_YISHI_NODE_FLAGS: more node flags, space-separated (GC settings, tracing).
      return [process.execPath, '--expose-gc', ...shippedFlags, ...(process.env.BENCH_YISHI_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...(process.env.BENCH_YISHI_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_YISHI_CPU_PROF_DIR}`] : []), ...(process.env.BENCH_YISHI_HEAP_SNAPSHOTS === '1' ? ['--heapsnapshot-signal=SIGUSR2'] : []), ...yishiEntry(cwd)];
    case 'reference':
      return [process.execPath, 'node_modules/@y/websocket-server/src/server.js'];
    case 'hocuspocus':
      return [process.execPath, 'bench/hocuspocus-server.mjs'];
  }
}

export interface StartOptions {
  readyTimeoutMs?: number;
  /** Yishi only: the checkout whose server/main.ts runs (another worktree, for before/after runs); default this one. */
  root?: string;
  /** Yishi only: more environment (DATABASE_URL, SECRET, REDIS_URL, …), over the bench's own. */
  env?: Record<string, string>;
  /** The cores the server may run on (taskset's list); default core 0. */
  cores?: string;
}

export async function startServer(kind: ServerKind, opts: StartOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = kind === 'yishi' ? mkdtempSync(path.join(tmpdir(), 'yishi-bench-')) : null;
  const env =
    kind === 'yishi'
      ? cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir!, LOG_LEVEL: 'warn', YISHI_MEMORY_PROBE: '1', ...opts.env })
      : cleanEnv({ PORT: String(port), HOST: '127.0.0.1' });
  const cwd = kind === 'yishi' && opts.root ? path.resolve(opts.root) : repoRoot;
  // taskset execs node: the child's pid is the server's pid.
  const cores = opts.cores ?? '0';
  const shippedFlags = kind === 'yishi' ? await shippedNodeFlags(cwd, cores) : [];
  const child = spawn('taskset', ['-c', cores, ...command(kind, cwd, shippedFlags)], { cwd, env, stdio: kind === 'yishi' ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) output.push(line);
      // BENCH_SERVER_LOG=<file>: every server's output is also appended there (with --trace-gc, say).
      if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
    });
  }
  const server: ServerProcess = {
    kind,
    pid: child.pid!,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    cpuMicros: () => processCpuMicros(child.pid!),
    mainThreadCpuMicros: () => mainThreadCpuMicros(child.pid!),
    rssKb: () => processRssKb(child.pid!),
    memory: kind === 'yishi' ? (gc) => askMemory(child, gc) : undefined,
    output,
    exit: null,
    stop: async () => {
      if (!server.exit) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
      live.delete(child);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      server.exit = { code, signal };
      live.delete(child);
      resolve();
    }),
  );
  try {
    await waitReady(server, kind === 'yishi' ? '/healthz' : '/', opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** Asks Yishi's memory probe for a sample (after a full collection when `gc`). */
function askMemory(child: ChildProcess, gc: boolean): Promise<MemorySample> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('the memory probe did not answer within 10 s'));
    }, 10_000);
    const onMessage = (m: unknown) => {
      if ((m as MemorySample | null)?.type !== 'memory') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as MemorySample);
    };
    child.on('message', onMessage);
    child.send({ type: 'memory', gc });
  });
}

async function waitReady(server: ServerProcess, route: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exit) throw new Error(`${server.kind} exited during start (${JSON.stringify(server.exit)}):\n${server.output.slice(-20).join('\n')}`);
    try {
      const res = await fetch(server.httpUrl + route);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${server.kind} did not answer ${route} within ${timeoutMs} ms:\n${server.output.slice(-20).join('\n')}`);
}
