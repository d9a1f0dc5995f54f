/**
 * `npm run bench:hall [-- --tablets 200,500,1000 --rates 50,100,200 --servers yishi,reference,hocuspocus ...]`
 * (every option also as BENCH_<NAME>, dashes as underscores; `--help` lists them)
 *
 * A hall of tablets on one board, Yishi against @y/websocket-server and @hocuspocus/server in
 * the same run, each server a fresh process on core 0 and this load generator on core 1.
 * Tablets are raw WebSockets that find each concern's marker in the bytes they receive
 * (`markers.ts`, `ws-raw.ts`). Concerns arrive at R per second: on Yishi as `note:add` commands
 * from expert connections, on the peers as Yjs inserts from writer clients. Scenarios:
 *   load     each tablet count × each rate: delivery latency, % delivered, ack latency, server CPU, memory
 *   ceiling  rates rising by a factor until one fails (p99 over the bound, or anything undelivered)
 *   idle     tablets that only hold their connections and renew awareness: server CPU and memory per tablet
 *   join     joins on a board of 5,000 concerns: CPU per join (new and restoring tablets), then on a busy board
 *   cursors  moderators moving cursors during a busy step, against the steps without on either side
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pinToCore1, runBench } from './servers.ts';
import { helpAndExit, readOptions } from './options.ts';
import { checkMarkerEncoding } from './markers.ts';
import type { ServerSpec } from './hall-run.ts';
import { rateLadder, runCursors, runIdle, runJoins, runLoad, type Ceiling, type CeilingPlan, type CursorPlan, type CursorResult, type IdleResult, type JoinResult, type Timing, type WriterPlan } from './hall-scenarios.ts';
import { printCeilings, printCursors, printIdle, printJoins, printLoad, printNotes, printTargets, type LoadRow } from './hall-report.ts';

const optionHelp: Record<string, string> = {
  servers: 'yishi,reference,hocuspocus  (also yishi@<checkout dir>: Yishi from another worktree, for before/after)',
  scenarios: 'load,ceiling,idle,join,cursors',
  tablets: '200,500,1000  tablet counts of the load table',
  rates: '50,100,200  concerns per second of the load table',
  warmup: '5  seconds of each step before measuring',
  seconds: '20  measured seconds per step',
  drain: '10  longest wait after a step for concerns in flight',
  'ceiling-tablets': 'the largest --tablets',
  'ceiling-from': 'the smallest --rates  first rate of the search',
  'ceiling-factor': '1.25  each search step multiplies the rate by this',
  'ceiling-max': '4000  highest rate tried',
  'ceiling-p99': '100  the p99 bound, in ms',
  'ceiling-retry': 'on  run a failing rung once more before it counts (off: the first failure ends the search)',
  'idle-tablets': 'the largest --tablets',
  'idle-settle': '15  seconds after connecting before measuring',
  'idle-seconds': '60  measured seconds',
  'join-notes': '5000  concerns on the board',
  'join-behind': '100  concerns a restoring tablet\'s copy lacks',
  joins: '100  quiet joins of each kind',
  'busy-tablets': 'the largest --tablets  standing tablets for joins on a busy board (0: skip)',
  'busy-rate': 'the largest --rates',
  'busy-joins': '2  joins per second during the busy step',
  'writer-rate': '16  Yishi: concerns per second per expert connection (the limit is 20)',
  'min-writers': '10  Yishi: fewest expert connections',
  'peer-writers': '10  peers: writer connections',
  'seed-writers': '40  Yishi: expert connections that seed the join board (each at --writer-rate)',
  cursors: '5  moderators moving cursors in the cursors scenario',
  'cursor-hz': '5  awareness states each moving cursor sends a second',
  'cursor-tablets': 'the largest --tablets  standing tablets of the cursors scenario',
  'cursor-rate': 'the largest --rates  concerns per second of the cursors scenario',
};

const scenarioNames = ['load', 'ceiling', 'idle', 'join', 'cursors'] as const;

function parse(argv: string[]) {
  helpAndExit(argv, 'bench:hall', optionHelp);
  const { get, positive } = readOptions(argv, Object.keys(optionHelp));
  const list = (name: string, fallback: string) => get(name, fallback).split(',').map((v) => v.trim()).filter(Boolean);
  const numbers = (name: string, fallback: string) => list(name, fallback).map((v) => positive(name, v));
  const count = (name: string, fallback: string) => Math.round(positive(name, get(name, fallback)));
  const onOff = (name: string, v: string) => {
    if (v !== 'on' && v !== 'off') throw new Error(`--${name} is on or off, got "${v}"`);
    return v === 'on';
  };
  const countOrZero = (name: string, fallback: string) => (get(name, fallback) === '0' ? 0 : count(name, fallback));

  const servers: ServerSpec[] = list('servers', 'yishi,reference,hocuspocus').map((s) => {
    if (s === 'yishi' || s === 'reference' || s === 'hocuspocus') return { kind: s, label: s };
    if (s.startsWith('yishi@')) return { kind: 'yishi', root: s.slice(6), label: `yishi@${path.basename(path.resolve(s.slice(6)))}` };
    throw new Error(`unknown server "${s}" (yishi, reference, hocuspocus, yishi@<dir>)`);
  });
  const scenarios = list('scenarios', scenarioNames.join(','));
  for (const s of scenarios) if (!(scenarioNames as readonly string[]).includes(s)) throw new Error(`unknown scenario "${s}" (${scenarioNames.join(', ')})`);
  const tablets = numbers('tablets', '200,500,1000').map(Math.round);
  const rates = numbers('rates', '50,100,200').map(Math.round);
  const maxTablets = String(Math.max(...tablets));
  const ceiling: CeilingPlan = {
    from: count('ceiling-from', String(Math.min(...rates))),
    factor: positive('ceiling-factor', get('ceiling-factor', '1.25')),
    max: count('ceiling-max', '4000'),
    p99Ms: positive('ceiling-p99', get('ceiling-p99', '100')),
    retry: onOff('ceiling-retry', get('ceiling-retry', 'on')),
  };
  if (ceiling.factor <= 1) throw new Error('--ceiling-factor must be above 1');
  return {
    servers,
    scenarios: new Set(scenarios),
    tablets,
    rates,
    timing: { warmup: positive('warmup', get('warmup', '5')), seconds: positive('seconds', get('seconds', '20')), drain: positive('drain', get('drain', '10')) } satisfies Timing,
    ceilingTablets: count('ceiling-tablets', maxTablets),
    ceiling,
    idle: { tablets: count('idle-tablets', maxTablets), settle: positive('idle-settle', get('idle-settle', '15')), seconds: positive('idle-seconds', get('idle-seconds', '60')) },
    join: {
      notes: count('join-notes', '5000'),
      behind: count('join-behind', '100'),
      joins: count('joins', '100'),
      busyTablets: countOrZero('busy-tablets', maxTablets),
      busyRate: count('busy-rate', String(Math.max(...rates))),
      busyJoinsPerSecond: positive('busy-joins', get('busy-joins', '2')),
      seedWriters: count('seed-writers', '40'),
    },
    cursors: { tablets: count('cursor-tablets', maxTablets), rate: count('cursor-rate', String(Math.max(...rates))), count: count('cursors', '5'), hz: positive('cursor-hz', get('cursor-hz', '5')) } satisfies CursorPlan,
    writers: { writerRate: positive('writer-rate', get('writer-rate', '16')), minWriters: count('min-writers', '10'), peerWriters: count('peer-writers', '10') } satisfies WriterPlan,
  };
}

async function main(): Promise<void> {
  const p = parse(process.argv.slice(2));
  if (p.join.behind >= p.join.notes) throw new Error('--join-behind must be below --join-notes');
  checkMarkerEncoding();
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const pinned = pinToCore1();
  const started = Date.now();
  console.log(`bench:hall  ${new Date(started).toISOString()}  nproc=${nproc}  server: taskset -c 0  load generator: ${pinned}  node ${process.version}`);
  console.log(`command: npm run bench:hall -- ${process.argv.slice(2).join(' ')}`);
  console.log(`servers=${p.servers.map((s) => s.label).join(',')}  scenarios=${[...p.scenarios].join(',')}  warm-up ${p.timing.warmup} s, measured ${p.timing.seconds} s, drain ≤ ${p.timing.drain} s per step`);

  const log = (s: string) => console.log(s);
  const load: LoadRow[] = [];
  const ceilings: Ceiling[] = [];
  const idle: IdleResult[] = [];
  const joins: JoinResult[] = [];
  const cursors: CursorResult[] = [];

  const doLoad = p.scenarios.has('load');
  const doCeiling = p.scenarios.has('ceiling');
  const counts = [...new Set([...(doLoad ? p.tablets : []), ...(doCeiling ? [p.ceilingTablets] : [])])].sort((a, b) => a - b);
  if (counts.length) {
    const steps = counts.reduce((k, n) => k + rateLadder(doLoad && p.tablets.includes(n) ? p.rates : [], doCeiling && n === p.ceilingTablets ? p.ceiling : null).length, 0);
    console.log(`\nload: up to ${steps} steps per server (the ceiling search stops at the first failing rate), ~${Math.round(p.timing.warmup + p.timing.seconds + 2)} s each plus the drain`);
  }
  for (const n of counts) {
    const rates = doLoad && p.tablets.includes(n) ? p.rates : [];
    const ceiling = doCeiling && n === p.ceilingTablets ? p.ceiling : null;
    for (const spec of p.servers) {
      console.log(`${spec.label} with ${n} tablets${ceiling ? ' (with the ceiling search)' : ''}…`);
      const result = await runLoad(spec, n, rates, ceiling, p.timing, p.writers, log);
      load.push({ label: spec.label, tablets: n, result });
      if (result.ceiling) ceilings.push(result.ceiling);
    }
  }
  if (p.scenarios.has('idle')) {
    console.log(`\nidle: ${p.idle.tablets} tablets, settle ${p.idle.settle} s, measured ${p.idle.seconds} s`);
    for (const spec of p.servers) {
      const r = await runIdle(spec, p.idle.tablets, p.idle.settle, p.idle.seconds);
      console.log(`  ${spec.label}: ${r.corePct.toFixed(2)}% of a core, ${r.kbPerTablet.toFixed(1)} KB/tablet`);
      idle.push(r);
    }
  }
  if (p.scenarios.has('join')) {
    console.log(`\njoin: ${p.join.notes} concerns, ${p.join.joins} quiet joins of each kind, busy: ${p.join.busyTablets} tablets at ${p.join.busyRate}/s with ${p.join.busyJoinsPerSecond} joins/s`);
    for (const spec of p.servers) joins.push(await runJoins(spec, p.join, p.timing, p.writers, log));
  }
  if (p.scenarios.has('cursors')) {
    console.log(`\ncursors: ${p.cursors.tablets} tablets at ${p.cursors.rate}/s, ${p.cursors.count} moderators moving cursors at ${p.cursors.hz} Hz`);
    for (const spec of p.servers) cursors.push(await runCursors(spec, p.cursors, p.timing, p.writers, log));
  }

  printLoad(load, p.rates);
  printCeilings(ceilings, p.ceiling.p99Ms);
  printIdle(idle);
  printJoins(joins);
  printCursors(cursors);
  printNotes(load, idle, joins, cursors);
  printTargets(load, ceilings, idle, joins, cursors);
  console.log(
    '\nlatency: a concern\'s send by its writer → the tablet reading the TCP chunk holding its marker; every tablet counts, for concerns sent in the measured window.' +
      '\n  delivered %: (marker, tablet) pairs seen after the drain over concerns × tablets; a refused or unsent concern counts as undelivered everywhere.' +
      '\nack: Yishi: note:add → its ack (after the commit); Hocuspocus: update → its SyncStatus; reference: update → its echo to the writer (it has no ack).' +
      '\nwriters: Yishi: expert Socket.IO connections (not Yjs receivers); peers: Yjs clients, which also receive every update (their frames are not counted).' +
      '\nserver core %: utime+stime over the measured window; KB/tablet: VmRSS after connecting minus before, over tablets (Yishi: each read after a full collection' +
      ' by its bench-only memory probe; the peers: includes uncollected garbage); heap KB/tablet: Yishi\'s JS heap + external buffers, the same way.' +
      '\nload gen %: this process on core 1; near 100 % the latencies include its own queueing. other %: busy time of neither process (other load on the machine).' +
      `\nfinished in ${((Date.now() - started) / 60000).toFixed(1)} min`,
  );
}

runBench('bench:hall', main);
