/**
 * The hall benchmark's scenarios, each on a fresh server: concerns at rising rates to a hall of
 * tablets (with the ceiling search), a hall of idle tablets, and joins on a loaded board (quiet,
 * then busy).
 */
import * as Y from 'yjs';
import { HallTablet, messageAwareness } from './hall-tablet.ts';
import { withRun, type Closed, type HallRun, type ServerSpec } from './hall-run.ts';
import { runStep, type StepResult } from './hall-step.ts';
import { Histogram } from './markers.ts';
import type { Writer } from './hall-writers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Timing {
  warmup: number;
  seconds: number;
  drain: number;
}

export interface WriterPlan {
  /** Yishi: concerns per second per expert connection (the server allows 20 on average). */
  writerRate: number;
  /** Yishi: at least this many experts (the issue asks for ten or more). */
  minWriters: number;
  /** Peers: Yjs writer connections (they have no rate limit; every writer also receives every update). */
  peerWriters: number;
}

export function writersFor(spec: ServerSpec, rate: number, w: WriterPlan): number {
  return spec.kind === 'yishi' ? Math.max(w.minWriters, Math.ceil(rate / w.writerRate)) : w.peerWriters;
}

/** A step passes when every concern reached every tablet and p99 stayed within the bound. */
export function passes(s: StepResult, p99Ms: number): { ok: boolean; why: string } {
  if (s.deliveredPct < 100) return { ok: false, why: `${(100 - s.deliveredPct).toFixed(2)}% not delivered` };
  if (!(s.p99 <= p99Ms)) return { ok: false, why: `p99 ${s.p99.toFixed(1)} ms > ${p99Ms} ms` };
  return { ok: true, why: '' };
}

export interface CeilingPlan {
  from: number;
  factor: number;
  max: number;
  p99Ms: number;
  /** Run a failing rung once more before it counts as failing. */
  retry: boolean;
}

export interface Ceiling {
  label: string;
  tablets: number;
  /** The highest rate that passed with every lower rate passing; null: none did. */
  pass: number | null;
  /** The first rate that failed; null: none up to the search's maximum. */
  fail: number | null;
  why: string;
}

/** A step whose load generator is busier than this ends the ceiling search (it passed, but higher rates would measure the generator). */
const loadGenLimitPct = 85;

export interface LoadResult {
  steps: StepResult[];
  ceiling: Ceiling | null;
  kbPerTablet: number;
  connectS: number;
  strayMarkers: number;
  serverLog: string[];
}

/**
 * The rates a load run steps through: the table's, and with a ceiling search a geometric ladder
 * (a rung within half a step of a table rate is left out: that rate is measured anyway).
 */
export function rateLadder(rates: number[], ceiling: CeilingPlan | null): number[] {
  const all = new Set(rates);
  if (ceiling) {
    for (let r = ceiling.from; r <= ceiling.max; r = Math.max(r + 1, Math.round(r * ceiling.factor))) {
      if (!rates.some((t) => Math.abs(r - t) / t < (ceiling.factor - 1) / 2)) all.add(r);
    }
  }
  return [...all].sort((a, b) => a - b);
}

/** N tablets, then each rate in turn on the same connections; past the ceiling only the table's rates still run. */
export async function runLoad(spec: ServerSpec, n: number, rates: number[], ceiling: CeilingPlan | null, t: Timing, w: WriterPlan, progress: (s: string) => void): Promise<LoadResult> {
  return withRun(spec, async (run) => {
    await run.board.ensureTablets(n);
    const rss0 = await run.rssAfter(1000);
    const c0 = performance.now();
    await run.connectTablets(n);
    const connectS = (performance.now() - c0) / 1000;
    const kbPerTablet = ((await run.rssAfter(1000)) - rss0) / n;
    const steps: StepResult[] = [];
    let found: Ceiling | null = ceiling ? { label: spec.label, tablets: n, pass: null, fail: null, why: `passed up to ${ceiling.max}/s, the search's maximum` } : null;
    let searching = ceiling !== null;
    const ladder = rateLadder(rates, ceiling);
    let retried = false;
    for (let k = 0; k < ladder.length; k++) {
      const rate = ladder[k]!;
      if (!rates.includes(rate) && !searching) continue;
      if (run.server.exit) throw new Error(`${spec.label} exited: ${JSON.stringify(run.server.exit)}\n${run.server.output.slice(-10).join('\n')}`);
      const s = await runStep(run, { rate, ...t, writers: writersFor(spec, rate, w) });
      steps.push(s);
      const verdict = ceiling ? passes(s, ceiling.p99Ms) : null;
      if (ceiling && searching && verdict && !verdict.ok && !retried && ceiling.retry) {
        // One pause (a collection, a slow fsync, a neighbour on the machine) should not end the search: run the rung again.
        progress(`  ${spec.label} N=${n} R=${rate}/s fails (${verdict.why}); running it again`);
        s.superseded = true;
        retried = true;
        k--;
        await sleep(1000);
        continue;
      }
      retried = false;
      progress(
        `  ${spec.label} N=${n} R=${rate}/s: p99 ${s.p99.toFixed(1)} ms, delivered ${s.deliveredPct.toFixed(2)}%, ack p99 ${s.ackP99.toFixed(1)} ms, ` +
          `server ${s.serverCorePct.toFixed(0)}%, load generator ${s.loadGenCorePct.toFixed(0)}%${verdict && searching ? (verdict.ok ? '  (passes)' : `  (fails: ${verdict.why})`) : ''}`,
      );
      if (ceiling && searching && found && verdict) {
        if (!verdict.ok) {
          found = { ...found, fail: rate, why: verdict.why };
          searching = false;
        } else if (s.loadGenCorePct > loadGenLimitPct) {
          // Past this the load generator's own queueing would be measured, not the server's.
          found = { ...found, pass: rate, why: `search stopped: the load generator used ${s.loadGenCorePct.toFixed(0)}% of its core` };
          searching = false;
        } else found.pass = rate;
      }
      await sleep(1000);
    }
    return { steps, ceiling: found, kbPerTablet, connectS, strayMarkers: run.strayMarkers, serverLog: run.serverLog() };
  });
}

