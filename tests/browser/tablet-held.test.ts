/**
 * Held concerns through the screens (docs/API.md §5, held states): with private writing and
 * screening on, a resident's new concern is in "My concerns" marked private, then waiting to be
 * checked, and nowhere else — not on the other tablets, not on the big screen — until the
 * facilitator reveals the private writing and approves it in the console's moderation tab. A
 * rejected concern shows the moderator's reason to its author only. zh-CN and English
 * screenshots of the author's tablet; axe on each.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as tabletStrings from '../../client/src/strings/tablet.ts';
import type { JoinResponse } from '../../shared/http-api.ts';
import { createSession, join } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();

type Locale = 'en' | 'zh-CN';
const catalog = { en: tabletStrings.en, 'zh-CN': tabletStrings.zh };
/** A tablet string as the page shows it in `locale`. */
const s = (locale: Locale, key: keyof typeof tabletStrings.en, vars: Record<string, string> = {}): string =>
  catalog[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

type Entry = { sessionId: string; token: string; participantId: string; role: string; title: string; joinCode?: string };
const asEntry = (j: JoinResponse): Entry => ({ sessionId: j.sessionId, token: j.token, participantId: j.participantId, role: j.role, title: j.title });

/** A device that already holds a token (session-store.ts), on the board. */
async function openAs(kind: 'tablet' | 'laptop' | 'projector', e: Entry, path: string, locale: Locale = 'en'): Promise<Page> {
  const ctx = await rig.device(kind, { locale });
  await ctx.addInitScript((value: string) => {
    if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', value);
  }, JSON.stringify({ [e.sessionId]: { ...e, savedAt: Date.now() } }));
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(path);
  return page;
}

/** A concern's text as the console's button labels shorten it (30 characters). */
const clip = (text: string): string => ([...text].length > 30 ? `${[...text].slice(0, 29).join('')}…` : text);

/** The "My concerns" entry with this text. */
const mine = (page: Page, text: string) => page.locator('.tmine__item', { hasText: text });

async function expectAxeClean(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([]);
}

const lights = 'Stairwell B has had no light for a month';
const rude = 'The people in 302 are idiots';
const reason = 'Please describe the problem, not the neighbours.';
const wangText = 'Bike shed roof leaks';

describe('held concerns on the tablet', () => {
  it('private, then waiting for screening, only for its author; on every screen once approved; a rejection’s reason to its author only', async () => {
    const base = rig.server.url;
    const sess = await createSession(base, 'Stairwell and sheds', { privateGather: true, screening: true });
    const boardId = sess.boards[0]!.id;
    const path = `/b/${sess.sessionId}/${boardId}`;
    const li = await join(base, sess.joinCode, { name: 'Mrs Li' });
    const wang = await join(base, sess.joinCode, { name: 'Mr Wang' });
    const screenJoin = await join(base, sess.joinCode, { role: 'screen' });

    const tabletLi = await openAs('tablet', asEntry(li), path);
    const tabletWang = await openAs('tablet', asEntry(wang), path);
    const screen = await openAs('projector', { ...asEntry(screenJoin), joinCode: sess.joinCode }, path);
    const console = await openAs('laptop', { sessionId: sess.sessionId, token: sess.facilitatorToken, participantId: sess.participantId, role: 'facilitator', title: 'Stairwell and sheds', joinCode: sess.joinCode }, path);
    await screen.getByRole('list', { name: 'Steps of the consultation' }).waitFor();

    // The tablet says up front what happens to a concern.
    await tabletLi.getByRole('button', { name: 'Add a concern' }).click();
    await tabletLi.getByText(s('en', 'tablet.add.privateHint')).waitFor();
    await tabletLi.getByRole('textbox', { name: 'Your concern' }).fill(lights);
    await tabletLi.getByRole('button', { name: 'Post' }).click();
    await tabletLi.getByText(s('en', 'tablet.add.postedPrivate')).waitFor();
    await mine(tabletLi, lights).getByText('Private for now').waitFor();
    await tabletLi.getByRole('button', { name: 'Add a concern' }).click();
    await tabletLi.getByRole('textbox', { name: 'Your concern' }).fill(rude);
    await tabletLi.getByRole('button', { name: 'Post' }).click();
    await mine(tabletLi, rude).getByText('Private for now').waitFor();
    expect(await mine(tabletLi, lights).getByText('On the board').count()).toBe(0);
    await screenshot(tabletLi, 'tablet-held-private-en');
    await expectAxeClean(tabletLi, 'private');

    // Mr Wang's concern goes the same way; once the console counts all three, nobody else sees Mrs Li's.
    await tabletWang.getByRole('button', { name: 'Add a concern' }).click();
    await tabletWang.getByRole('textbox', { name: 'Your concern' }).fill(wangText);
    await tabletWang.getByRole('button', { name: 'Post' }).click();
    await mine(tabletWang, wangText).getByText('Private for now').waitFor();
    await console.getByRole('heading', { name: 'Private writing (3)' }).waitFor();
    for (const page of [tabletWang, screen]) {
      expect(await page.locator('body').innerText()).not.toContain(lights);
      expect(await page.locator('body').innerText()).not.toContain(rude);
    }
    expect(await console.locator('.console-board').innerText()).not.toContain(lights);

    // The facilitator lets the private writing in: with screening on, it now waits to be checked.
    await console.getByRole('button', { name: 'Reveal private concerns' }).click();
    await console.locator('.console-notice', { hasText: '3 private concerns now wait for screening.' }).waitFor();
    await mine(tabletLi, lights).getByText('Waiting to be checked').waitFor();
    await mine(tabletLi, rude).getByText('Waiting to be checked').waitFor();
    await mine(tabletWang, wangText).getByText('Waiting to be checked').waitFor();
    await console.getByRole('heading', { name: 'Waiting for screening (3)' }).waitFor();
    for (const page of [tabletWang, screen]) {
      expect(await page.locator('body').innerText()).not.toContain(lights);
    }
    await screenshot(tabletLi, 'tablet-held-pending-en');
    await expectAxeClean(tabletLi, 'pending');
    // The same tablet in Chinese (a second device of Mrs Li's).
    const liZh = await openAs('tablet', asEntry(li), path, 'zh-CN');
    await mine(liZh, lights).getByText(s('zh-CN', 'tablet.mine.pending')).waitFor();
    await screenshot(liZh, 'tablet-held-pending-zh');
    await expectAxeClean(liZh, 'pending zh');
    await screenshot(console, 'console-held-screening-en');
    await expectAxeClean(console, 'console screening');

    // Approved in the console's moderation tab: on the other tablet and the big screen.
    await console.getByRole('tab', { name: /^Moderation/ }).click();
    await console.getByRole('button', { name: `Approve “${clip(lights)}”` }).click();
    await console.locator('.console-notice', { hasText: 'Approved: it is on the board.' }).waitFor();
    await tabletWang.locator('.tboard .tnote', { hasText: lights }).waitFor();
    await screen.locator('.bs-note', { hasText: lights }).waitFor();
    await mine(tabletLi, lights).getByText('On the board').waitFor();
    await tabletLi.locator('.tboard .tnote', { hasText: lights }).waitFor();

    // Rejected with a reason: its author reads the reason; nobody else sees the concern or the reason.
    await console.getByRole('button', { name: `Reject “${clip(rude)}”` }).click();
    const dialog = console.getByRole('dialog', { name: 'Reject this concern' });
    await dialog.getByRole('textbox', { name: 'Reason (its author will read it)' }).fill(reason);
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await console.locator('.console-notice', { hasText: 'Rejected; the author can read why.' }).waitFor();
    await mine(tabletLi, rude).getByText('Not accepted').waitFor();
    await mine(tabletLi, rude).getByText(s('en', 'tablet.mine.reason', { reason })).waitFor();
    await mine(liZh, rude).getByText(s('zh-CN', 'tablet.mine.reason', { reason })).waitFor();
    await mine(liZh, rude).getByText(s('zh-CN', 'tablet.mine.rejected')).waitFor();
    // Mr Wang's own concern, approved now, is the sync point for his tablet and the big screen.
    await console.getByRole('button', { name: `Approve “${clip(wangText)}”` }).click();
    await tabletWang.locator('.tboard .tnote', { hasText: wangText }).waitFor();
    await screen.locator('.bs-note', { hasText: wangText }).waitFor();
    for (const page of [tabletWang, screen]) {
      const text = await page.locator('body').innerText();
      expect(text).not.toContain(rude);
      expect(text).not.toContain(reason);
    }
    expect(await mine(tabletWang, wangText).getByText('On the board').count()).toBe(1);
    await screenshot(tabletLi, 'tablet-held-rejected-en');
    await expectAxeClean(tabletLi, 'rejected');
    await screenshot(liZh, 'tablet-held-rejected-zh');
    await expectAxeClean(liZh, 'rejected zh');
    await screenshot(screen, 'big-screen-held-approved-en');
  }, 90_000);
});
