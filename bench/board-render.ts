/**
 * `npm run bench:render [-- --notes 200,2000 --throttle 4 --seconds 5 --themes 20 --zoom 0.5 --trace DIR]`
 * (or BENCH_NOTES, BENCH_THROTTLE, BENCH_SECONDS, BENCH_THEMES, BENCH_ZOOM, BENCH_TRACE)
 *
 * The resident tablet's board in Chromium: for each board size, a real Yishi server (in this
 * process, serving a fresh client build) holds a board of N concerns in 20 themes, a resident
 * opens it on a touch tablet with the CPU slowed down `--throttle` times (CDP
 * Emulation.setCPUThrottlingRate), and the run reports how long until every concern was drawn
 * and the frame times while a finger pans the board, once with the whole board in view ("Show
 * all") and once zoomed in to `--zoom`. All sizes run in the same run, and the table gives the
 * ratio of the largest to the smallest.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { command, connectSocket, createSession, join } from '../tests/helpers/clients.ts';
import { startServer } from '../tests/helpers/test-server.ts';
import { fillBoard } from './render-fill.ts';
import { boardScale, drawnProbe, pan, waitDrawn, zoomTo } from './render-page.ts';
import type { PanResult } from './render-page.ts';
import { readOptions } from './options.ts';

interface Params {
  notes: number[];
  throttle: number;
  seconds: number;
  themes: number;
  zoom: number;
  /** A folder to write a Chromium trace of each pan to (open in chrome://tracing or DevTools). */
  trace: string | null;
}

function parseParams(argv: string[]): Params {
  const { get, positive } = readOptions(argv, ['notes', 'throttle', 'seconds', 'themes', 'zoom', 'trace']);
  return {
    notes: get('notes', '200,2000').split(',').map((v) => Math.round(positive('notes', v))),
    throttle: positive('throttle', get('throttle', '4')),
    seconds: positive('seconds', get('seconds', '5')),
    themes: Math.round(positive('themes', get('themes', '20'))),
    zoom: positive('zoom', get('zoom', '0.5')),
    trace: get('trace', '') || null,
  };
}

/** Chromium flags that work on this machine kind (STACK.md, gotcha 4), as the browser tests use. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The tablet of tests/browser/harness.ts. */
const tablet = { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

interface Row {
  notes: number;
  drawnMs: number;
  fit: PanResult;
  zoomed: PanResult;
}

async function measure(base: string, app: Parameters<typeof fillBoard>[0], browser: Browser, n: number, p: Params): Promise<Row> {
  const session = await createSession(base, `Render bench ${n}`, { residentsSort: true });
  const boardId = session.boards[0]!.id;
  const resident = await join(base, session.joinCode, { name: 'Bench' });
  await fillBoard(app, session.sessionId, boardId, session.participantId, n, p.themes);
  const fac = await connectSocket(base, session.facilitatorToken);
  const phase = await command(fac, 'phase:set', { boardId, phase: 'cluster' });
  fac.close();
  if (!phase.ok) throw new Error(`phase:set: ${JSON.stringify(phase.error)}`);

  const ctx = await browser.newContext({ ...tablet, locale: 'en', baseURL: base });
  try {
    const entry = { sessionId: session.sessionId, token: resident.token, participantId: resident.participantId, role: 'resident', title: 'Bench', savedAt: Date.now() };
    await ctx.addInitScript((value: string) => localStorage.setItem('yishi.sessions', value), JSON.stringify({ [session.sessionId]: entry }));
    await ctx.addInitScript(drawnProbe(n));
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: p.throttle });
    await page.goto(`/b/${session.sessionId}/${boardId}`);
    const drawnMs = await waitDrawn(page, 120_000 * p.throttle);
    await page.locator('.tboard__viewport').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await page.getByRole('button', { name: 'Show all' }).click();
    await page.waitForTimeout(800);
    const traceFile = (view: string) => (p.trace ? path.join(p.trace, `pan-${n}-${view}.json`) : null);
    const fit = await pan(page, cdp, p.seconds, traceFile('fit'));
    await page.getByRole('button', { name: 'Show all' }).click();
    await page.waitForTimeout(300);
    await zoomTo(page, p.zoom);
    // Let the view settle and the concerns near it be drawn before the finger goes down.
    await page.waitForTimeout(1500);
    const zoomed = await pan(page, cdp, p.seconds, traceFile('zoomed'));
    if (!(zoomed.scale >= p.zoom)) throw new Error(`zoom reached ${await boardScale(page)}, wanted ${p.zoom}`);
    return { notes: n, drawnMs, fit, zoomed };
  } finally {
    await ctx.close();
  }
}

