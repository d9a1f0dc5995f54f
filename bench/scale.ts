/**
 * `npm run bench:scale [-- --sessions 30 --tablets 100 ...]` (every option also as
 * BENCH_<NAME>, dashes as underscores; `--help` lists them)
 *
 * The same many-session workload (`scale-workload.ts`) against one Yishi process and then
 * against three, in one run, each on a fresh PostgreSQL schema with Redis, every connection
 * spread round robin over the processes (so most commands and board connections are forwarded
 * to the session's owner). Reports acknowledged commands per second, ack and delivery latency
 * and the ratios 3/1; then, with three, kills the process owning the most sessions (SIGKILL)
 * while the load runs and measures the failover: from the kill to the first command of one of
 * its sessions acknowledged through another process (and to the last of its sessions).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { coreTimes, coreTimesSince } from './proc.ts';
import { freePort, runBench, startServer } from './servers.ts';
import { helpAndExit, readOptions } from './options.ts';
import { fmt } from './report.ts';
import { Balancer, type Proc } from './scale-clients.ts';
import { Workload, type BenchSession, type Plan, type Window } from './scale-workload.ts';
import { openPostgresStorage } from '../server/storage/postgres-storage.ts';

const optionHelp: Record<string, string> = {
  sessions: '30  sessions',
  tablets: '100  residents per session, each a Socket.IO command client',
  watchers: 'the --tablets  residents per session that also hold a y-websocket board connection',
  targets: '10  concerns on each board before the vote opens (what the dots go to)',
  dots: '5  dots per resident (a resident with none left takes one back instead)',
  'vote-rate': '10  vote:cast / vote:retract per session per second',
  'concern-rate': '1  note:add per session per second (the facilitator; the watchers receive them)',
  warmup: '5  seconds of load before measuring',
  seconds: '30  measured seconds',
  'failover-timeout': '60  longest wait after the kill for every session of the killed process',
  'lease-ms': '8000  LEASE_MS of every process (the server\'s default)',
  cores: '0-1  taskset core list of every server process',
  'pg-url': 'postgres://postgres@127.0.0.1:5432/test  database for the schemas (one fresh schema per configuration, dropped after)',
  'redis-url': 'redis://127.0.0.1:6379',
};

function parse(argv: string[]) {
  helpAndExit(argv, 'bench:scale', optionHelp);
  const { get, positive } = readOptions(argv, Object.keys(optionHelp));
  const count = (name: string, fallback: string) => Math.round(positive(name, get(name, fallback)));
  const tablets = count('tablets', '100');
  const plan: Plan = {
    sessions: count('sessions', '30'),
    tablets,
    watchers: Math.min(tablets, get('watchers', String(tablets)) === '0' ? 0 : count('watchers', String(tablets))),
    targets: count('targets', '10'),
    dots: count('dots', '5'),
    voteRate: positive('vote-rate', get('vote-rate', '10')),
    concernRate: positive('concern-rate', get('concern-rate', '1')),
    giveUpMs: 0,
  };
  if (plan.dots > 20) throw new Error('--dots is at most 20 (the session setting\'s bound)');
  const timing = { warmup: positive('warmup', get('warmup', '5')), seconds: positive('seconds', get('seconds', '30')), failoverTimeout: positive('failover-timeout', get('failover-timeout', '60')) };
  plan.giveUpMs = (timing.failoverTimeout + 30) * 1000;
  return { plan, timing, leaseMs: count('lease-ms', '8000'), cores: get('cores', '0-1'), pgUrl: get('pg-url', 'postgres://postgres@127.0.0.1:5432/test'), redisUrl: get('redis-url', 'redis://127.0.0.1:6379') };
}

type Options = ReturnType<typeof parse>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh schema in the bench database; `url` makes it the search_path. */
async function createSchema(pgUrl: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `bench_scale_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  const u = new URL(pgUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.toString(), schema, drop: () => run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

async function startProcs(n: number, o: Options, databaseUrl: string, secret: string): Promise<Proc[]> {
  const procs: Proc[] = [];
  for (let i = 0; i < n; i++) {
    const internalPort = await freePort();
    const server = await startServer('yishi', {
      readyTimeoutMs: 90_000,
      cores: o.cores,
      env: {
        DATABASE_URL: databaseUrl, SECRET: secret, REDIS_URL: o.redisUrl, INTERNAL_PORT: String(internalPort), LEASE_MS: String(o.leaseMs),
        // Every session comes from this one address; the bench is not a guesser.
        LIMIT_SESSIONS: '0', RETENTION_DAYS: '0',
      },
    });
    procs.push({ index: i, server, internalUrl: `http://127.0.0.1:${internalPort}`, dead: false });
  }
  return procs;
}

