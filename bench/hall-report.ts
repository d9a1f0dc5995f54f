/** The hall benchmark's tables (load, ceiling, idle, joins, cursors), its per-run notes and the issue's targets checked. */
import { fmt } from './report.ts';
import type { Ceiling, CursorResult, IdleResult, JoinResult, LoadResult } from './hall-scenarios.ts';
import type { StepResult } from './hall-step.ts';

/** Prints a table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export interface LoadRow {
  label: string;
  tablets: number;
  result: LoadResult;
}

export function printLoad(rows: LoadRow[], rates: number[]): void {
  const kbPerTablet = new Map<StepResult, number>();
  const steps = rows.flatMap((r) => r.result.steps.filter((s) => rates.includes(s.rate) && !s.superseded).map((s) => (kbPerTablet.set(s, r.result.kbPerTablet), s)));
  if (steps.length === 0) return;
  console.log('\nConcerns to a hall of tablets (the table\'s rates; ceiling-search steps are in the notes)');
  steps.sort((a, b) => a.tablets - b.tablets || a.rate - b.rate);
  table(
    ['server', 'tablets', 'R/s', 'writers', 'delivered %', 'p50 ms', 'p99 ms', 'max ms', 'ack p50', 'ack p99', 'server core %', 'frames/tablet/s', 'KB/tablet/s', 'KB/tablet', 'RSS MB', 'load gen %', 'other %'],
    steps.map((s) => [
      s.label, String(s.tablets), String(s.rate), String(s.writers), fmt(s.deliveredPct, 2), fmt(s.p50), fmt(s.p99), fmt(s.max), fmt(s.ackP50), fmt(s.ackP99),
      fmt(s.serverCorePct), fmt(s.framesPerTabletS), fmt(s.kbPerTabletS, 2), fmt(kbPerTablet.get(s) ?? NaN), fmt(s.rssMb, 0), fmt(s.loadGenCorePct, 0), fmt(s.otherPct, 0),
    ]),
  );
}

export function printCeilings(ceilings: Ceiling[], p99Ms: number): void {
  if (ceilings.length === 0) return;
  console.log(`\nCeiling: the highest rate at which every concern reached every tablet with p99 ≤ ${p99Ms} ms (every lower rate passing too)`);
  const ref = (n: number) => ceilings.find((c) => c.label === 'reference' && c.tablets === n)?.pass ?? null;
  table(
    ['server', 'tablets', 'ceiling R/s', 'first failing R/s', 'why it failed', '× reference'],
    ceilings.map((c) => {
      const r = ref(c.tablets);
      return [c.label, String(c.tablets), c.pass === null ? 'none' : `≥ ${c.pass}`, c.fail === null ? '-' : String(c.fail), c.why, r && c.pass !== null ? `${fmt(c.pass / r, 2)}×` : 'n/a'];
    }),
  );
}

export function printIdle(results: IdleResult[]): void {
  if (results.length === 0) return;
  console.log('\nIdle tablets (a Yjs connection with awareness renewed every 15 s each, and a Socket.IO connection on Yishi)');
  table(
    ['server', 'tablets', 'server core %', 'main thread %', 'KB/tablet', 'heap KB/tablet', 'frames/tablet/min'],
    results.map((r) => [r.label, String(r.tablets), fmt(r.corePct, 2), fmt(r.mainThreadPct, 2), fmt(r.kbPerTablet), r.heapKbPerTablet === null ? '-' : fmt(r.heapKbPerTablet), fmt(r.framesPerTabletMin)]),
  );
}

export function printJoins(results: JoinResult[]): void {
  if (results.length === 0) return;
  console.log(
    '\nJoins (quiet: one after another, server CPU per join and join time upgrade → sync step 2; "empty board": before seeding, the connection alone;' +
      '\n  busy: p99 of the standing tablets in steps without, with, and again without joins; "without" is the mean of the two)',
  );
  table(
    ['server', 'concerns', 'empty board: CPU ms', 'new: CPU ms', 'new: p50 ms', 'restoring: CPU ms', 'restoring: p50 ms', 'busy p99 without', 'with joins', 'change', 'joins/s', 'join p50 ms'],
    results.map((r) => {
      const b = r.busy;
      return [
        r.label, String(r.notes), fmt(r.bare.cpuMs, 2), fmt(r.empty.cpuMs, 2), fmt(r.empty.p50), fmt(r.restoring.cpuMs, 2), fmt(r.restoring.p50),
        b ? fmt(b.baseP99) : '-', b ? fmt(b.withJoins.p99) : '-', b ? `${fmt((100 * (b.withJoins.p99 - b.baseP99)) / b.baseP99, 0)}%` : '-',
        b?.withJoins.joins ? fmt(b.withJoins.joins.done / b.withJoins.seconds, 1) : '-', b?.withJoins.joins ? fmt(b.withJoins.joins.p50) : '-',
      ];
    }),
  );
}

/** The baseline of a with/without comparison: the mean of the steps on either side. */
const around = (r: CursorResult, f: (s: StepResult) => number) => (f(r.before) + f(r.after)) / 2;
const change = (base: number, now: number) => `${now >= base ? '+' : ''}${fmt((100 * (now - base)) / base, 0)}%`;