export interface IdleResult {
  label: string;
  tablets: number;
  corePct: number;
  mainThreadPct: number;
  kbPerTablet: number;
  /** Yishi: JS heap and external buffers per tablet, after a full collection (null for the peers). */
  heapKbPerTablet: number | null;
  /** Frames each tablet received per minute while idle (awareness relays, on the peers). */
  framesPerTabletMin: number;
  closes: Closed[];
  serverLog: string[];
}

/** N idle tablets, each a Yjs connection with awareness renewed every 15 s and, on Yishi, a Socket.IO connection. */
export async function runIdle(spec: ServerSpec, n: number, settleS: number, seconds: number): Promise<IdleResult> {
  return withRun(spec, async (run) => {
    await run.board.ensureTablets(n);
    const m0 = await run.memoryAfter(1000);
    await run.connectTablets(n, { awareness: true, sockets: true });
    const m1 = await run.memoryAfter(settleS * 1000);
    const cpu0 = run.server.cpuMicros();
    const main0 = run.server.mainThreadCpuMicros();
    const frames0 = run.tablets.reduce((s, t) => s + t.frames, 0);
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const wallMicros = (performance.now() - t0) * 1000;
    return {
      label: spec.label,
      tablets: n,
      corePct: (100 * (run.server.cpuMicros() - cpu0)) / wallMicros,
      mainThreadPct: (100 * (run.server.mainThreadCpuMicros() - main0)) / wallMicros,
      kbPerTablet: (m1.rssKb - m0.rssKb) / n,
      heapKbPerTablet: m1.heapKb !== null && m0.heapKb !== null ? (m1.heapKb - m0.heapKb) / n : null,
      framesPerTabletMin: (run.tablets.reduce((s, t) => s + t.frames, 0) - frames0) / n / (wallMicros / 60e6),
      closes: run.closes,
      serverLog: run.serverLog(),
    };
  });
}

export interface JoinPlan {
  notes: number;
  /** How many concerns the restoring tablet's copy lacks. */
  behind: number;
  joins: number;
  /** Standing tablets and the rate for the busy part; tablets 0 skips it. */
  busyTablets: number;
  busyRate: number;
  busyJoinsPerSecond: number;
  /** Yishi: expert connections that seed the board. */
  seedWriters: number;
}

export interface QuietJoins {
  /** Server CPU per join, minus the quiet server's own, in ms. */
  cpuMs: number;
  p50: number;
  max: number;
  failed: number;
}

export interface JoinResult {
  label: string;
  notes: number;
  seedS: number;
  /** New tablets on the board before it was seeded: the cost of a connection itself. */
  bare: QuietJoins;
  empty: QuietJoins;
  restoring: QuietJoins;
  /** Steps without, with and again without joins; `baseP99` is the mean p99 of the two without. */
  busy: { before: StepResult; withJoins: StepResult; after: StepResult; baseP99: number } | null;
  serverLog: string[];
}

/**
 * Writes `count` concerns as fast as the writers are allowed, waiting for every ack: each writer
 * at most `perWriterRate` a second (Yishi's command limit; Infinity for the peers). Hammering
 * past the limit and retrying what was refused would get a writer disconnected as a flood (100
 * refusals in 10 s) with its commands in flight unanswered.
 */
