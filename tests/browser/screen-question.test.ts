/**
 * The big screen shows the whole question (issue 17, point 5): on a 1920×1080 projector a long
 * question wraps onto two lines and, if it is longer still, its type shrinks; nothing is cut
 * off with an ellipsis. A short question keeps the full 48 px. English and zh-CN, axe-clean.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSession, join } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();

/** Opens the plenary board on the projector as the big screen. */
async function openScreen(title: string, locale: 'en' | 'zh-CN'): Promise<Page> {
  const s = await createSession(rig.server.url, title);
  const j = await join(rig.server.url, s.joinCode, { role: 'screen' });
  const ctx = await rig.device('projector', { locale });
  const entry = { sessionId: s.sessionId, token: j.token, participantId: j.participantId, role: 'screen', title: j.title, joinCode: s.joinCode, savedAt: Date.now() };
  await ctx.addInitScript((e) => localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: e })), entry);
  const page = await ctx.newPage();
  await page.goto(`/b/${s.sessionId}/${s.boards[0]!.id}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  return page;
}

/** How the question is drawn: its size, its lines, and whether any of it is hidden. */
async function question(page: Page) {
  return page.getByRole('heading', { level: 1 }).evaluate((h) => {
    const style = getComputedStyle(h);
    const fontSize = parseFloat(style.fontSize);
    const box = h.parentElement!;
    const hb = h.getBoundingClientRect();
    const bb = box.getBoundingClientRect();
    return {
      fontSize,
      lines: Math.round(hb.height / (fontSize * 1.15)),
      clippedSideways: h.scrollWidth > h.clientWidth + 1,
      clippedBelow: hb.bottom > bb.bottom + 1 || hb.top < bb.top - 1,
    };
  });
}

const cases = [
  { locale: 'en', name: 'long-en', title: 'Should the courtyard between blocks 3 and 4 become a play area for children, or stay parking for residents?' },
  { locale: 'zh-CN', name: 'long-zh-CN', title: '三号楼和四号楼之间的院子，应该改成儿童游乐场，还是继续作为居民停车位使用？大家怎么看' },
] as const;

describe('the question on the projector', () => {
  for (const c of cases) {
    it(`shows a long question whole, wrapped and shrunk if need be (${c.locale})`, async () => {
      const page = await openScreen(c.title, c.locale);
      await screenshot(page, `screen-question-${c.name}`);
      const q = await question(page);
      expect(q.clippedSideways, JSON.stringify(q)).toBe(false);
      expect(q.clippedBelow, JSON.stringify(q)).toBe(false);
      expect(q.lines).toBeGreaterThanOrEqual(2);
      expect(q.fontSize).toBeGreaterThanOrEqual(20);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('keeps a short question at full size on one line', async () => {
    const page = await openScreen('Bike shed', 'en');
    const q = await question(page);
    expect(q).toMatchObject({ fontSize: 48, lines: 1, clippedSideways: false, clippedBelow: false });
  });
});
