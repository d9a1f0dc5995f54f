/**
 * What the render benchmark does in the page: how long until every concern is on the board,
 * and the frame times (requestAnimationFrame deltas) and main-thread time while a finger pans
 * the board, driven by real touch events through the DevTools protocol.
 */
import type { CDPSession, Page } from 'playwright-core';

/** Frame times of one scripted pan. */
export interface PanResult {
  /** requestAnimationFrame deltas in ms, in order. */
  deltas: number[];
  /** Renderer main-thread busy time over the pan (CDP Performance TaskDuration), ms. */
  mainMs: number;
  /** Touch moves the page accepted (the input rate drops when the page is busy). */
  moves: number;
  /** Concern cards drawn as DOM elements (`.tnote`) at the end of the pan. */
  cards: number;
  /** The board's zoom during the pan. */
  scale: number;
}

/**
 * Installed before any page script: records when the board first holds `n` concern cards
 * (`[data-note]` in the board view) and, if the view draws them as one picture, when the
 * picture (`.tboard__picture`) says it holds them (`data-drawn`), measured after the next frame so it is painted.
 */
export function drawnProbe(n: number): string {
  return `(() => {
    const n = ${n};
    const ready = () => {
      const view = document.querySelector('.tboard__viewport');
      if (!view || view.querySelectorAll('[data-note]').length < n) return false;
      const picture = view.querySelector('.tboard__picture');
      return !picture || Number(picture.getAttribute('data-drawn')) >= n;
    };
    const poll = () => {
      if (ready()) requestAnimationFrame(() => setTimeout(() => { window.__benchDrawnAt = performance.now(); }, 0));
      else setTimeout(poll, 25);
    };
    setTimeout(poll, 25);
  })();`;
}

/** Milliseconds from navigation start until all concerns were drawn (waits up to `timeoutMs`). */
export async function waitDrawn(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { __benchDrawnAt?: number }).__benchDrawnAt, undefined, { timeout: timeoutMs, polling: 100 });
  return Number(await handle.jsonValue());
}

/** The board's current zoom, read from the transform of its pannable layer. */
export async function boardScale(page: Page): Promise<number> {
  return page.evaluate(() => {
    const world = document.querySelector<HTMLElement>('.tboard__world');
    const m = world ? /scale\(([\d.]+)\)/.exec(world.style.transform) : null;
    return m ? Number(m[1]) : NaN;
  });
}

/** Clicks "Zoom in" until the board is shown at `target` zoom or more. */
export async function zoomTo(page: Page, target: number): Promise<number> {
  const button = page.getByRole('button', { name: 'Zoom in' });
  for (let i = 0; i < 30 && (await boardScale(page)) < target; i++) {
    await button.click();
    await page.waitForTimeout(120);
  }
  return boardScale(page);
}

/** What a --trace file records: the main thread's tasks, rendering stages and frames. */
const traceCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'viz', 'benchmark'];

const taskMs = async (cdp: CDPSession): Promise<number> => {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
};

/**
 * One finger on the middle of the board moving on an ellipse (±`amplitude` px, one turn per
 * 2 s) for `seconds`, a touch move every ~16 ms of wall-clock time, while the page records
 * the time of every animation frame.
 */
export async function pan(page: Page, cdp: CDPSession, seconds: number, trace: string | null = null, amplitude = 220): Promise<PanResult> {
  const box = await page.locator('.tboard__viewport').boundingBox();
  if (!box) throw new Error('no board on the page');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // A string, not a function: tsx's name-keeping helper does not exist in the page.
  await page.evaluate(`(() => {
    window.__benchFrames = [];
    window.__benchRecording = true;
    const tick = (t) => {
      if (!window.__benchRecording) return;
      window.__benchFrames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const before = await taskMs(cdp);
  if (trace) await page.context().browser()!.startTracing(page, { path: trace, categories: traceCategories });
  const point = (t: number) => ({ x: cx + amplitude * Math.sin((2 * Math.PI * t) / 2000), y: cy + amplitude * 0.5 * (1 - Math.cos((2 * Math.PI * t) / 2000)) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(0)] });
  const start = Date.now();
  let moves = 0;
  for (let t = 0; t < seconds * 1000; t = Date.now() - start) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(t)] });
    moves++;
    const wait = 16 - ((Date.now() - start) % 16);
    await new Promise((r) => setTimeout(r, wait));
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const mainMs = (await taskMs(cdp)) - before;
  if (trace) await page.context().browser()!.stopTracing();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __benchFrames: number[]; __benchRecording: boolean };
    w.__benchRecording = false;
    return w.__benchFrames;
  });
  const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
  const cards = await page.locator('.tboard__viewport .tnote').count();
  return { deltas, mainMs, moves, cards, scale: await boardScale(page) };
}