interface Measured {
  procs: number;
  window: Window;
  seconds: number;
  serverCpuPct: number[];
  loadGenPct: number;
  machinePct: number;
  load: number[];
  /** Of the acknowledged commands, and of the board watchers, the % that reached a process other than their session's owner. */
  forwardedCommandsPct: number;
  forwardedWatchersPct: number;
}

async function measure(procs: Proc[], work: Workload, o: Options, databaseUrl: string): Promise<Measured> {
  await sleep(o.timing.warmup * 1000);
  const cpu0 = procs.map((p) => p.server.cpuMicros());
  const gen0 = process.cpuUsage();
  const cores0 = coreTimes();
  const t0 = performance.now();
  work.window.measuring = true;
  await sleep(o.timing.seconds * 1000);
  work.window.measuring = false;
  const wallUs = (performance.now() - t0) * 1000;
  const serverCpuPct = procs.map((p, i) => (100 * (p.server.cpuMicros() - cpu0[i]!)) / wallUs);
  const gen = process.cpuUsage(gen0);
  const cores = coreTimesSince(cores0);
  const load = loadavg();
  // The window's commands are answered (and their concerns pushed) before anything else happens, such as the kill.
  const drainUntil = performance.now() + o.plan.giveUpMs;
  while (work.window.inFlight > 0 && performance.now() < drainUntil) await sleep(50);
  await sleep(2000);
  const held = await owners(databaseUrl);
  const ownerIndex = (sessionId: string) => procs.find((p) => p.internalUrl === held.get(sessionId))?.index ?? -1;
  let commands = 0;
  let forwarded = 0;
  for (const [sessionId, counts] of work.window.via) {
    counts.forEach((n, i) => {
      commands += n ?? 0;
      if (i !== ownerIndex(sessionId)) forwarded += n ?? 0;
    });
  }
  const watchers = work.sessions.flatMap((s) => s.watcherProcs.map((i) => i !== ownerIndex(s.id)));
  return {
    forwardedCommandsPct: (100 * forwarded) / commands,
    forwardedWatchersPct: (100 * watchers.filter(Boolean).length) / watchers.length,
    procs: procs.length,
    window: work.window,
    seconds: wallUs / 1e6,
    serverCpuPct,
    loadGenPct: (100 * (gen.user + gen.system)) / wallUs,
    machinePct: (100 * cores.busy.reduce((a, b) => a + b, 0)) / wallUs,
    load,
  };
}

interface Failover {
  victim: number;
  sessionsOwned: number[];
  firstMs: number;
  lastMs: number;
  back: number;
  refusals: Map<string, number>;
  othersAcked: number;
  othersRefused: number;
  /** The longest a command of its sessions waited for its ack (first send to ack, retries included). */
  worstWaitMs: number;
  watchersClosed: number;
  connectTimeouts: number;
  connectErrors: number;
  /** Every refused Socket.IO connection's message over the whole run, counted. */
  connectErrorMessages: Map<string, number>;
}

/** Which process holds each session, from the lease rows (`internal_url` names the process). */
async function owners(url: string): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ session_id: string; internal_url: string }>('SELECT session_id, internal_url FROM session_owner WHERE lease_until > now()');
    return new Map(rows.map((r) => [r.session_id, r.internal_url]));
  } finally {
    await c.end();
  }
}

