/**
 * `npm run bench:stall [-- --cases a,b,c,d,e,f,g --servers yishi,reference --poll 20 --budget 50
 *   --structs 100000 --ranges 250000 --frames 20000 --clients 60000 --timeout 60 --no-assert]`
 * (or BENCH_CASES, BENCH_SERVERS, BENCH_POLL, BENCH_BUDGET, BENCH_STRUCTS, BENCH_RANGES,
 * BENCH_FRAMES, BENCH_CLIENTS, BENCH_TIMEOUT)
 *
 * How long one crafted y-websocket frame (or one burst) from one connection keeps the server
 * from answering anyone else. Each case starts a fresh server pinned to core 0 (this process,
 * the load generator, runs on core 1), prepares a board through the ordinary API, connects the
 * attacker as a resident or a facilitator, then sends the frame while a poller GETs /healthz
 * every --poll ms: the worst and the p99 gap between two answers are how long everyone else
 * waited. Then a fresh device joins (sync step 1 with an empty state vector) and the bench
 * reports the board's full state, its state vector's client count, the join's time and the
 * worst gap during it. A row whose worst gap (attack or join) exceeds --budget ms is OVER (the
 * idle baseline row never is); the bench exits 1 if any row is OVER, unless --no-assert. The reference @y/websocket-server
 * runs the cases that mean the same there (a, c, d: it has no roles and no guard).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { readOptions } from './options.ts';
import { coreTimes, coreTimesSince } from './proc.ts';
import { pinToCore1, runBench, startServer, type ServerKind } from './servers.ts';
import { allCases, cases, prepareReference, prepareYishi, referenceCases, type CaseId, type CaseSpec, type Sizes } from './stall-cases.ts';
import { gapStats, HealthPoller, now, RawPeer, stateVectorClients } from './stall-probe.ts';

interface Params {
  cases: CaseId[];
  servers: ServerKind[];
  poll: number;
  budget: number;
  timeoutMs: number;
  sizes: Sizes;
  assert: boolean;
}

interface Row {
  server: ServerKind;
  id: CaseId | 'idle';
  label: string;
  frameBytes: number;
  frames: number;
  worst: number;
  p99: number;
  outcome: string;
  stateBytes: number;
  svClients: number;
  joinMs: number;
  joinGap: number;
  pollFailures: number;
  /** CPU time of the server's main thread (its event loop) in the attack window and in the join window, ms: what a stall costs on a quiet core. */
  cpuMs: number;
  joinCpuMs: number;
  /** Busy time on the server's core not spent by the server during the attack window, in % (a disturbed run shows here). */
  otherPct: number;
  over: boolean;
}

