/**
 * One measured step on a running hall: concerns at `rate` per second, spread evenly over the
 * writers in turn, a warm-up, the measured window, then a drain until every tablet has every
 * measured concern (or the drain time is up). Optionally new tablets join during the window
 * (a fresh identity each, empty state vector, closed once synced).
 */
import { coreTimes, coreTimesSince } from './proc.ts';
import { Histogram, MarkerLog, type MarkerStats } from './markers.ts';
import { HallTablet } from './hall-tablet.ts';
import { writeInto } from './hall-writers.ts';
import type { Closed, HallRun } from './hall-run.ts';

export interface StepPlan {
  rate: number;
  warmup: number;
  seconds: number;
  /** Longest wait, in seconds, for measured concerns still in flight after the window. */
  drain: number;
  writers: number;
  /** Joins during the measured window, by tablet identities `from` … (already ensured). */
  joins?: { perSecond: number; from: number };
}

export interface JoinStats {
  done: number;
  failed: number;
  /** Upgrade start → sync step 2 complete, in ms. */
  p50: number;
  max: number;
}

export interface StepResult extends MarkerStats {
  label: string;
  tablets: number;
  rate: number;
  writers: number;
  /** The measured window's length, in s. */
  seconds: number;
  /** Server CPU over the measured window, in % of its core, and the part on its main thread. */
  serverCorePct: number;
  serverMainThreadPct: number;
  loadGenCorePct: number;
  /** Busy time on all cores accounted to neither the server nor the load generator, in % of one core. */
  otherPct: number;
  stealPct: number;
  /** Frames and KB each standing tablet received per second in the window. */
  framesPerTabletS: number;
  kbPerTabletS: number;
  rssMb: number;
  drainMs: number;
  /** Measured concerns still missing somewhere, and acks still missing, after the drain. */
  backlog: number;
  unacked: number;
  closes: Closed[];
  /** Concerns the server refused during the step, by error code. */
  refused: Record<string, number>;
  joins: JoinStats | null;
  /** A ceiling rung that failed and was run again; the run again is the one that counts. */
  superseded?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

export async function runStep(run: HallRun, plan: StepPlan): Promise<StepResult> {
  const n = run.tablets.length;
  const writers = await run.board.writers(plan.writers);
  const log = new MarkerLog(n, run.nextId);
  run.current = log;
  const closesBefore = run.closes.length;
  const refusedBefore = new Map(run.refusals);

  // Slot j is due at start + j/rate and goes to writer j mod W; a late timer catches up.
  const interval = 1000 / plan.rate;
  const start = performance.now();
  let slot = 0;
  let writing = true;
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    while (writing && start + slot * interval <= performance.now()) {
      const id = log.begin(performance.now());
      if (!writeInto(writers[slot % writers.length]!, log, id, run.refusals)) log.fail(id);
      slot++;
    }
    if (writing) timer = setTimeout(tick, Math.max(0, start + slot * interval - performance.now()));
  };
  tick();
  await sleep(plan.warmup * 1000);

  const cpu0 = run.server.cpuMicros();
  const main0 = run.server.mainThreadCpuMicros();
  const own0 = process.cpuUsage();
  const cores0 = coreTimes();
  const frames0 = sum(run.tablets.map((t) => t.frames));
  const bytes0 = sum(run.tablets.map((t) => t.bytes));
  const m0 = performance.now();
  log.measuring = true;
  const joining = plan.joins ? joinDuring(run, plan.joins, plan.seconds) : null;
  await sleep(plan.seconds * 1000);
  log.measuring = false;
  writing = false;
  if (timer) clearTimeout(timer);
  const wallMicros = (performance.now() - m0) * 1000;
  const cpuMicros = run.server.cpuMicros() - cpu0;
  const mainMicros = run.server.mainThreadCpuMicros() - main0;
  const own = process.cpuUsage(own0);
  const ownMicros = own.user + own.system;
  const cores = coreTimesSince(cores0);
  const frames = sum(run.tablets.map((t) => t.frames)) - frames0;
  const bytes = sum(run.tablets.map((t) => t.bytes)) - bytes0;
  const rssMb = run.server.rssKb() / 1024;

  const d0 = performance.now();
  while ((log.pending > 0 || log.unacked > 0) && performance.now() - d0 < plan.drain * 1000) await sleep(20);
  const drainMs = performance.now() - d0;
  const joins = joining ? await joining : null;
  run.current = null;
  run.nextId = log.nextId;

  const seconds = wallMicros / 1e6;
  return {
    ...log.stats(),
    label: run.spec.label,
    tablets: n,
    rate: plan.rate,
    writers: writers.length,
    seconds,
    serverCorePct: (100 * cpuMicros) / wallMicros,
    serverMainThreadPct: (100 * mainMicros) / wallMicros,
    loadGenCorePct: (100 * ownMicros) / wallMicros,
    otherPct: (100 * (sum(cores.busy) - cpuMicros - ownMicros)) / wallMicros,
    stealPct: (100 * sum(cores.steal)) / wallMicros,
    framesPerTabletS: frames / n / seconds,
    kbPerTabletS: bytes / 1024 / n / seconds,
    rssMb,
    drainMs,
    backlog: log.pending,
    unacked: log.unacked,
    closes: run.closes.slice(closesBefore),
    refused: Object.fromEntries([...run.refusals].map(([code, k]) => [code, k - (refusedBefore.get(code) ?? 0)]).filter(([, k]) => k !== 0)),
    joins,
  };
}

/** Joins at `perSecond` for `seconds`, each a fresh tablet that closes once synced. */
async function joinDuring(run: HallRun, joins: { perSecond: number; from: number }, seconds: number): Promise<JoinStats> {
  const count = Math.floor(joins.perSecond * seconds);
  const latency = new Histogram();
  let failed = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let k = 0; k < count; k++) {
    const due = start + (k * 1000) / joins.perSecond;
    await sleep(Math.max(0, due - performance.now()));
    const index = joins.from + k;
    pending.push(
      HallTablet.connect({ url: run.board.tabletUrl(index), wire: run.board.wire, index, timeoutMs: 30_000 }).then(
        (t) => {
          latency.add(t.syncedAt - t.startedAt);
          t.close();
        },
        () => {
          failed++;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { done: latency.count, failed, p50: latency.quantile(0.5), max: latency.count ? latency.max : NaN };
}
