/**
 * `npm run bench:sync [-- --clients 200,500 --seconds 20 --warmup 10 --period 10 --drain 5 --repeat 1 --servers yishi,reference]`
 * (or BENCH_CLIENTS, BENCH_SECONDS, BENCH_WARMUP, BENCH_PERIOD, BENCH_DRAIN, BENCH_REPEAT, BENCH_SERVERS)
 *
 * Board sync under load, Yishi against the reference @y/websocket-server in the same run.
 * N raw y-websocket clients on one board each move their own note every `period` seconds,
 * staggered uniformly. Measured per server and N: latency from a writer's send to each other
 * client's receipt, server CPU per delivered message (/proc utime+stime over the measured
 * window) and server memory per connection (VmRSS after connecting minus before, over N).
 * The server runs on core 0, this process (the load generator) on core 1. Each run starts a
 * fresh server; with --repeat the runs alternate which server goes first.
 */
import { execFileSync } from 'node:child_process';
import { checkMoveEncoder } from './move-update.ts';
import { pinToCore1, runBench, type ServerKind } from './servers.ts';
import { runOnce, type RunParams, type RunResult } from './run.ts';
import { fmt, printRunNotes, printTable } from './report.ts';
import { readOptions } from './options.ts';

interface Params extends RunParams {
  clients: number[];
  repeat: number;
  servers: ServerKind[];
}

function parseParams(argv: string[]): Params {
  const { get, positive } = readOptions(argv, ['clients', 'seconds', 'warmup', 'period', 'drain', 'repeat', 'servers']);
  const servers = get('servers', 'yishi,reference').split(',') as ServerKind[];
  for (const s of servers) if (s !== 'yishi' && s !== 'reference') throw new Error(`unknown server "${s}"`);
  const clients = get('clients', '200,500').split(',').map((v) => Math.round(positive('clients', v)));
  if (clients.some((n) => n < 2)) throw new Error('--clients needs at least 2 per run');
  return {
    clients,
    seconds: positive('seconds', get('seconds', '20')),
    warmup: positive('warmup', get('warmup', '10')),
    period: positive('period', get('period', '10')),
    drain: positive('drain', get('drain', '5')),
    repeat: Math.round(positive('repeat', get('repeat', '1'))),
    servers,
  };
}

async function main(): Promise<void> {
  const p = parseParams(process.argv.slice(2));
  checkMoveEncoder();
  // Before pinning: nproc counts only the cores this process may use.
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const pinned = pinToCore1();
  console.log(`bench:sync  nproc=${nproc}  server: taskset -c 0  load generator: ${pinned}  node ${process.version}`);
  console.log(
    `clients=${p.clients.join(',')}  one note move (x, y) per client every ${p.period} s, staggered  ` +
      `warm-up ${p.warmup} s  measured ${p.seconds} s  drain ≤ ${p.drain} s  repeat ${p.repeat}  servers=${p.servers.join(',')}\n`,
  );
  const results: RunResult[] = [];
  for (let rep = 0; rep < p.repeat; rep++) {
    for (const n of p.clients) {
      const order = rep % 2 === 0 ? p.servers : [...p.servers].reverse();
      for (const kind of order) {
        process.stdout.write(`${p.repeat > 1 ? `[${rep + 1}/${p.repeat}] ` : ''}${kind} with ${n} clients… `);
        const r = await runOnce(kind, n, p);
        console.log(`p99 ${fmt(r.p99)} ms, ${r.deliveries} deliveries, ${r.missing} missing, ${r.closes.length} closes, other load ${fmt(r.otherPct, 0)}%`);
        results.push(r);
      }
    }
  }
  console.log('');
  printTable(results);
  printRunNotes(results);
  console.log(
    '\nlatency: writer send → receiver read, for writes sent in the measured window, receivers other than the writer' +
      '\n  (the reference also echoes each update to its writer; those frames are not counted).' +
      '\nCPU: server utime+stime from the window start until the drain, over deliveries read in that time.' +
      '\nKB/connection: server VmRSS 1 s after all clients synced minus 1 s after setup, over N (includes uncollected garbage).' +
      '\nother load: busy time on both cores not accounted to the server or the load generator (other processes, softirqs),' +
      '\n  in % of one core; a high value means the figures are disturbed.',
  );
}

runBench('bench:sync', main);
