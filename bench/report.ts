/** The results table (medians over repeats, Yishi/reference ratios) and the per-run notes. */
import type { RunResult } from './run.ts';

export const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Row {
  kind: string;
  clients: number;
  runs: RunResult[];
}

const columns: { head: string; value: (runs: RunResult[]) => number; digits: number; ratio: boolean }[] = [
  { head: 'writes', value: (r) => median(r.map((x) => x.writes)), digits: 0, ratio: false },
  { head: 'deliveries', value: (r) => median(r.map((x) => x.deliveries)), digits: 0, ratio: false },
  { head: 'missing', value: (r) => Math.max(...r.map((x) => x.missing)), digits: 0, ratio: false },
  { head: 'p50 ms', value: (r) => median(r.map((x) => x.p50)), digits: 1, ratio: true },
  { head: 'p99 ms', value: (r) => median(r.map((x) => x.p99)), digits: 1, ratio: true },
  { head: 'max ms', value: (r) => median(r.map((x) => x.max)), digits: 1, ratio: true },
  { head: 'CPU µs/delivery', value: (r) => median(r.map((x) => x.cpuUsPerDelivery)), digits: 2, ratio: true },
  { head: 'server core %', value: (r) => median(r.map((x) => x.serverCorePct)), digits: 1, ratio: true },
  { head: 'KB/connection', value: (r) => median(r.map((x) => x.kbPerConnection)), digits: 1, ratio: true },
  { head: 'other load %', value: (r) => median(r.map((x) => x.otherPct)), digits: 0, ratio: false },
];

export function printTable(results: RunResult[]): void {
  const repeats = Math.max(...results.map((r) => results.filter((x) => x.kind === r.kind && x.clients === r.clients).length));
  const groups: Row[] = [];
  for (const r of results) {
    const g = groups.find((x) => x.kind === r.kind && x.clients === r.clients);
    if (g) g.runs.push(r);
    else groups.push({ kind: r.kind, clients: r.clients, runs: [r] });
  }
  const header = ['server', 'clients', ...columns.map((c) => c.head), ...(repeats > 1 ? ['p99 range'] : [])];
  const rows: string[][] = [];
  for (const n of [...new Set(groups.map((g) => g.clients))]) {
    const byKind = groups.filter((g) => g.clients === n);
    for (const g of byKind) {
      const p99s = g.runs.map((r) => r.p99);
      rows.push([g.kind, String(n), ...columns.map((c) => fmt(c.value(g.runs), c.digits)), ...(repeats > 1 ? [`${fmt(Math.min(...p99s))}–${fmt(Math.max(...p99s))}`] : [])]);
    }
    const y = byKind.find((g) => g.kind === 'yishi');
    const ref = byKind.find((g) => g.kind === 'reference');
    if (y && ref) {
      rows.push(['yishi/ref', String(n), ...columns.map((c) => (c.ratio ? `${fmt(c.value(y.runs) / c.value(ref.runs), 2)}×` : '')), ...(repeats > 1 ? [''] : [])]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  if (repeats > 1) console.log(`medians over ${repeats} runs per row ('missing': the worst run)`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function printRunNotes(results: RunResult[]): void {
  console.log('\nper run:');
  for (const r of results) {
    console.log(
      `  ${r.kind} N=${r.clients}: p50/p99/max ${fmt(r.p50)}/${fmt(r.p99)}/${fmt(r.max)} ms, setup ${fmt(r.setupMs / 1000)} s, connect+sync ${fmt(r.connectMs / 1000)} s, ` +
        `drain ${fmt(r.drainMs)} ms, server ${fmt(r.serverCorePct)}% of core 0 (main thread ${fmt(r.serverMainThreadPct)}%), load generator ${fmt(r.loadGenCorePct)}% of core 1, cores busy ${r.corePct.map((c) => `${fmt(c)}%`).join('/')}, ` +
        `other load ${fmt(r.otherPct)}%, steal ${fmt(r.stealPct)}%, echoes to writers ${r.echoes}, duplicates ${r.duplicates}, unknown ids ${r.unknownIds}, other frames ${r.otherFrames}`,
    );
    for (const c of r.closes.slice(0, 10)) console.log(`    CLOSED: client ${c.client} code ${c.code} reason "${c.reason}" ${c.atSecond === null ? 'before writes began' : `at ${fmt(c.atSecond)} s after writes began`}`);
    if (r.closes.length > 10) console.log(`    … ${r.closes.length - 10} more closes`);
    for (const l of r.serverLog.slice(0, 5)) console.log(`    server log: ${l.slice(0, 300)}`);
  }
}