async function failover(procs: Proc[], work: Workload, databaseUrl: string, o: Options, log: (s: string) => void): Promise<Failover> {
  const held = await owners(databaseUrl);
  const sessionsOwned = procs.map((p) => [...held.values()].filter((u) => u === p.internalUrl).length);
  const victim = procs[sessionsOwned.indexOf(Math.max(...sessionsOwned))]!;
  const victimSessions = new Set(work.sessions.filter((s) => held.get(s.id) === victim.internalUrl));
  const back = new Map<BenchSession, number>();
  const refusals = new Map<string, number>();
  let othersAcked = 0;
  let othersRefused = 0;
  let worstWaitMs = 0;
  let killedAt = Infinity;
  const closesBefore = work.watcherCloses;
  const balancer = work.balancer;
  const timeoutsBefore = balancer.connectTimeouts;
  const errorsBefore = balancer.connectErrors;
  work.onOutcome = (s, _kind, out) => {
    if (out.firstSentAt < killedAt && out.answeredAt < killedAt) return;
    if (!victimSessions.has(s)) {
      if (out.ok) othersAcked++;
      else othersRefused++;
      return;
    }
    for (const code of [...out.retriedOn, ...(out.ok ? [] : [out.code!])]) refusals.set(code, (refusals.get(code) ?? 0) + 1);
    if (out.ok) worstWaitMs = Math.max(worstWaitMs, out.answeredAt - out.firstSentAt);
    if (out.sentAt > killedAt && out.via !== victim && !back.has(s)) back.set(s, out.answeredAt);
  };
  log(`  killing process ${victim.index} (pid ${victim.server.pid}), the owner of ${victimSessions.size} of ${work.sessions.length} sessions (owners: ${sessionsOwned.join('/')}), LEASE_MS ${o.leaseMs}`);
  // Out of the balancer's rotation first: no new connection goes to it once it is dead.
  victim.dead = true;
  killedAt = performance.now();
  process.kill(victim.server.pid, 'SIGKILL');
  const deadline = killedAt + o.timing.failoverTimeout * 1000;
  for (let lastLog = killedAt; back.size < victimSessions.size && performance.now() < deadline; ) {
    await sleep(100);
    if (performance.now() - lastLog >= 5000) {
      lastLog = performance.now();
      log(`    ${fmt((lastLog - killedAt) / 1000)} s after the kill: ${back.size} of ${victimSessions.size} of its sessions served again, ${work.inFlightCount} commands in flight`);
    }
  }
  work.onOutcome = null;
  const times = [...back.values()].map((t) => t - killedAt);
  return {
    victim: victim.index,
    sessionsOwned,
    firstMs: times.length ? Math.min(...times) : NaN,
    lastMs: back.size === victimSessions.size && times.length ? Math.max(...times) : NaN,
    back: back.size,
    refusals,
    othersAcked,
    othersRefused,
    worstWaitMs,
    watchersClosed: work.watcherCloses - closesBefore,
    connectTimeouts: balancer.connectTimeouts - timeoutsBefore,
    connectErrors: balancer.connectErrors - errorsBefore,
    connectErrorMessages: balancer.connectErrorMessages,
  };
}

/** Every resident's dots in the database equal what their acknowledged casts and retracts leave (none lost, none doubled). */
async function checkLedgers(url: string, work: Workload): Promise<{ checked: number; wrong: number; unsure: number }> {
  const store = await openPostgresStorage({ url });
  let checked = 0;
  let wrong = 0;
  let unsure = 0;
  try {
    for (const s of work.sessions) {
      const rows = await store.listVotes(s.boardId);
      for (const r of s.residents) {
        if (r.unsure) {
          unsure++;
          continue;
        }
        checked++;
        const inDb = rows.filter((v) => v.participantId === r.participantId).reduce((n, v) => n + v.count, 0);
        if (inDb !== r.cast.length) wrong++;
      }
    }
  } finally {
    await store.close();
  }
  return { checked, wrong, unsure };
}

interface Configuration {
  measured: Measured;
  failover: Failover | null;
  ledger: { checked: number; wrong: number; unsure: number };
  serverLog: string[];
}

