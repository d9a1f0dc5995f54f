/**
 * Steps the cross-screen browser scenarios share: people doing things through the screens
 * (joining by the big screen's link, posting a concern, a finger drag, moving the console's
 * step), located by role and accessible name in English, waiting on the UI, never on a clock.
 */
import jsQR from 'jsqr';
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';
import { axeViolations } from './harness.ts';
import type { BrowserRig } from './harness.ts';

/** Fails with the violations listed when axe-core finds any on the page as it is now. */
export async function expectAxeClean(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${where}`).toEqual([]);
}

/** A locator's box once it stopped moving (the board fits itself to new content over a few frames). */
export async function steadyBox(loc: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await loc.boundingBox());
      const same = now === last && now !== 'null';
      last = now;
      return same;
    }, { timeout: 10_000, interval: 100 })
    .toBe(true);
  return JSON.parse(last) as { x: number; y: number; width: number; height: number };
}

/** The middle of a steady box. */
export async function centerOf(loc: Locator): Promise<{ x: number; y: number }> {
  const b = await steadyBox(loc);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** A finger drag (real touch events through the DevTools protocol). */
export async function touchDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  // A finger placing a card rests a moment before lifting; lifting mid-swipe would be a fling,
  // and Chromium swallows the next tap to stop a fling.
  await page.waitForTimeout(120);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: to.x, y: to.y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** What a phone camera reads from a QR code as the page shows it (a screenshot, decoded), or null. */
export async function scanQr(qr: Locator): Promise<string | null> {
  const { data, info } = await sharp(await qr.screenshot()).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}

const frames = new WeakMap<Page, string[]>();

/** Starts keeping every websocket frame the page receives from now on (Socket.IO and Yjs). */
export function watchFrames(page: Page): void {
  const seen: string[] = [];
  frames.set(page, seen);
  page.on('websocket', (ws) => ws.on('framereceived', (f) => seen.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1'))));
}

/** The frames a watched page received so far (Yjs updates as latin1, so map keys read as text). */
export function framesOf(page: Page): string[] {
  return frames.get(page) ?? [];
}

/** A resident opens the join link on a new tablet, gives a name and taps Join; resolves on their board (frames watched). */
export async function joinByLink(rig: BrowserRig, joinPath: string, title: string, name: string, locale: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const page = await rig.open('tablet', joinPath, { locale });
  watchFrames(page);
  page.setDefaultTimeout(15_000);
  await page.getByRole('heading', { name: `Join “${title}”` }).waitFor();
  await page.getByRole('textbox', { name: 'Your name (optional)' }).fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).tap();
  await page.waitForURL(/\/b\//);
  await page.getByRole('button', { name: 'Add a concern' }).waitFor();
  return page;
}

/** "Add a concern", type, "Post"; resolves once the tablet lists it as on the board. */
export async function addConcern(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a concern' }).tap();
  await page.getByRole('textbox', { name: 'Your concern' }).fill(text);
  await page.getByRole('button', { name: 'Post' }).tap();
  await page.getByRole('region', { name: /^My concerns/ }).getByRole('listitem').filter({ hasText: text }).getByText('On the board').waitFor();
}

/** The console's live result line says `text`. */
export async function consoleSays(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

/** The facilitator moves this board to a step (one forward; a jump gives its reason in the dialog). */
export async function consoleStep(page: Page, n: number, phase: string, reason?: string): Promise<void> {
  await page.getByRole('button', { name: `${n} ${phase}`, exact: true }).click();
  if (reason) {
    await page.getByRole('dialog').getByRole('textbox').fill(reason);
    await page.getByRole('button', { name: 'Skip ahead' }).click();
  }
  await consoleSays(page, `Now in step “${phase}”.`);
}

/** Opens a console tab by its name (tabs may carry a count badge after the name). */
export async function consoleTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
}

/** Answers the console's one-line dialog (add a space, a slot…). */
export async function answerDialog(page: Page, label: string, value: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: label }).fill(value);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