function parseParams(argv: string[]): Params {
  const assert = !argv.includes('--no-assert');
  const { get, positive } = readOptions(argv.filter((a) => a !== '--no-assert'), ['cases', 'servers', 'poll', 'budget', 'structs', 'ranges', 'frames', 'clients', 'timeout']);
  const picked = get('cases', allCases.join(',')).split(',') as CaseId[];
  for (const c of picked) if (!allCases.includes(c)) throw new Error(`unknown case "${c}" (known: ${allCases.join(', ')})`);
  const servers = get('servers', 'yishi,reference').split(',') as ServerKind[];
  for (const s of servers) if (s !== 'yishi' && s !== 'reference') throw new Error(`unknown server "${s}"`);
  const int = (name: string, fallback: string) => Math.round(positive(name, get(name, fallback)));
  return {
    cases: picked,
    servers,
    poll: positive('poll', get('poll', '20')),
    budget: positive('budget', get('budget', '50')),
    timeoutMs: positive('timeout', get('timeout', '60')) * 1000,
    sizes: { structs: int('structs', '100000'), ranges: int('ranges', '250000'), frames: int('frames', '20000'), clients: int('clients', '60000') },
    assert,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polling before the frame (a baseline for the gaps) and after the outcome (work the server does later, e.g. relaying). */
const leadMs = 300;
const settleMs = 300;

/** One case (or `null`: no frame, the idle baseline) against a fresh server. */
async function runCase(kind: ServerKind, spec: CaseSpec | null, p: Params): Promise<Row> {
  const server = await startServer(kind);
  const peers: RawPeer[] = [];
  try {
    const board = kind === 'yishi' ? await prepareYishi(server) : await prepareReference(server);
    peers.push(board.observer);
    const healthUrl = server.httpUrl + (kind === 'yishi' ? '/healthz' : '/');
    const attack = spec?.attack(board, p.sizes) ?? null;
    const attacker = spec ? await RawPeer.open(board.url(spec.role), p.timeoutMs) : null;
    if (attacker) {
      peers.push(attacker);
      await attacker.greeted;
    }
    const maxPollSeconds = (p.timeoutMs + 10_000) / 1000;

    // The attack, while the poller runs.
    const poller = new HealthPoller(healthUrl, p.poll, maxPollSeconds);
    await poller.polling;
    await sleep(leadMs);
    const cores = coreTimes();
    const serverCpu = server.cpuMicros();
    const loopCpu = server.mainThreadCpuMicros();
    const sentAt = now();
    let outcome = '—';
    if (attack && attacker) {
      const done = attack.done;
      const seen = board.observer.waitFor(
        (m) => (done.kind === 'update' ? m.type === 'sync' && m.step === 2 : m.type === 'awareness' && m.entries.some((e) => e.id === done.id && e.clock >= done.clock)),
        p.timeoutMs,
      );
      for (const f of attack.frames) attacker.send(f);
      const first = await Promise.race([seen.then((m) => (m ? 'relayed' : 'timeout')), attacker.closed.then(() => 'closed')]);
      const after = `after ${fmt(now() - sentAt)} ms`;
      if (first === 'closed') outcome = `closed ${after}: ${attacker.closeInfo!.code} ${attacker.closeInfo!.reason}`.trim();
      else if (first === 'relayed') outcome = `open, ${done.kind === 'update' ? 'update' : 'awareness'} relayed ${after}`;
      else outcome = `open, nothing relayed in ${p.timeoutMs / 1000} s`;
    } else {
      await sleep(1000);
    }
    await sleep(settleMs);
    const attackGaps = await poller.stop(sentAt);
    const windowMicros = (now() - sentAt) * 1000;
    const cpuMs = (server.mainThreadCpuMicros() - loopCpu) / 1000;
    const otherPct = (100 * ((coreTimesSince(cores).busy[0] ?? 0) - (server.cpuMicros() - serverCpu))) / windowMicros;

    // A fresh device joins the board as it is now.
    const joinPoller = new HealthPoller(healthUrl, p.poll, maxPollSeconds);
    await joinPoller.polling;
    await sleep(leadMs);
    const joiner = await RawPeer.open(board.url('facilitator'), p.timeoutMs);
    peers.push(joiner);
    await joiner.greeted;
    const joinLoopCpu = server.mainThreadCpuMicros();
    const state = await joiner.fullState(p.timeoutMs);
    await sleep(settleMs);
    const joinCpuMs = (server.mainThreadCpuMicros() - joinLoopCpu) / 1000;
    const joinGaps = await joinPoller.stop(state?.sentAt ?? Infinity);

    const a = gapStats(attackGaps.gaps);
    const j = gapStats(joinGaps.gaps);
    return {
      server: kind,
      id: spec?.id ?? 'idle',
      label: spec?.label ?? 'no frame (idle poller)',
      frameBytes: attack ? attack.frames.reduce((n, f) => n + f.length, 0) : 0,
      frames: attack?.frames.length ?? 0,
      worst: a.worst,
      p99: a.p99,
      outcome,
      stateBytes: state?.update.length ?? NaN,
      svClients: state ? stateVectorClients(state.update) : NaN,
      joinMs: state?.ms ?? NaN,
      joinGap: j.worst,
      pollFailures: attackGaps.failures + joinGaps.failures,
      cpuMs,
      joinCpuMs,
      otherPct,
      // The idle row is the yardstick, not a case: over the budget it says the machine is too busy.
      over: spec !== null && (!(a.worst <= p.budget) || !(j.worst <= p.budget)),
    };
  } finally {
    for (const peer of peers) peer.close();
    await server.stop();
  }
}

const fmt = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const kb = (bytes: number) => (Number.isFinite(bytes) ? (bytes < 10_000 ? `${Math.round(bytes)} B` : `${(bytes / 1024).toFixed(0)} KB`) : 'n/a');

function printTable(rows: Row[], budget: number): void {
  const head = ['server', 'case', 'frame', 'worst gap ms', 'p99 gap ms', 'server CPU ms', 'outcome', 'full state after', 'SV clients', 'join ms', 'join gap ms', 'join CPU ms', 'other load %', `budget ${budget} ms`];
  const body = rows.map((r) => [
    r.server,
    r.id,
    r.frames > 1 ? `${r.frames} × ${kb(r.frameBytes / r.frames)}` : r.frames === 1 ? kb(r.frameBytes) : '—',
    fmt(r.worst),
    fmt(r.p99),
    fmt(r.cpuMs),
    r.outcome.length > 72 ? `${r.outcome.slice(0, 69)}...` : r.outcome,
    kb(r.stateBytes),
    fmt(r.svClients),
    fmt(r.joinMs),
    fmt(r.joinGap),
    fmt(r.joinCpuMs),
    fmt(Math.max(0, r.otherPct)),
    r.id === 'idle' ? (r.worst > budget || r.joinGap > budget ? 'busy machine' : 'baseline') : r.over ? 'OVER' : 'ok',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 3 && i !== 6 && i !== 13 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log('\ncases:');
  for (const r of rows.filter((x, i) => rows.findIndex((y) => y.id === x.id) === i)) console.log(`  ${r.id}: ${r.label}`);
  const ratios = rows.filter((r) => r.server === 'yishi' && referenceCases.has(r.id as CaseId)).flatMap((y) => {
    const ref = rows.find((r) => r.server === 'reference' && r.id === y.id);
    return ref
      ? [`  ${y.id}: worst gap yishi/reference = ${fmt(y.worst)}/${fmt(ref.worst)} = ${fmt(y.worst / ref.worst, 2)}; ` +
          `server CPU yishi/reference = ${fmt(y.cpuMs)}/${fmt(ref.cpuMs)} = ${fmt(y.cpuMs / ref.cpuMs, 2)}`]
      : [];
  });
  if (ratios.length) console.log(`\nratios:\n${ratios.join('\n')}`);
  const failures = rows.filter((r) => r.pollFailures > 0);
  for (const r of failures) console.log(`note: ${r.server} ${r.id}: ${r.pollFailures} health requests failed`);
}

async function main(): Promise<void> {
  const p = parseParams(process.argv.slice(2));
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const pinned = pinToCore1();
  console.log(`bench:stall  nproc=${nproc}  server: taskset -c 0  load generator: ${pinned}  node ${process.version}  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(
    `poll GET every ${p.poll} ms  budget ${p.budget} ms  structs=${p.sizes.structs} ranges=${p.sizes.ranges} awareness frames=${p.sizes.frames} ` +
      `new clients=${p.sizes.clients}  cases=${p.cases.join(',')}  servers=${p.servers.join(',')}\n`,
  );
  const rows: Row[] = [];
  for (const kind of p.servers) {
    const specs = [null, ...cases.filter((c) => p.cases.includes(c.id) && (kind === 'yishi' || referenceCases.has(c.id)))];
    for (const spec of specs) {
      process.stdout.write(`${kind} ${spec?.id ?? 'idle'}… `);
      const row = await runCase(kind, spec, p);
      console.log(`worst gap ${fmt(row.worst)} ms, ${row.outcome}`);
      rows.push(row);
    }
  }
  console.log('');
  printTable(rows, p.budget);
  console.log(
    '\nworst/p99 gap: time between two consecutive /healthz answers (the reference: GET /), from the frame being sent until' +
      `\n  ${settleMs} ms after its outcome (the attacker closed, or the observer got the relayed update or awareness).` +
      '\njoin: a fresh facilitator connection sends sync step 1 with an empty state vector; join ms = until its step 2 arrived;' +
      '\n  join gap = worst gap from that step 1 until ' + `${settleMs} ms after. full state = that step 2's update; SV clients = its state vector's clients.` +
      "\nserver CPU: utime+stime of the server's main thread (the event loop) over the same windows; unlike the gaps it hardly" +
      '\n  depends on other load, so it is the figure to compare across machines and runs (the idle row shows what polling costs).' +
      "\nother load: busy time on the server's core (0) not spent by the server, during the attack window, in % of that core;" +
      '\n  a high value means other processes disturbed the figures.',
  );
  const over = rows.filter((r) => r.over);
  if (over.length && p.assert) {
    console.log(`\n${over.length} row(s) OVER the ${p.budget} ms budget: ${over.map((r) => `${r.server} ${r.id}`).join(', ')}`);
    process.exitCode = 1;
  }
}

runBench('bench:stall', main);