async function runConfiguration(n: number, o: Options, withFailover: boolean, log: (s: string) => void): Promise<Configuration> {
  const schema = await createSchema(o.pgUrl);
  const procs: Proc[] = [];
  let work: Workload | null = null;
  try {
    log(`\n${n} process${n > 1 ? 'es' : ''} (schema ${schema.schema})`);
    procs.push(...(await startProcs(n, o, schema.url, randomBytes(24).toString('base64url'))));
    const balancer = new Balancer(procs);
    work = new Workload(balancer, o.plan);
    await work.setUp(log);
    work.start();
    const measured = await measure(procs, work, o, schema.url);
    log(`  measured ${fmt(measured.seconds)} s: ${measured.window.acked} commands acknowledged, ${measured.window.concerns} concerns sent (every command of the window answered)`);
    const fo = withFailover ? await failover(procs, work, schema.url, o, log) : null;
    const t = performance.now();
    const since = () => `${fmt((performance.now() - t) / 1000)} s`;
    log(`  stopping the load: ${work.inFlightCount} commands in flight`);
    const unanswered = await work.stop();
    log(`  ${unanswered === 0 ? 'every command answered or given up' : `${unanswered} commands still unanswered (a bench fault: each should end by its give-up time)`} after ${since()}`);
    // Let the last pushes reach the watchers before they close (deliveries are counted until then).
    await sleep(2000);
    const ledger = await checkLedgers(schema.url, work);
    log(`  dots checked after ${since()}`);
    const serverLog = procs.flatMap((p) => p.server.output.filter((l) => /"level":(50|60)/.test(l)).map((l) => `process ${p.index}: ${l.slice(0, 300)}`));
    return { measured, failover: fo, ledger, serverLog };
  } finally {
    work?.close();
    for (const p of procs) await p.server.stop();
    await schema.drop();
    log(`  servers stopped, schema ${schema.schema} dropped`);
  }
}

