/**
 * Every screen in English and in zh-CN, each one screenshotted and checked by axe-core (WCAG 2.1
 * A/AA and best practices: see `axeTags`): the start page (and its "Did you mean to join?"),
 * joining, an invite, the pages that show only a problem (no such page, a device not signed in, an
 * expired sign-in link or token, a follow-up link that does not exist, the console's code or the
 * follow-up data not arriving, results not yet published), the resident tablet in every step (the
 * "Move to theme…" dialog, the list in large type, a breakout with its convener's tools), the
 * console while gathering (and its dialog) and every panel of it, the big screen (gathering,
 * agenda wall, a breakout, the spotlight, voting, revealed, done), the public results page and an
 * owner's follow-up page. In zh-CN, no English UI text may show (visible text, screen-reader text and
 * labels are compared against the catalogs: a Latin word no Chinese string contains is a leak),
 * and Chinese text must be drawn with a CJK font (asked of Chromium, not assumed).
 * The consultation itself is set up over sockets; its content is Chinese, so any English on a
 * zh-CN page can only come from the interface.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import * as consoleStrings from '../../client/src/strings/console.ts';
import * as core from '../../client/src/strings/core.ts';
import * as results from '../../client/src/strings/results.ts';
import * as screenStrings from '../../client/src/strings/screen.ts';
import * as tablet from '../../client/src/strings/tablet.ts';
import { PanelIds } from '../../client/src/console/console-panels.ts';
import type { JoinResponse } from '../../shared/http-api.ts';
import { api, command, connectSocket, createSession, join } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';
import { bare, pageTexts } from './page-texts.ts';

type Locale = 'en' | 'zh-CN';
const locales: Locale[] = ['en', 'zh-CN'];
const en = { ...core.en, ...tablet.en, ...consoleStrings.en, ...screenStrings.en, ...results.en };
type Key = keyof typeof en;
const zh: Record<Key, string> = { ...core.zh, ...tablet.zh, ...consoleStrings.zh, ...screenStrings.zh, ...results.zh };
/** A UI string as `locale` shows it. */
const s = (locale: Locale, key: Key, vars: Record<string, string | number> = {}): string =>
  (locale === 'en' ? en : zh)[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

/** Latin words the Chinese catalog itself uses (CSV, JPEG…): not a leak when they show. */
const latinInZh = new Set(Object.values(zh).flatMap((v) => v.replace(/\{\w+\}/g, '').match(/[A-Za-z]{2,}/g) ?? []));
/** Every Chinese UI string as a whole-text pattern (placeholders match anything). */
const zhPatterns = Object.values(zh)
  .filter((v) => /[\u4e00-\u9fff]/.test(v.replace(/\{\w+\}/g, '')))
  .map((v) => new RegExp(`^${v.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?')}$`));

const rig = useRig();
const sockets: Socket[] = [];
afterAll(() => {
  for (const sock of sockets) sock.close();
});

async function ok(sock: Socket, name: string, payload: object): Promise<Record<string, unknown>> {
  const ack = await command(sock, name, payload);
  expect(ack, `${name} ${JSON.stringify(ack.error)}`).toMatchObject({ ok: true });
  return ack;
}

async function socketFor(token: string): Promise<Socket> {
  const sock = await connectSocket(rig.server.url, token);
  sockets.push(sock);
  return sock;
}

/**
 * Every piece of text a zh-CN reader or their screen reader meets that has a Latin word the
 * Chinese catalog never uses. Skips what is marked as English on purpose (`lang="en"`: the
 * join link and code, the "English" button), links and codes to copy.
 */
async function englishLeaks(page: Page): Promise<string[]> {
  const texts = await pageTexts(page);
  return texts.filter((text) => {
    const rest = bare(text)
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\b[\w.-]+:\d+\/\S*/g, '')
      // Codes to copy (join ACDE-FGHJ, escalation address ABCDE-FGHJK) are not language.
      .replace(/\b[A-Z0-9]{4,6}(-[A-Z0-9]{4,6})+\b/g, '');
    return (rest.match(/[A-Za-z]{2,}/g) ?? []).some((w) => !latinInZh.has(w));
  });
}