export function printCursors(results: CursorResult[]): void {
  if (results.length === 0) return;
  console.log('\nCursors (moderators moving their pointers during a busy step; "without" is the mean of the steps before and after)');
  table(
    ['server', 'tablets', 'R/s', 'cursors × Hz', 'p99 without', 'with cursors', 'change', 'ack p99 without', 'with', 'server % without', 'with', 'frames/tablet/s without', 'with', 'cursor frames/moderator/s'],
    results.map((r) => [
      r.label, String(r.plan.tablets), String(r.plan.rate), `${r.plan.count} × ${r.plan.hz}`,
      fmt(around(r, (s) => s.p99)), fmt(r.withCursors.p99), change(around(r, (s) => s.p99), r.withCursors.p99),
      fmt(around(r, (s) => s.ackP99)), fmt(r.withCursors.ackP99),
      fmt(around(r, (s) => s.serverCorePct)), fmt(r.withCursors.serverCorePct),
      fmt(around(r, (s) => s.framesPerTabletS)), fmt(r.withCursors.framesPerTabletS), fmt(r.awarenessPerModeratorS),
    ]),
  );
}

function stepNote(s: StepResult): string {
  return (
    `    R=${s.rate}/s${s.superseded ? ' (failed, run again)' : ''} writers ${s.writers}: writes ${s.writes} (failed ${s.failed}), deliveries ${s.deliveries}/${s.expected}, p50/p99/max ${fmt(s.p50)}/${fmt(s.p99)}/${fmt(s.max)} ms, ` +
    `ack ${s.acks} p50/p99/max ${fmt(s.ackP50)}/${fmt(s.ackP99)}/${fmt(s.ackMax)} ms, server ${fmt(s.serverCorePct)}% (main thread ${fmt(s.serverMainThreadPct)}%), ` +
    `load generator ${fmt(s.loadGenCorePct)}%, other ${fmt(s.otherPct)}%, steal ${fmt(s.stealPct)}%, drain ${fmt(s.drainMs, 0)} ms` +
    (s.backlog || s.unacked ? `, STILL MISSING after the drain: ${s.backlog} concerns, ${s.unacked} acks` : '') +
    (s.duplicates || s.unknown ? `, duplicates ${s.duplicates}, unknown markers ${s.unknown}` : '') +
    (s.closes.length ? `, ${s.closes.length} tablets CLOSED (first: ${s.closes[0]!.code} "${s.closes[0]!.reason}")` : '') +
    (Object.keys(s.refused).length ? `, REFUSED: ${Object.entries(s.refused).map(([c, k]) => `${c} ×${k}`).join(', ')}` : '') +
    (s.joins ? `, joins ${s.joins.done} (failed ${s.joins.failed}) p50/max ${fmt(s.joins.p50)}/${fmt(s.joins.max)} ms` : '')
  );
}

export function printNotes(load: LoadRow[], idle: IdleResult[], joins: JoinResult[], cursors: CursorResult[]): void {
  console.log('\nper run:');
  for (const r of load) {
    console.log(`  load ${r.label} N=${r.tablets}: connect+sync ${fmt(r.result.connectS)} s, ${fmt(r.result.kbPerTablet)} KB/tablet, markers outside a step ${r.result.strayMarkers}`);
    for (const s of r.result.steps) console.log(stepNote(s));
    for (const l of r.result.serverLog.slice(0, 5)) console.log(`    server log: ${l.slice(0, 300)}`);
  }
  for (const r of idle) {
    console.log(`  idle ${r.label} N=${r.tablets}: ${r.closes.length} closes${r.closes.length ? ` (first: ${r.closes[0]!.code} "${r.closes[0]!.reason}")` : ''}`);
    for (const l of r.serverLog.slice(0, 5)) console.log(`    server log: ${l.slice(0, 300)}`);
  }
  for (const r of joins) {
    console.log(`  joins ${r.label}: empty-board joins failed ${r.bare.failed}, p50/max ${fmt(r.bare.p50)}/${fmt(r.bare.max)} ms; seeded ${r.notes} in ${fmt(r.seedS)} s; new joins failed ${r.empty.failed}, max ${fmt(r.empty.max)} ms; restoring failed ${r.restoring.failed}, max ${fmt(r.restoring.max)} ms`);
    if (r.busy) for (const s of [r.busy.before, r.busy.withJoins, r.busy.after]) console.log(stepNote(s));
    for (const l of r.serverLog.slice(0, 5)) console.log(`    server log: ${l.slice(0, 300)}`);
  }
  for (const r of cursors) {
    console.log(`  cursors ${r.label} N=${r.plan.tablets}: without, with ${r.plan.count} cursors at ${r.plan.hz} Hz, without`);
    for (const s of [r.before, r.withCursors, r.after]) console.log(stepNote(s));
    for (const l of r.serverLog.slice(0, 5)) console.log(`    server log: ${l.slice(0, 300)}`);
  }
}