async function seed(run: HallRun, writers: Writer[], count: number, perWriterRate: number): Promise<void> {
  let next = 0;
  const first = run.nextId;
  run.nextId += count;
  const refusedFor: string[] = [];
  const gapMs = 1000 / perWriterRate;
  await Promise.all(
    writers.map(async (writer) => {
      const inFlight = new Set<Promise<void>>();
      let dueAt = performance.now();
      while (next < count) {
        const wait = dueAt - performance.now();
        if (wait > 0) await sleep(wait);
        dueAt = Math.max(dueAt, performance.now() - gapMs) + gapMs;
        if (next >= count) break;
        const id = first + next++;
        const p = (async () => {
          for (let attempt = 0; ; attempt++) {
            const r = await writer.add(id);
            if (r.ok) return;
            if (r.code !== 'RATE_LIMITED' || attempt >= 40) {
              refusedFor.push(r.code);
              return;
            }
            await sleep(500);
          }
        })().finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= 8) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
  if (refusedFor.length) throw new Error(`seeding: ${refusedFor.length} concerns refused (${[...new Set(refusedFor)].join(', ')})`);
}

/** Unmeasured joins before each measured series: the first ones pay for JIT compilation and first encodings. */
const warmJoins = 5;

/** Tablet identities one quiet series uses. */
const seriesSize = (joins: number) => warmJoins + joins;

/**
 * Joins one after another from tablet identity `from` on: `warmJoins` closed at once, then `k`
 * measured. The measured ones stay connected until the server's CPU time is read, so a join's
 * cost does not include its leaving; the quiet server's own CPU over the same time is subtracted.
 */
async function quietJoins(run: HallRun, from: number, k: number, stateVector: Uint8Array | undefined): Promise<QuietJoins> {
  const connect = (i: number) => HallTablet.connect({ url: run.board.tabletUrl(i), wire: run.board.wire, index: i, stateVector, timeoutMs: 30_000 });
  // A quiet board: past the lull after the last write (Yishi renews its cached encoding for new
  // tablets then, and the warm-up joins pay for that, not the measured ones).
  await sleep(1500);
  for (let i = from; i < from + warmJoins; i++) (await connect(i)).close();
  from += warmJoins;
  await sleep(500);
  const baseCpu0 = run.server.cpuMicros();
  const b0 = performance.now();
  await sleep(2000);
  const idleMicrosPerMs = (run.server.cpuMicros() - baseCpu0) / (performance.now() - b0);
  const latency = new Histogram();
  const joined: HallTablet[] = [];
  let failed = 0;
  const cpu0 = run.server.cpuMicros();
  const t0 = performance.now();
  for (let i = from; i < from + k; i++) {
    try {
      const t = await connect(i);
      latency.add(t.syncedAt - t.startedAt);
      joined.push(t);
    } catch {
      failed++;
    }
  }
  // Let the server finish with the last join (its greeting, presence) before reading its CPU time.
  await sleep(200);
  const cpuMicros = run.server.cpuMicros() - cpu0 - idleMicrosPerMs * (performance.now() - t0);
  for (const t of joined) t.close();
  await sleep(500);
  return { cpuMs: cpuMicros / 1000 / Math.max(1, k - failed), p50: latency.quantile(0.5), max: latency.count ? latency.max : NaN, failed };
}

/** Joins on a board of `notes` concerns: new tablets and restoring ones on the quiet board, then new ones during a busy step. */
export async function runJoins(spec: ServerSpec, p: JoinPlan, t: Timing, w: WriterPlan, progress: (s: string) => void): Promise<JoinResult> {
  return withRun(spec, async (run) => {
    const busyJoins = Math.ceil(p.busyJoinsPerSecond * t.seconds) + 1;
    // Identities: standing tablets, the snapshot reader, quiet joins (new, then restoring), busy joins.
    const snapshotAt = p.busyTablets;
    const quietFrom = snapshotAt + 1;
    const busyFrom = quietFrom + 3 * seriesSize(p.joins);
    await run.board.ensureTablets(busyFrom + busyJoins);
    const writers = await run.board.writers(spec.kind === 'yishi' ? p.seedWriters : w.peerWriters);
    // What a join costs before there is anything to send: the connection itself.
    const bare = await quietJoins(run, quietFrom, p.joins, undefined);
    const s0 = performance.now();
    const seedRate = spec.kind === 'yishi' ? w.writerRate : Infinity;
    await seed(run, writers, p.notes - p.behind, seedRate);
    const reader = await HallTablet.connect({ url: run.board.tabletUrl(snapshotAt), wire: run.board.wire, index: snapshotAt, keepStep2: true, timeoutMs: 60_000 });
    // The changes since a cached encoding come just before the step 2.
    const stateVector = Y.encodeStateVectorFromUpdate(Y.mergeUpdates([reader.step2!, ...reader.updates]));
    const copyKb = [reader.step2!, ...reader.updates].reduce((n, u) => n + u.byteLength, 0) / 1024;
    const wireKb = reader.syncWireBytes / 1024;
    reader.close();
    await seed(run, writers, p.behind, seedRate);
    const seedS = (performance.now() - s0) / 1000;
    progress(`  ${spec.label}: ${p.notes} concerns seeded in ${seedS.toFixed(1)} s; a new tablet's copy of the first ${p.notes - p.behind}: ${copyKb.toFixed(0)} KB, ${wireKb.toFixed(0)} KB on the wire`);
    const empty = await quietJoins(run, quietFrom + seriesSize(p.joins), p.joins, undefined);
    const restoring = await quietJoins(run, quietFrom + 2 * seriesSize(p.joins), p.joins, stateVector);
    progress(`  ${spec.label}: quiet joins, server CPU each: ${bare.cpuMs.toFixed(2)} ms on the empty board, ${empty.cpuMs.toFixed(2)} ms new, ${restoring.cpuMs.toFixed(2)} ms restoring`);
    let busy: JoinResult['busy'] = null;
    if (p.busyTablets > 0) {
      await run.connectTablets(p.busyTablets);
      const plan = { rate: p.busyRate, ...t, writers: writersFor(spec, p.busyRate, w) };
      // Without, with, without: the board grows and the process ages from step to step, so the
      // joins are compared with the steps on either side of them.
      const before = await runStep(run, plan);
      await sleep(1000);
      const withJoins = await runStep(run, { ...plan, joins: { perSecond: p.busyJoinsPerSecond, from: busyFrom } });
      await sleep(1000);
      const after = await runStep(run, plan);
      busy = { before, withJoins, after, baseP99: (before.p99 + after.p99) / 2 };
      progress(`  ${spec.label}: busy board p99 ${before.p99.toFixed(1)} ms, with ${p.busyJoinsPerSecond} joins/s ${withJoins.p99.toFixed(1)} ms, then without ${after.p99.toFixed(1)} ms`);
    }
    return { label: spec.label, notes: p.notes, seedS, bare, empty, restoring, busy, serverLog: run.serverLog() };
  });
}

export interface CursorPlan {
  tablets: number;
  rate: number;
  /** Moderators moving cursors, and how many awareness states each sends a second. */
  count: number;
  hz: number;
}

export interface CursorResult {
  label: string;
  plan: CursorPlan;
  before: StepResult;
  withCursors: StepResult;
  after: StepResult;
  /** Awareness frames each moderator received a second while the cursors moved. */
  awarenessPerModeratorS: number;
  serverLog: string[];
}

/**
 * A busy hall with moderators moving cursors: a step without, one with `count` cursors at `hz`,
 * one without again (the board grows from step to step, so the cursors are compared with the
 * steps on either side). The moderators are board connections that receive others' cursors.
 */
export async function runCursors(spec: ServerSpec, p: CursorPlan, t: Timing, w: WriterPlan, progress: (s: string) => void): Promise<CursorResult> {
  return withRun(spec, async (run) => {
    await run.connectTablets(p.tablets);
    let awareness = 0;
    const moderators: HallTablet[] = [];
    for (let i = 0; i < p.count; i++) {
      moderators.push(
        await HallTablet.connect({
          url: await run.board.moderatorUrl(i), wire: run.board.wire, index: -1 - i, timeoutMs: 30_000,
          onMessage: (_t, type) => {
            if (type === messageAwareness) awareness++;
          },
        }),
      );
    }
    const plan = { rate: p.rate, ...t, writers: writersFor(spec, p.rate, w) };
    try {
      const before = await runStep(run, plan);
      await sleep(1000);
      moderators.forEach((m, i) => m.startCursor(900_000 + i, `Moderator ${i}`, p.hz));
      const a0 = awareness;
      const t0 = performance.now();
      const withCursors = await runStep(run, plan);
      const awarenessPerModeratorS = (awareness - a0) / Math.max(1, p.count) / ((performance.now() - t0) / 1000);
      for (const m of moderators) m.stopAwareness();
      await sleep(1000);
      const after = await runStep(run, plan);
      progress(`  ${spec.label}: p99 ${before.p99.toFixed(1)} ms, with ${p.count} cursors at ${p.hz} Hz ${withCursors.p99.toFixed(1)} ms, then without ${after.p99.toFixed(1)} ms`);
      return { label: spec.label, plan: p, before, withCursors, after, awarenessPerModeratorS, serverLog: run.serverLog() };
    } finally {
      for (const m of moderators) m.close();
    }
  });
}