/** Pieces of text on an English page that are whole Chinese UI strings (content is never one). */
async function chineseLeaks(page: Page): Promise<string[]> {
  return (await pageTexts(page)).filter((text) => zhPatterns.some((re) => re.test(bare(text))));
}

/** The font families Chromium really used for the first Chinese heading (or text) on the page. */
async function cjkFonts(page: Page): Promise<string[]> {
  const marked = await page.evaluate(() => {
    const cjk = /[\u4e00-\u9fff]/;
    const own = (el: Element) => [...el.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && cjk.test(c.nodeValue ?? ''));
    const all = [...document.body.querySelectorAll('*')].filter((el) => own(el) && (el as HTMLElement).offsetParent !== null);
    const pick = all.find((el) => /^H[1-3]$/.test(el.tagName)) ?? all[0];
    pick?.setAttribute('data-cjk-probe', '');
    return Boolean(pick);
  });
  if (!marked) return [];
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-cjk-probe]' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const used = fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
    if (process.env.SHOW_FONTS) console.log('fonts', await page.evaluate(() => document.querySelector('[data-cjk-probe]')?.textContent), used);
    return used;
  } finally {
    await page.evaluate(() => document.querySelector('[data-cjk-probe]')?.removeAttribute('data-cjk-probe'));
    await cdp.detach();
  }
}

/** Screenshot, axe, and for zh-CN the leak and font checks; soft, so one run lists every problem. */
async function check(page: Page, locale: Locale, name: string): Promise<void> {
  await screenshot(page, `every-${name}-${locale}`);
  expect.soft(await axeViolations(page), `axe: ${name} (${locale})`).toEqual([]);
  // The same reading finds the English interface on the English page: the zh-CN check can see.
  if (locale !== 'zh-CN') {
    expect.soft(await chineseLeaks(page), `Chinese UI text in the English ${name}`).toEqual([]);
    expect.soft((await englishLeaks(page)).length, `English text found on the English ${name}`).toBeGreaterThan(2);
    return;
  }
  expect.soft(await englishLeaks(page), `English text in the zh-CN ${name}`).toEqual([]);
  expect.soft((await chineseLeaks(page)).length, `Chinese UI strings found on the zh-CN ${name}`).toBeGreaterThan(2);
  expect.soft((await cjkFonts(page)).some((f) => /CJK|Hei|Song|WenQuanYi|Droid Sans Fallback/i.test(f)), `a CJK font draws the zh-CN ${name}`).toBe(true);
}

/** A device that already holds a token for the session (as after joining on it). */
async function signedIn(kind: 'laptop' | 'tablet' | 'projector', locale: Locale, entry: { sessionId: string; token: string; participantId: string; role: string; title: string; joinCode: string; boardId: string }): Promise<Page> {
  const ctx: BrowserContext = await rig.device(kind, { locale });
  await ctx.addInitScript((e) => {
    if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: { ...e, savedAt: Date.now() } }));
  }, entry);
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`/b/${entry.sessionId}/${entry.boardId}`);
  return page;
}

/** A page opened with the requests matching `refuse` failing as on a dropped network (signed in first when `entry` is given). */
async function offline(kind: 'laptop' | 'phone', locale: Locale, urlPath: string, refuse: string, entry?: object): Promise<Page> {
  const ctx = await rig.device(kind, { locale });
  if (entry) {
    await ctx.addInitScript((e: { sessionId: string }) => {
      localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: { ...e, savedAt: Date.now() } }));
    }, entry as { sessionId: string });
  }
  await ctx.route(refuse, (r) => r.abort('internetdisconnected'));
  const page = await ctx.newPage();
  await page.goto(urlPath);
  return page;
}

const both = (run: (locale: Locale) => Promise<void>): Promise<void[]> => Promise.all(locales.map(run));

const title = '七号楼：电梯和楼道灯';
const notes = ['电梯每周都坏一次', '楼道灯晚上经常不亮', '周一垃圾桶总是满的'];