function printResults(runs: Configuration[], o: Options): void {
  const [one, three] = runs as [Configuration, Configuration];
  const m = (c: Configuration) => c.measured;
  const w = (c: Configuration) => c.measured.window;
  const rows: { name: string; v: (c: Configuration) => number; digits: number; ratio: boolean }[] = [
    { name: 'commands issued /s', v: (c) => w(c).issued / m(c).seconds, digits: 1, ratio: true },
    { name: 'commands acknowledged /s', v: (c) => w(c).acked / m(c).seconds, digits: 1, ratio: true },
    { name: 'ack p50 ms (all)', v: (c) => w(c).ack.quantile(0.5), digits: 1, ratio: true },
    { name: 'ack p99 ms (all)', v: (c) => w(c).ack.quantile(0.99), digits: 1, ratio: true },
    { name: 'ack p99 ms vote:*', v: (c) => w(c).ackByKind.vote.quantile(0.99), digits: 1, ratio: true },
    { name: 'ack p99 ms note:add', v: (c) => w(c).ackByKind.concern.quantile(0.99), digits: 1, ratio: true },
    { name: 'ack max ms', v: (c) => w(c).ack.max, digits: 1, ratio: true },
    { name: 'delivery p50 ms', v: (c) => w(c).delivery.quantile(0.5), digits: 1, ratio: true },
    { name: 'delivery p99 ms', v: (c) => w(c).delivery.quantile(0.99), digits: 1, ratio: true },
    { name: 'delivered %', v: (c) => (100 * w(c).delivery.count) / w(c).expectedDeliveries, digits: 2, ratio: false },
    { name: 'refused or given up', v: (c) => [...w(c).refused.values()].reduce((a, b) => a + b, 0), digits: 0, ratio: false },
    { name: 'commands sent again', v: (c) => w(c).retried, digits: 0, ratio: false },
    { name: 'not sent (all tablets busy)', v: (c) => w(c).notSent, digits: 0, ratio: false },
    { name: 'server CPU % of a core (sum)', v: (c) => m(c).serverCpuPct.reduce((a, b) => a + b, 0), digits: 1, ratio: true },
    { name: 'load generator CPU %', v: (c) => m(c).loadGenPct, digits: 1, ratio: false },
    { name: 'machine busy % (all cores)', v: (c) => m(c).machinePct, digits: 1, ratio: false },
    { name: 'other busy % (PostgreSQL, Redis, others)', v: (c) => m(c).machinePct - m(c).loadGenPct - m(c).serverCpuPct.reduce((a, b) => a + b, 0), digits: 1, ratio: false },
    { name: 'commands via a non-owner %', v: (c) => m(c).forwardedCommandsPct, digits: 1, ratio: false },
    { name: 'watchers via a non-owner %', v: (c) => m(c).forwardedWatchersPct, digits: 1, ratio: false },
  ];
  const header = ['', '1 process', '3 processes', '3/1'];
  const cells = rows.map((r) => [r.name, fmt(r.v(one), r.digits), fmt(r.v(three), r.digits), r.ratio ? `${fmt(r.v(three) / r.v(one), 2)}×` : '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((x) => '-'.repeat(x)).join('  ')}`);
  for (const c of cells) console.log(line(c));
  for (const c of runs) {
    const mm = c.measured;
    console.log(`\n${mm.procs} process${mm.procs > 1 ? 'es' : ''}: server CPU per process ${mm.serverCpuPct.map((p) => `${fmt(p)}%`).join(' / ')}; load average after ${mm.load.map((l) => fmt(l, 2)).join(' ')}; ` +
      `concerns ${mm.window.concerns}, deliveries ${mm.window.delivery.count} of ${mm.window.expectedDeliveries}, duplicates ${mm.window.duplicates}; ` +
      `refusals ${[...mm.window.refused].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; answers that made a command go again ${[...mm.window.retriedOn].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    console.log(`  dots in the database vs acknowledged casts − retracts: ${c.ledger.checked} residents checked, ${c.ledger.wrong} differ, ${c.ledger.unsure} not checked (a command given up)`);
    for (const l of c.serverLog.slice(0, 5)) console.log(`  server log: ${l}`);
    if (c.serverLog.length > 5) console.log(`  … ${c.serverLog.length - 5} more error lines`);
  }
  const f = three.failover;
  if (f) {
    console.log(`\nfailover (kill -9 of process ${f.victim}, owner of ${f.sessionsOwned[f.victim]} sessions; LEASE_MS ${o.leaseMs}):`);
    console.log(`  first command of one of its sessions acknowledged through another process: ${fmt(f.firstMs / 1000, 2)} s after the kill`);
    console.log(`  every one of its sessions served again: ${Number.isNaN(f.lastMs) ? `no, ${f.back} of ${f.sessionsOwned[f.victim]} within ${o.timing.failoverTimeout} s` : `${fmt(f.lastMs / 1000, 2)} s after the kill`}`);
    console.log(`  answers for its sessions that said "try elsewhere" meanwhile (each command sent again): ${[...f.refusals].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    console.log(`  the longest a command of its sessions waited for its ack: ${fmt(f.worstWaitMs / 1000, 2)} s; board connections closed: ${f.watchersClosed} (not reopened by the bench)`);
    console.log(`  Socket.IO reconnections meanwhile: ${f.connectErrors} refused, ${f.connectTimeouts} without an answer to CONNECT within 10 s` +
      `${f.connectErrorMessages.size ? ` (refusals over the run: ${[...f.connectErrorMessages].map(([k, v]) => `"${k}" ${v}`).join(', ')})` : ''}`);
    console.log(`  the other sessions meanwhile: ${f.othersAcked} acknowledged, ${f.othersRefused} refused or given up`);
  }
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const started = Date.now();
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  console.log(`bench:scale  ${new Date(started).toISOString()}  node ${process.version}  nproc=${nproc}  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`command: npm run bench:scale -- ${process.argv.slice(2).join(' ')}`);
  const p = o.plan;
  console.log(`workload: ${p.sessions} sessions × ${p.tablets} residents (Socket.IO), ${p.watchers} of them per session also on the board (y-websocket); per session ${p.voteRate} dots/s and ${p.concernRate} concerns/s; ` +
    `warm-up ${o.timing.warmup} s, measured ${o.timing.seconds} s; servers on cores ${o.cores} (taskset), the load generator, PostgreSQL and Redis unpinned`);
  if (availableParallelism() < 4) {
    console.log(`NOTE: this machine has ${availableParallelism()} cores for three server processes, PostgreSQL, Redis and the load generator together: ` +
      'three processes cannot run side by side here, so the 3/1 ratios say what forwarding costs on a shared CPU, not how far three machines carry (the 2.5× target cannot be judged on it).');
  }
  const log = (s: string) => console.log(s);
  const runs: Configuration[] = [];
  runs.push(await runConfiguration(1, o, false, log));
  runs.push(await runConfiguration(3, o, true, log));
  printResults(runs, o);
  console.log(
    '\nack: from a command\'s first send to its acknowledgement (after the commit), retries through other processes included; throughput: acknowledged commands first sent in the measured window, per second.' +
      '\ndelivery: a concern\'s note:add send → a watcher reading the TCP chunk that holds its marker; expected: open watchers of its session when it was sent.' +
      '\nfailover: from the SIGKILL to the acknowledgement of the first command of one of the killed process\'s sessions whose answered attempt was sent after the kill through another process.' +
      `\nfinished in ${((Date.now() - started) / 60000).toFixed(1)} min, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
}

runBench('bench:scale', main);
