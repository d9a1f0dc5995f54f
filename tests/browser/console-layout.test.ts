/**
 * The console's board at 1440×900 (issue 17, point 3): every theme's cards fit its column, no
 * theme covers the next one, and every button and menu on a theme or concern can be pressed
 * where it is drawn (the element under its centre is itself). English and zh-CN, axe-clean.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { createSession } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { seedBoard } from './seed-board.ts';
import { expectAxeClean } from './ui-steps.ts';

const rig = useRig();
const shots = process.env.SHOTS_DIR;

async function signInFacilitator(ctx: BrowserContext, s: { sessionId: string; facilitatorToken: string; participantId: string; joinCode: string }, boardId: string, title: string): Promise<void> {
  const entry = { sessionId: s.sessionId, token: s.facilitatorToken, participantId: s.participantId, role: 'facilitator', title, joinCode: s.joinCode, boardId, savedAt: Date.now() };
  await ctx.addInitScript((e) => localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: e })), entry);
}

const themes = {
  en: ['Lift and stairs', 'Rubbish and recycling in the courtyard', 'Noise', 'Parking, bicycles and the gate that never closes'],
  'zh-CN': ['电梯和楼梯', '院子里的垃圾和回收', '噪音', '停车、自行车和总是关不上的大门'],
};
const concern = {
  en: (i: number) => `Concern ${i + 1}: the lift in building ${(i % 5) + 1} stops between floors and nobody answers the alarm`,
  'zh-CN': (i: number) => `意见${i + 1}：${(i % 5) + 1}号楼的电梯停在两层之间，按警铃没人回应`,
};

describe('the console board at 1440×900', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`keeps each theme's cards inside its column and every control pressable (${locale})`, async () => {
      const title = locale === 'en' ? 'Courtyard' : '院子';
      const s = await createSession(rig.server.url, title);
      const boardId = s.boards[0]!.id;
      await seedBoard(rig.server.url, s.facilitatorToken, boardId, { themes: themes[locale], count: 20, sorted: 14, text: concern[locale] });

      const ctx = await rig.device('laptop', { locale, viewport: { width: 1440, height: 900 } });
      await signInFacilitator(ctx, s, boardId, title);
      const page = await ctx.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`/b/${s.sessionId}/${boardId}`);
      await page.locator('.console-board .cnote').nth(19).waitFor();
      await screenshot(page, `console-layout-1440-${locale}`);
      if (shots) await page.screenshot({ path: `${shots}/console-1440-${locale}.png` });

      const layout = await page.locator('.console-board .themes').evaluate((grid) => {
        const rect = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { l: r.left, t: r.top, r: r.right, b: r.bottom };
        };
        const themesEls = [...grid.querySelectorAll<HTMLElement>(':scope > .theme')];
        const boxes = themesEls.map((el) => ({ name: el.querySelector('h3')?.textContent ?? '', ...rect(el) }));
        const overlaps: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            if (a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5) overlaps.push(`${a.name} ↔ ${b.name}`);
          }
        }
        // Every card (and everything in it) inside its own theme's box.
        const spill: string[] = [];
        for (const [i, el] of themesEls.entries()) {
          const box = boxes[i]!;
          for (const part of el.querySelectorAll('.cnote, .cnote *, .theme__head *')) {
            const r = rect(part);
            if (r.r - r.l === 0) continue;
            if (r.l < box.l - 0.5 || r.r > box.r + 0.5) spill.push(`${box.name}: ${part.tagName.toLowerCase()}.${(part as HTMLElement).className} ${Math.round(r.l)}–${Math.round(r.r)} outside ${Math.round(box.l)}–${Math.round(box.r)}`);
          }
        }
        // Each control, scrolled into view, is the element under its own centre (nothing covers it).
        const covered: string[] = [];
        let controls = 0;
        for (const el of grid.querySelectorAll<HTMLElement>('button, select')) {
          el.scrollIntoView({ block: 'center', inline: 'center' });
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          controls++;
          if (!hit || !(hit === el || el.contains(hit))) covered.push(`${el.getAttribute('aria-label') ?? el.textContent} under ${hit?.tagName.toLowerCase()}.${(hit as HTMLElement | null)?.className ?? ''}`);
        }
        const widths = themesEls.map((el) => Math.round(el.getBoundingClientRect().width));
        const cards = [...grid.querySelectorAll('.cnote')].map((el) => Math.round(el.getBoundingClientRect().width));
        return { overlaps, spill: spill.slice(0, 10), spilled: spill.length, covered: covered.slice(0, 10), uncovered: controls - covered.length, controls, widths, cards: [Math.min(...cards), Math.max(...cards)] };
      });
      console.log(`[console layout ${locale}] theme widths ${layout.widths.join(', ')} px; card widths ${layout.cards.join('–')} px; ${layout.controls} controls`);
      expect(layout.controls).toBeGreaterThan(40);
      expect(layout.overlaps).toEqual([]);
      expect(layout.spill).toEqual([]);
      expect(layout.covered).toEqual([]);
      await expectAxeClean(page, `console board at 1440×900 (${locale})`);
    }, 120_000);
  }
});