describe('every screen in English and zh-CN', () => {
  it('renders each screen in both languages with no axe violations, no English in zh-CN, and CJK fonts', async () => {
    const base = rig.server.url;
    const session = await createSession(base, title, { residentsSort: true, dotsPerParticipant: 3 });
    const { sessionId, joinCode } = session;
    const boardId = session.boards[0]!.id;
    const fac = await socketFor(session.facilitatorToken);
    const person = (j: JoinResponse, role: string) => ({ sessionId, token: j.token, participantId: j.participantId, role, title, joinCode, boardId });
    const residents = { en: await join(base, joinCode, { name: '李阿姨', group: 'resident', ageBand: '60_74', consent: true }), 'zh-CN': await join(base, joinCode, { name: '王先生', group: 'courier', ageBand: '30_44', consent: true }) };
    const screens = { en: await join(base, joinCode, { role: 'screen' }), 'zh-CN': await join(base, joinCode, { role: 'screen' }) };
    const facEntry = { sessionId, token: session.facilitatorToken, participantId: session.participantId, role: 'facilitator', title, joinCode, boardId };
    const invite = await api<{ inviteCode: string }>(base, 'POST', `/api/sessions/${sessionId}/invites`, { role: 'expert' }, session.facilitatorToken);

    // Start, join and invite pages.
    await both(async (locale) => {
      const start = await rig.open('tablet', '/', { locale });
      await start.getByRole('heading', { name: s(locale, 'create.heading') }).waitFor();
      await check(start, locale, 'start');
      // A join code typed as a topic: the start page asks "Did you mean to join?".
      await start.getByRole('textbox', { name: s(locale, 'create.title') }).fill(joinCode);
      await start.getByRole('button', { name: s(locale, 'create.submit') }).tap();
      await start.getByRole('alert').filter({ hasText: s(locale, 'create.askJoinYes') }).waitFor();
      await check(start, locale, 'start-ask-join');
      // "No, create it": the new consultation's code and link in large type.
      await start.getByRole('button', { name: s(locale, 'create.askJoinNo') }).tap();
      await start.getByRole('heading', { name: s(locale, 'created.heading') }).waitFor();
      await check(start, locale, 'start-created');
      const joinPage = await rig.open('tablet', `/j/${joinCode}`, { locale });
      await joinPage.getByRole('heading', { name: s(locale, 'join.headingTitle', { title }) }).waitFor();
      await joinPage.getByText(s(locale, 'join.more')).click();
      await check(joinPage, locale, 'join');
      const invitePage = await rig.open('laptop', `/i/${invite.body.inviteCode}`, { locale });
      await invitePage.getByRole('heading', { name: s(locale, 'invite.heading') }).waitFor();
      await check(invitePage, locale, 'invite');
      for (const p of [start, joinPage, invitePage]) await p.context().close();
    });

    // Pages that show no board or results: each must still be a whole page (one h1, a main landmark).
    const stale = { sessionId, token: 'not-a-token', participantId: 'p-gone', role: 'resident', title, joinCode, boardId };
    const dead: { name: string; open: (locale: Locale) => Promise<Page>; shows: Key }[] = [
      { name: 'not-found', open: (locale) => rig.open('laptop', '/no/such/page/here', { locale }), shows: 'route.notFound' },
      { name: 'board-no-token', open: (locale) => rig.open('tablet', `/b/${sessionId}/${boardId}`, { locale }), shows: 'board.noToken' },
      { name: 'handoff-expired', open: (locale) => rig.open('tablet', `/b/${sessionId}/${boardId}#token=not-a-token`, { locale }), shows: 'handoff.expired' },
      { name: 'board-unauthorized', open: (locale) => signedIn('tablet', locale, stale), shows: 'board.unauthorized' },
      { name: 'follow-up-not-found', open: (locale) => rig.open('phone', '/o/NO-SUCH-LINK', { locale }), shows: 'followup.notFound' },
      // The network gone at the wrong moment: the console's code, or the follow-up page's data, never arrives.
      { name: 'console-not-loaded', open: (locale) => offline('laptop', locale, `/b/${sessionId}/${boardId}`, '**/assets/console-screen-*.js', facEntry), shows: 'error.NETWORK' },
      { name: 'follow-up-failed', open: (locale) => offline('phone', locale, '/o/NO-SUCH-LINK', '**/api/follow-up/**'), shows: 'error.NETWORK' },
    ];
    await both(async (locale) => {
      for (const { name, open, shows } of dead) {
        const page = await open(locale);
        await page.getByText(s(locale, shows)).waitFor();
        await check(page, locale, name);
        await page.context().close();
      }
    });

    // Results before publishing: the server's own small 404 page, the same in every language
    // (so only axe here: the language checks are for the app's pages).
    const unpublished = await rig.open('laptop', `/r/${sessionId}`);
    await unpublished.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(unpublished, 'every-results-unpublished');
    expect.soft(await axeViolations(unpublished), 'axe: results not published (server page)').toEqual([]);
    await unpublished.context().close();

    // Concerns on the board, then one tablet, one console and one big screen per language.
    const rSock = await socketFor(residents.en.token);
    const rSock2 = await socketFor(residents['zh-CN'].token);
    const noteIds = [
      (await ok(rSock, 'note:add', { boardId, text: notes[0] })).noteId as string,
      (await ok(rSock2, 'note:add', { boardId, text: notes[1] })).noteId as string,
      (await ok(fac, 'note:add', { boardId, text: notes[2] })).noteId as string,
    ];
    const tablets = {} as Record<Locale, Page>;
    const consoles = {} as Record<Locale, Page>;
    const bigScreens = {} as Record<Locale, Page>;
    await both(async (locale) => {
      tablets[locale] = await signedIn('tablet', locale, person(residents[locale], 'resident'));
      consoles[locale] = await signedIn('laptop', locale, facEntry);
      bigScreens[locale] = await signedIn('projector', locale, person(screens[locale], 'screen'));
    });

    const tabletIn = async (locale: Locale, phase: string): Promise<Page> => {
      const page = tablets[locale];
      await page.getByText(s(locale, `tablet.hint.${phase}` as Key), { exact: true }).waitFor();
      return page;
    };
    const screenIn = async (locale: Locale, phase: string): Promise<Page> => {
      const page = bigScreens[locale];
      await page.getByText(s(locale, `screen.hint.${phase}` as Key), { exact: true }).waitFor();
      return page;
    };

    // Big screen while gathering (the board), and the tablet writing a concern.
    await both(async (locale) => {
      const page = await screenIn(locale, 'gather');
      for (const text of notes) await page.getByText(text).waitFor();
      await page.getByRole('img', { name: new RegExp(`^${s(locale, 'screen.join.qr', { url: '' })}`) }).waitFor();
      await check(page, locale, 'screen-gather');
    });

    // The console while gathering, and its one dialog (a jump ahead asks for a reason), cancelled.
    await both(async (locale) => {
      const page = consoles[locale];
      await page.getByRole('heading', { name: s(locale, 'console.steps') }).waitFor();
      await check(page, locale, 'console-gather');
      await page.getByRole('button', { name: `3 ${s(locale, 'phase.vote')}`, exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox').waitFor();
      await check(page, locale, 'console-dialog');
      await dialog.getByRole('button', { name: s(locale, 'console.cancel') }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    // Open space on the plenary: a topic accepted and placed; the big screen shows the agenda wall.
    const topic = (await ok(rSock, 'topic:propose', { title: '自行车停放' })).topicId as string;
    const topic2 = (await ok(rSock2, 'topic:propose', { title: '安静时段' })).topicId as string;
    // Each resident convenes the breakout of the topic they proposed.
    const breakouts: Record<Locale, string> = {
      en: (await ok(fac, 'topic:accept', { topicId: topic })).boardId as string,
      'zh-CN': (await ok(fac, 'topic:accept', { topicId: topic2 })).boardId as string,
    };
    const space = (await ok(fac, 'space:add', { label: '一号厅' })).spaceId as string;
    const slot = (await ok(fac, 'slot:add', { label: '上午十点' })).slotId as string;
    await ok(fac, 'agenda:place', { topicId: topic, spaceId: space, slotId: slot });
    await both(async (locale) => {
      const page = bigScreens[locale];
      await page.getByRole('heading', { name: s(locale, 'screen.agenda') }).waitFor();
      await expect.poll(() => page.getByRole('cell').filter({ hasText: '自行车停放' }).innerText()).toContain(s(locale, 'screen.agenda.people', { count: 0 }));
      await check(page, locale, 'screen-agenda');
    });
    await both(async (locale) => {
      const page = await tabletIn(locale, 'gather');
      await page.getByRole('region', { name: s(locale, 'tablet.wall.heading') }).getByText('自行车停放').waitFor();
      await page.getByRole('button', { name: s(locale, 'tablet.add.open') }).tap();
      await page.getByRole('textbox', { name: s(locale, 'tablet.add.label') }).waitFor();
      await check(page, locale, 'tablet-gather');
      await page.getByRole('button', { name: s(locale, 'tablet.add.cancel') }).tap();
    });
    // A breakout: its convener's tablet (with the convener tools and the way back) and its big screen.
    await both(async (locale) => {
      const breakout = breakouts[locale];
      const tab = await signedIn('tablet', locale, { ...person(residents[locale], 'resident'), boardId: breakout });
      await tab.getByRole('region', { name: s(locale, 'tablet.convener.heading') }).waitFor();
      await tab.getByRole('navigation', { name: s(locale, 'tablet.groups.nav') }).waitFor();
      await check(tab, locale, 'tablet-breakout');
      const screen = await signedIn('projector', locale, { ...person(screens[locale], 'screen'), boardId: breakout });
      await screen.getByText(s(locale, 'screen.hint.gather'), { exact: true }).waitFor();
      await check(screen, locale, 'screen-breakout');
      await tab.context().close();
      await screen.context().close();
    });

    // Cluster: two themes, one concern sorted; the tablet's "Move to theme…" dialog open.
    await ok(fac, 'phase:set', { boardId, phase: 'cluster' });
    const lift = (await ok(fac, 'cluster:add', { boardId, title: '电梯', x: 40, y: 40 })).clusterId as string;
    await ok(fac, 'cluster:add', { boardId, title: '照明与卫生', x: 600, y: 40 });
    await ok(fac, 'note:move', { boardId, noteId: noteIds[0], x: 60, y: 120, clusterId: lift });
    await both(async (locale) => {
      const page = await tabletIn(locale, 'cluster');
      await page.getByText(s(locale, 'tablet.board.sortHint')).waitFor();
      await check(page, locale, 'tablet-cluster');
      // A tap on the concern opens the dialog at any zoom (its "Move to theme…" button is drawn only close up).
      await page.locator('.tboard .tnote').filter({ hasText: notes[1] }).tap();
      await page.getByRole('dialog', { name: s(locale, 'tablet.move.heading') }).waitFor();
      await check(page, locale, 'tablet-move-dialog');
      await page.getByRole('dialog').getByRole('button', { name: s(locale, 'tablet.dialog.cancel') }).tap();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      // The list in large type, then back to the board.
      await page.getByRole('button', { name: s(locale, 'tablet.board.viewList') }).tap();
      await page.getByRole('button', { name: s(locale, 'tablet.board.viewBoard') }).waitFor();
      await page.locator('.tboard__viewport').waitFor({ state: 'hidden' });
      await check(page, locale, 'tablet-sort-list');
      await page.getByRole('button', { name: s(locale, 'tablet.board.viewBoard') }).tap();
      await page.locator('.tboard__viewport').waitFor();
    });
    // A concern in the spotlight: the big screen shows it in focus, the tablets say so.
    await ok(fac, 'spotlight:set', { boardId, targetId: noteIds[0] });
    await both(async (locale) => {
      const page = await screenIn(locale, 'cluster');
      await page.getByRole('region', { name: s(locale, 'screen.spotlight') }).getByText(notes[0]!).waitFor();
      await check(page, locale, 'screen-spotlight');
      const tab = tablets[locale];
      await tab.getByText(s(locale, 'tablet.spotlight', { text: notes[0]! })).waitFor();
      await check(tab, locale, 'tablet-spotlight');
    });
    await ok(fac, 'spotlight:set', { boardId, targetId: null });

    // Vote: dots cast, nothing revealed.
    await ok(fac, 'phase:set', { boardId, phase: 'vote' });
    await ok(rSock, 'vote:cast', { boardId, targetId: noteIds[0] });
    await ok(rSock, 'vote:cast', { boardId, targetId: noteIds[0] });
    await ok(rSock2, 'vote:cast', { boardId, targetId: noteIds[1] });
    await both(async (locale) => {
      const tab = await tabletIn(locale, 'vote');
      await tab.getByRole('status').filter({ hasText: locale === 'en' ? /\d dots? left/ : /剩/ }).waitFor();
      await check(tab, locale, 'tablet-vote');
      const screen = await screenIn(locale, 'vote');
      await screen.getByText(new RegExp(`${s(locale, 'screen.count.dotsLeft.one')}|${s(locale, 'screen.count.dotsLeft.other')}`)).waitFor();
      await check(screen, locale, 'screen-vote');
    });

    // Revealed.
    await ok(fac, 'vote:reveal', { boardId });
    await both(async (locale) => {
      const tab = tablets[locale];
      await tab.getByText(s(locale, 'tablet.vote.revealed')).waitFor();
      await check(tab, locale, 'tablet-revealed');
      const screen = bigScreens[locale];
      await screen.getByRole('heading', { name: s(locale, 'screen.votes') }).waitFor();
      await screen.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
      await check(screen, locale, 'screen-reveal');
    });

    // Act: an action with an owner; the tablet co-drafts, the console shows every panel.
    await ok(fac, 'phase:set', { boardId, phase: 'act' });
    const action = (await ok(fac, 'action:add', { boardId, title: '请物业制定电梯维修计划', clusterId: lift })).actionId as string;
    await both(async (locale) => {
      const page = await tabletIn(locale, 'act');
      await expect.poll(() => page.getByRole('textbox', { name: new RegExp(`^${s(locale, 'tablet.draft.label', { n: 1 })}`) }).inputValue()).toBe('请物业制定电梯维修计划');
      await check(page, locale, 'tablet-act');
    });
    await both(async (locale) => {
      const page = consoles[locale];
      await page.getByRole('heading', { name: s(locale, 'console.steps') }).waitFor();
      for (const id of PanelIds) {
        await page.getByRole('tab', { name: new RegExp(`^${s(locale, `console.tab.${id}` as Key)}`) }).click();
        const panel = page.getByRole('tabpanel');
        await expect.poll(() => panel.getAttribute('id')).toBe(`panel-${id}`);
        await expect.poll(() => panel.innerText()).not.toContain(s(locale, 'common.loading'));
        await check(page, locale, `console-${id}`);
      }
    });

    // Done, then published: the results page and an owner's follow-up page.
    await ok(fac, 'phase:set', { boardId, phase: 'done' });
    await both(async (locale) => {
      await check(await tabletIn(locale, 'done'), locale, 'tablet-done');
      await check(await screenIn(locale, 'done'), locale, 'screen-done');
    });
    // A breakout with a theme of the same name as the plenary's, and a concern in no theme (as
    // the plenary has): the results page still tells each board's parts apart.
    await ok(fac, 'cluster:add', { boardId: breakouts.en, title: '电梯', x: 40, y: 40 });
    await ok(rSock, 'note:add', { boardId: breakouts.en, text: '自行车堵住了楼道' });
    await ok(fac, 'session:publish', {});
    const link = await api<{ code: string }>(base, 'POST', `/api/sessions/${sessionId}/follow-up-links`, { actionIds: [`${boardId}/${action}`], label: '房管所' }, session.facilitatorToken);
    expect(link.status).toBe(201);
    await both(async (locale) => {
      const res = await rig.open('laptop', `/r/${sessionId}`, { locale });
      await res.getByRole('heading', { level: 1, name: title }).waitFor();
      await res.getByRole('heading', { name: s(locale, 'results.votes') }).first().waitFor();
      await check(res, locale, 'results');
      const follow = await rig.open('phone', `/o/${link.body.code}`, { locale });
      await follow.getByRole('heading', { level: 1, name: s(locale, 'followup.heading', { label: '房管所' }) }).waitFor();
      await check(follow, locale, 'follow-up');
    });
  }, 300_000);
});