const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
/** A frame counts as over 16.7 ms (33.3 ms) past 18.7 ms (35.3 ms): 2 ms for timer jitter. */
const over = (d: number[], ms: number) => (100 * d.filter((x) => x > ms + 2).length) / Math.max(1, d.length);

const columns: { head: string; value: (r: Row, pan: PanResult) => number; digits: number; ratio: boolean }[] = [
  { head: 'drawn after ms', value: (r) => r.drawnMs, digits: 0, ratio: true },
  { head: 'zoom', value: (_, x) => x.scale, digits: 2, ratio: false },
  { head: 'DOM cards', value: (_, x) => x.cards, digits: 0, ratio: false },
  { head: 'frames', value: (_, x) => x.deltas.length, digits: 0, ratio: false },
  { head: 'median ms', value: (_, x) => quantile(x.deltas, 0.5), digits: 1, ratio: true },
  { head: 'p95 ms', value: (_, x) => quantile(x.deltas, 0.95), digits: 1, ratio: true },
  { head: 'max ms', value: (_, x) => Math.max(...x.deltas), digits: 1, ratio: true },
  { head: '% >16.7', value: (_, x) => over(x.deltas, 16.7), digits: 0, ratio: false },
  { head: '% >33.3', value: (_, x) => over(x.deltas, 33.3), digits: 0, ratio: false },
  { head: 'main ms/frame', value: (_, x) => x.mainMs / Math.max(1, x.deltas.length), digits: 1, ratio: true },
  { head: 'touch moves', value: (_, x) => x.moves, digits: 0, ratio: false },
];

function printTable(rows: Row[]): void {
  const header = ['view', 'notes', ...columns.map((c) => c.head)];
  const lines: string[][] = [];
  for (const view of ['fit', 'zoomed'] as const) {
    for (const r of rows) lines.push([view === 'fit' ? 'whole board' : 'zoomed in', String(r.notes), ...columns.map((c) => fmt(c.value(r, r[view]), c.digits))]);
    const small = rows[0]!;
    const big = rows[rows.length - 1]!;
    if (rows.length > 1) {
      lines.push([`ratio`, `${big.notes}/${small.notes}`, ...columns.map((c) => (c.ratio ? `${fmt(c.value(big, big[view]) / c.value(small, small[view]), 2)}×` : ''))]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

async function main(): Promise<void> {
  const p = parseParams(process.argv.slice(2));
  if (p.trace) mkdirSync(p.trace, { recursive: true });
  const clientDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-bench-client-'));
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir: clientDir, emptyOutDir: true } });
  const server = await startServer({}, { clientDir });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: chromiumArgs });
  console.log(`bench:render  notes=${p.notes.join(',')}  themes=${p.themes}  CPU throttling ${p.throttle}×  pan ${p.seconds} s per view  zoomed in to ≥ ${p.zoom}`);
  console.log(`Chromium ${browser.version()} (${chromiumArgs.includes('--disable-gpu') ? 'no GPU, software compositing' : 'GPU'})  tablet ${tablet.viewport.width}×${tablet.viewport.height} @${tablet.deviceScaleFactor}x, touch  node ${process.version}\n`);
  const rows: Row[] = [];
  try {
    for (const n of p.notes) {
      process.stdout.write(`${n} notes… `);
      const row = await measure(server.url, server.app, browser, n, p);
      rows.push(row);
      console.log(`drawn after ${fmt(row.drawnMs, 0)} ms`);
    }
    console.log('');
    printTable(rows);
    console.log('\nframe times are requestAnimationFrame deltas during a touch pan; "main ms/frame" is the renderer main thread\'s busy time (CDP TaskDuration, throttled) per frame; "drawn after" counts from navigation start.');
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
    rmSync(clientDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
