/**
 * `npm run bench:join-floor`: the floor under a join's server CPU. A bare `ws` server
 * (bench/join-floor-server.mjs: no Yjs, no authentication, no storage) pinned to core 0 answers
 * each connection's sync step 1 with one sync step 2 of `--bytes` bytes; `--joins` of bench:hall's
 * raw tablets on core 1 connect one after another and stay connected until its CPU time is read. Reported per
 * size: the server's CPU per join, split into its own code (utime) and the kernel's work for it
 * (stime: the handshake's and the payload's system calls and loopback TCP). No server that
 * sends a new tablet that many bytes over an uncompressed WebSocket can join it for less.
 * `bench:hall`'s join scenario prints the size of a new tablet's copy of its board.
 */
import { execFileSync, spawn } from 'node:child_process';
import { helpAndExit, readOptions } from './options.ts';
import { HallTablet, Wire } from './hall-tablet.ts';
import { processCpuSplitMicros } from './proc.ts';
import { table } from './hall-report.ts';

const optionHelp = {
  bytes: '0,288358,1442816  payload sizes of the sync step 2, one series each (1,442,816: a new tablet\'s copy of 4,900 concerns in bench:hall on 2026-12-08; 288,358: a fifth of it)',
  joins: '300  measured joins per size (after 10 unmeasured)',
};

const argv = process.argv.slice(2);
helpAndExit(argv, 'bench:join-floor', optionHelp);
const opts = readOptions(argv, Object.keys(optionHelp));
const sizes = opts.get('bytes', '0,288358,1442816').split(',').map((v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--bytes: "${v}" is not a byte count`);
  return n;
});
const joins = opts.positive('joins', opts.get('joins', '300'));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const wire = new Wire('y-websocket', 'floor');

/** One join by bench:hall's raw tablet (as its join scenario joins): upgrade, sync step 1, the step 2. The socket stays open. */
const join = (port: number, index: number) => HallTablet.connect({ url: `ws://127.0.0.1:${port}/`, wire, index, timeoutMs: 30_000 });

async function series(bytes: number): Promise<{ user: number; system: number }> {
  const child = spawn('taskset', ['-c', '0', process.execPath, 'bench/join-floor-server.mjs'], { env: { ...process.env, BYTES: String(bytes), PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (line: string) => {
        const m = /listening (\d+)/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
    });
    for (let i = 0; i < 10; i++) (await join(port, i)).close();
    await sleep(500);
    const pid = child.pid!;
    // The quiet server's own CPU over the same time is subtracted (timers, GC).
    const q0 = processCpuSplitMicros(pid);
    const b0 = performance.now();
    await sleep(1000);
    const q1 = processCpuSplitMicros(pid);
    const quietMs = performance.now() - b0;
    const c0 = processCpuSplitMicros(pid);
    const t0 = performance.now();
    const open: HallTablet[] = [];
    for (let i = 0; i < joins; i++) open.push(await join(port, i));
    await sleep(100);
    const c1 = processCpuSplitMicros(pid);
    const ms = performance.now() - t0;
    for (const ws of open) ws.close();
    const per = (k: 'user' | 'system') => (c1[k] - c0[k] - ((q1[k] - q0[k]) * ms) / quietMs) / joins / 1000;
    return { user: per('user'), system: per('system') };
  } finally {
    child.kill('SIGTERM');
  }
}

// The load generator on core 1, the server on core 0.
execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
console.log(`bench:join-floor  ${new Date().toISOString()}  server: taskset -c 0  clients: core 1  ${joins} joins per size  node ${process.version}`);
const rows: string[][] = [];
for (const bytes of sizes) {
  const r = await series(bytes);
  rows.push([String(bytes), (r.user + r.system).toFixed(2), r.user.toFixed(2), r.system.toFixed(2)]);
}
table(['payload bytes', 'CPU ms per join', 'user ms', 'system ms'], rows);
console.log('CPU is read in clock ticks (10 ms) over all the joins of a size, the quiet server\'s own CPU subtracted; a bare ws server, so this is the floor under any server\'s join of that size.');