/** The issue's targets for Yishi, each met, not met, or not measured by this run's options. */
export function printTargets(load: LoadRow[], ceilings: Ceiling[], idle: IdleResult[], joins: JoinResult[], cursors: CursorResult[]): void {
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'NOT MET');
  console.log('\ntargets (issue 16), per Yishi server:');
  for (const label of [...new Set([...load.map((r) => r.label), ...idle.map((r) => r.label), ...joins.map((r) => r.label), ...cursors.map((r) => r.label)])].filter((l) => l.startsWith('yishi'))) {
    const s = load.find((r) => r.label === label && r.tablets === 1000)?.result.steps.find((x) => x.rate === 200);
    console.log(`  ${label}: 1,000 tablets, 200 concerns/s: 100 % delivered, p99 ≤ 100 ms, ack p99 ≤ 100 ms: ${verdict(s ? s.deliveredPct === 100 && s.p99 <= 100 && s.ackP99 <= 100 : null)}` + (s ? ` (${fmt(s.deliveredPct, 2)}%, ${fmt(s.p99)} ms, ${fmt(s.ackP99)} ms)` : ''));
    const c = ceilings.find((x) => x.label === label && x.tablets === 1000);
    const ref = ceilings.find((x) => x.label === 'reference' && x.tablets === 1000);
    const ratio = c?.pass && ref?.pass ? c.pass / ref.pass : null;
    console.log(`  ${label}: ceiling at 1,000 tablets ≥ 5× the reference's: ${verdict(ratio === null ? null : ratio >= 5)}` + (ratio === null ? '' : ` (${fmt(ratio, 2)}×)`));
    const i = idle.find((x) => x.label === label && x.tablets === 1000);
    // RSS can even fall while tablets connect (V8 returns pages at a collection): the larger of it and the heap per tablet counts.
    const kb = i ? Math.max(i.kbPerTablet, i.heapKbPerTablet ?? -Infinity) : NaN;
    console.log(`  ${label}: 1,000 idle tablets ≤ 3 % of a core and ≤ 16 KB each: ${verdict(i ? i.corePct <= 3 && kb <= 16 : null)}` + (i ? ` (${fmt(i.corePct, 2)}%, ${fmt(kb)} KB, the larger of RSS and heap per tablet)` : ''));
    const j = joins.find((x) => x.label === label && x.notes === 5000);
    console.log(`  ${label}: joins on a quiet 5,000-concern board ≤ 1 ms (new) / ≤ 5 ms (restoring) of CPU: ${verdict(j ? j.empty.cpuMs <= 1 && j.restoring.cpuMs <= 5 : null)}` + (j ? ` (${fmt(j.empty.cpuMs, 2)} / ${fmt(j.restoring.cpuMs, 2)} ms)` : ''));
    const b = j?.busy;
    const busyOk = b && b.withJoins.rate === 200 && b.withJoins.tablets === 1000 ? b.withJoins.p99 <= b.baseP99 * 1.1 : null;
    console.log(`  ${label}: joins on a busy board (1,000 tablets, 200 concerns/s) raise p99 by ≤ 10 %: ${verdict(busyOk)}` + (b ? ` (${fmt(b.baseP99)} → ${fmt(b.withJoins.p99)} ms, ${b.withJoins.tablets} tablets at ${b.withJoins.rate}/s)` : ''));
    // "Must not dent the figures": read here as the joins' rule, p99 and ack p99 within +10 % of the steps around.
    const k = cursors.find((x) => x.label === label);
    const full = k && k.plan.tablets === 1000 && k.plan.rate === 200 && k.plan.count >= 5 && k.plan.hz >= 5;
    const cursorsOk = k && full ? k.withCursors.p99 <= around(k, (s) => s.p99) * 1.1 && k.withCursors.ackP99 <= around(k, (s) => s.ackP99) * 1.1 : null;
    console.log(`  ${label}: five moderators' cursors at 5 Hz (1,000 tablets, 200 concerns/s) raise p99 and ack p99 by ≤ 10 %: ${verdict(cursorsOk)}` +
      (k ? ` (p99 ${fmt(around(k, (s) => s.p99))} → ${fmt(k.withCursors.p99)} ms, ack p99 ${fmt(around(k, (s) => s.ackP99))} → ${fmt(k.withCursors.ackP99)} ms, ${k.plan.count} × ${k.plan.hz} Hz at ${k.plan.tablets} tablets, ${k.plan.rate}/s)` : ''));
  }
}
