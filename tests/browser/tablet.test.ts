/**
 * The resident tablet in Chromium (touch, tablet viewport), in English and zh-CN: add concerns,
 * sort one into a theme by dragging it with a finger and one by "Move to theme…", vote with the
 * dots left always shown, co-draft an action's wording. The facilitator's side is driven over
 * Socket.IO and checked in its own Yjs copy of the board. Screenshots of each state; axe on each.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { BrowserContext, Page } from 'playwright-core';
import * as tabletStrings from '../../client/src/strings/tablet.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced } from '../helpers/clients.ts';
import type { ProviderClient } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';
import { touchDrag } from './ui-steps.ts';

const rig = useRig();

type Locale = 'en' | 'zh-CN';
const catalog = { en: tabletStrings.en, 'zh-CN': tabletStrings.zh };
/** A tablet string as the page shows it in `locale` (tests select by the English names; zh-CN by its own). */
const s = (locale: Locale, key: keyof typeof tabletStrings.en, vars: Record<string, string | number> = {}): string =>
  catalog[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

/** Puts the token where the app keeps it (session-store.ts), before any page script runs. */
async function signIn(ctx: BrowserContext, j: { sessionId: string; token: string; participantId: string; title: string }): Promise<void> {
  const entry = { sessionId: j.sessionId, token: j.token, participantId: j.participantId, role: 'resident', title: j.title, savedAt: Date.now() };
  await ctx.addInitScript((value: string) => {
    if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', value);
  }, JSON.stringify({ [j.sessionId]: entry }));
}

async function expectAxeClean(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

const center = async (page: Page, selector: string): Promise<{ x: number; y: number }> => {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`no box for ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

const noteFields = (doc: Y.Doc): { id: string; text: string; clusterId: string | null }[] =>
  [...(doc.getMap('notes') as Y.Map<Y.Map<unknown>>).entries()].map(([id, m]) => ({ id, text: String(m.get('text')), clusterId: (m.get('clusterId') as string | null) ?? null }));

describe('the resident tablet', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`runs a consultation from a touch tablet (${locale})`, async () => {
      const base = rig.server.url;
      const session = await createSession(base, locale === 'en' ? 'Courtyard lift' : '院子里的电梯', { residentsSort: true, dotsPerParticipant: 3, capPerTarget: 2 });
      const boardId = session.boards[0]!.id;
      const resident = await join(base, session.joinCode, { name: locale === 'en' ? 'Mrs Li' : '李阿姨' });
      const fac = await connectSocket(base, session.facilitatorToken);
      const facDoc: ProviderClient = connectProvider(rig.server.wsUrl, boardId, session.facilitatorToken);
      await synced(facDoc);
      const ctx = await rig.device('tablet', { locale });
      await signIn(ctx, resident);
      const page = await ctx.newPage();
      try {
        await page.goto(`/b/${session.sessionId}/${boardId}`);
        const tag = `tablet-${locale}`;

        // Gather: the one big action, three concerns.
        const texts = locale === 'en'
          ? ['The lift breaks down every week', 'No ramp at the back door', 'Bins overflow on Mondays']
          : ['电梯每周都坏', '后门没有坡道', '周一垃圾桶总是满的'];
        await page.getByRole('button', { name: s(locale, 'tablet.add.open') }).waitFor();
        await screenshot(page, `${tag}-1-gather-empty`);
        await expectAxeClean(page);
        for (const text of texts) {
          await page.getByRole('button', { name: s(locale, 'tablet.add.open') }).click();
          await page.getByRole('textbox', { name: s(locale, 'tablet.add.label') }).fill(text);
          if (text === texts[0]) {
            await screenshot(page, `${tag}-2-writing`);
            await expectAxeClean(page);
          }
          await page.getByRole('button', { name: s(locale, 'tablet.add.post') }).click();
          await page.locator('.tmine__item', { hasText: text }).getByText(s(locale, 'tablet.mine.onBoard')).waitFor();
        }
        await page.locator('.tboard .tnote').nth(2).waitFor();
        await eventually(() => expect(noteFields(facDoc.doc).map((n) => n.text).sort()).toEqual([...texts].sort()));
        await screenshot(page, `${tag}-3-gathered`);
        await expectAxeClean(page);

        // Cluster: the facilitator makes two themes; the resident sorts.
        const themes = locale === 'en' ? ['Lift', 'Access'] : ['电梯', '无障碍'];
        const t1 = await command(fac, 'cluster:add', { boardId, title: themes[0], x: 40, y: 420 });
        const t2 = await command(fac, 'cluster:add', { boardId, title: themes[1], x: 560, y: 420 });
        expect((await command(fac, 'phase:set', { boardId, phase: 'cluster' })).ok).toBe(true);
        await page.getByText(s(locale, 'tablet.board.sortHint')).waitFor();
        await page.getByRole('button', { name: s(locale, 'tablet.board.fit') }).click();
        await page.locator(`[data-theme="${t2.clusterId}"]`).waitFor();
        await page.waitForTimeout(300); // the fit is painted on the next frame; the drag below needs the new positions
        const first = noteFields(facDoc.doc).find((n) => n.text === texts[0])!;
        // By finger: drag the first concern onto the first theme's title.
        await touchDrag(page, await center(page, `[data-note="${first.id}"] .tnote__text`), await center(page, `[data-theme="${t1.clusterId}"] .ttheme__title`));
        await eventually(() => expect(noteFields(facDoc.doc).find((n) => n.id === first.id)!.clusterId).toBe(t1.clusterId));
        await screenshot(page, `${tag}-4-dragged`);
        // By tap: a tap on the second concern (seen from "Show all" a card shows its first words,
        // without its "Move to theme…" button), then the second theme.
        const second = noteFields(facDoc.doc).find((n) => n.text === texts[1])!;
        await page.locator(`[data-note="${second.id}"]`).tap();
        const dialog = page.getByRole('dialog', { name: s(locale, 'tablet.move.heading') });
        await dialog.waitFor();
        await screenshot(page, `${tag}-5-move-dialog`);
        await expectAxeClean(page);
        await dialog.getByRole('button', { name: themes[1] }).click();
        await eventually(() => expect(noteFields(facDoc.doc).find((n) => n.id === second.id)!.clusterId).toBe(t2.clusterId));
        await page.getByText(s(locale, 'tablet.move.done', { theme: themes[1]! })).waitFor();
        await screenshot(page, `${tag}-6-sorted`);
        await expectAxeClean(page);

        // Vote: 3 dots, at most 2 on one item; the dots left are always shown; no totals before the reveal.
        expect((await command(fac, 'phase:set', { boardId, phase: 'vote' })).ok).toBe(true);
        const left = (n: number) => page.locator('.tvote__left', { hasText: s(locale, n === 1 ? 'tablet.vote.left.one' : 'tablet.vote.left.other', { n }) });
        await left(3).waitFor();
        const item = page.locator('.tvote__item', { hasText: texts[0] });
        await item.getByRole('button', { name: s(locale, 'tablet.vote.add') }).click();
        await left(2).waitFor();
        await item.getByRole('button', { name: s(locale, 'tablet.vote.add') }).click();
        await left(1).waitFor();
        expect(await item.getByRole('button', { name: s(locale, 'tablet.vote.add') }).isDisabled()).toBe(true); // the cap
        expect(await page.locator('.tvote__total').count()).toBe(0);
        await screenshot(page, `${tag}-7-voting`);
        await expectAxeClean(page);
        await command(fac, 'vote:reveal', { boardId });
        await page.locator('.tvote__total').first().waitFor();
        await screenshot(page, `${tag}-8-revealed`);
        await expectAxeClean(page);

        // Act: co-draft the action's wording; the facilitator's copy gets every keystroke.
        const action = await command(fac, 'action:add', { boardId, title: locale === 'en' ? 'Repair the lift' : '修电梯', clusterId: t1.clusterId });
        expect((await command(fac, 'phase:set', { boardId, phase: 'act' })).ok).toBe(true);
        const draft = page.getByRole('textbox', { name: s(locale, 'tablet.draft.label', { n: 1 }) });
        await draft.waitFor();
        await eventually(async () => expect(await draft.inputValue()).toBe(locale === 'en' ? 'Repair the lift' : '修电梯'));
        await draft.click();
        await draft.press('End');
        await draft.pressSequentially(locale === 'en' ? ' by May' : '，五月前完成');
        const title = () => ((facDoc.doc.getMap('actions').get(action.actionId) as Y.Map<unknown>).get('title') as Y.Text).toString();
        await eventually(() => expect(title()).toBe(locale === 'en' ? 'Repair the lift by May' : '修电梯，五月前完成'));
        await screenshot(page, `${tag}-9-drafting`);
        await expectAxeClean(page);
      } finally {
        fac.disconnect();
        facDoc.destroy();
        await ctx.close();
      }
    }, 120_000);
  }

  it('draws a board of 2,000 concerns and pans it by finger under 4× CPU throttling (frame times printed)', async () => {
    const base = rig.server.url;
    const session = await createSession(base, 'Big board');
    const boardId = session.boards[0]!.id;
    // 2,000 concerns from 40 facilitator connections (the rate limit is per connection), on a grid.
    const sockets = await Promise.all(Array.from({ length: 40 }, () => connectSocket(base, session.facilitatorToken)));
    await Promise.all(sockets.map(async (sock, k) => {
      for (let i = 0; i < 50; i++) {
        const n = k * 50 + i;
        const ack = await command(sock, 'note:add', { boardId, text: `Concern number ${n}: the stairwell light is broken again`, x: (n % 50) * 220, y: Math.floor(n / 50) * 160 });
        expect(ack.ok).toBe(true);
      }
    }));
    for (const sock of sockets) sock.disconnect();
    const resident = await join(base, session.joinCode);
    const ctx = await rig.device('tablet', { locale: 'en' });
    await signIn(ctx, resident);
    const page = await ctx.newPage();
    try {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const started = Date.now();
      await page.goto(`/b/${session.sessionId}/${boardId}`);
      // Far out, a big board is one picture of every card, and a list of them for screen readers.
      await page.locator('.tboard__picture[data-drawn="2000"]').waitFor({ timeout: 60_000 });
      const loadMs = Date.now() - started;
      expect(await page.getByRole('list', { name: 'Concerns on the board' }).getByRole('listitem').count()).toBe(2000);
      await screenshot(page, 'tablet-2000-fit');
      await expectAxeClean(page);

      /** Frame intervals (ms) while a finger pans the board. */
      const panFrames = async (): Promise<number[]> => {
        await page.evaluate(() => {
          const w = window as unknown as { __frames: number[]; __stop: boolean };
          w.__frames = [];
          w.__stop = false;
          let last = performance.now();
          const tick = (now: number): void => {
            w.__frames.push(now - last);
            last = now;
            if (!w.__stop) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        const c = await center(page, '.tboard__viewport');
        for (let round = 0; round < 3; round++) {
          await touchDrag(page, { x: c.x + 200, y: c.y + 150 }, { x: c.x - 200, y: c.y - 150 });
          await touchDrag(page, { x: c.x - 200, y: c.y - 150 }, { x: c.x + 200, y: c.y + 150 });
        }
        await touchDrag(page, { x: c.x + 100, y: c.y }, { x: c.x - 100, y: c.y });
        return page.evaluate(() => {
          const w = window as unknown as { __frames: number[]; __stop: boolean };
          w.__stop = true;
          return w.__frames.slice(1);
        });
      };
      const stats = (f: number[]) => {
        const sorted = [...f].sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
        return `${f.length} frames, median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
      };
      const before = await page.locator('.tboard__world').getAttribute('style');
      const whole = await panFrames();
      expect(await page.locator('.tboard__world').getAttribute('style')).not.toBe(before);
      // Zoomed in: only the concerns near the view are drawn.
      for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
      await eventually(async () => expect(await page.locator('.tboard .tnote').count()).toBeGreaterThan(0), 10_000);
      const drawn = await page.locator('.tboard .tnote').count();
      expect(drawn).toBeLessThan(2000);
      const zoomed = await panFrames();
      await screenshot(page, 'tablet-2000-zoomed');
      console.log(`[tablet perf, 4x CPU throttling] 2,000 concerns drawn ${loadMs} ms after navigation; pan, all in view: ${stats(whole)}; pan zoomed in (${drawn} drawn): ${stats(zoomed)}`);
    } finally {
      await ctx.close();
    }
  }, 180_000);
});
