/**
 * The big screen on a 1920×1080 projector, joined with role `screen`, driven by a facilitator and
 * residents over real sockets: join QR and code, the steps, the timer, live counts; during the
 * vote no tally reaches the page (DOM, text, websocket frames) until `vote:reveal`, then ranked
 * bars; spotlight; the agenda wall with head-counts; zh-CN and English; axe on every view.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { formatJoinCode } from '../../shared/join-code.ts';
import { command, connectSocket, createSession, eventually, join } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

async function socketFor(token: string): Promise<Socket> {
  const s = await connectSocket(rig.server.url, token);
  sockets.push(s);
  return s;
}

async function ok(sock: Socket, name: string, payload: object): Promise<Record<string, unknown>> {
  const ack = await command(sock, name, payload);
  expect(ack, `${name} ${JSON.stringify(ack.error)}`).toMatchObject({ ok: true });
  return ack;
}

/** Joins as the big screen and opens the board on a projector; records every websocket frame the page receives. */
async function openScreen(sessionId: string, boardId: string, joinCode: string, locale: 'en' | 'zh-CN' = 'en', reducedMotion: 'reduce' | 'no-preference' = 'no-preference') {
  const j = await join(rig.server.url, joinCode, { role: 'screen' });
  const ctx = await rig.device('projector', { locale, reducedMotion });
  const entry = { sessionId, token: j.token, participantId: j.participantId, role: 'screen', title: j.title, joinCode, savedAt: Date.now() };
  await ctx.addInitScript((e) => localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: e })), entry);
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1'))));
  await page.goto(`/b/${sessionId}/${boardId}`);
  await page.getByRole('list', { name: locale === 'en' ? 'Steps of the consultation' : '议事步骤' }).waitFor();
  return { page, frames };
}

async function expectAxeClean(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

const lift = 'The lift breaks down every week';
const lights = 'Stairwell lights are out on floors 3 to 6';
const bins = 'Bins overflow on Mondays';

describe('the big screen during a consultation', () => {
  it('shows the join QR and code, steps, timer and counts; no tally before the reveal; ranked bars after', async () => {
    const s = await createSession(rig.server.url, 'Building 7: lift and lights', { dotsPerParticipant: 3 });
    const boardId = s.boards[0]!.id;
    const fac = await socketFor(s.facilitatorToken);
    const noteIds: Record<string, string> = {};
    for (const text of [lift, lights, bins]) noteIds[text] = (await ok(fac, 'note:add', { boardId, text })).noteId as string;
    const residents = await Promise.all([join(rig.server.url, s.joinCode), join(rig.server.url, s.joinCode)]);
    const r1 = await socketFor(residents[0]!.token);
    const r2 = await socketFor(residents[1]!.token);

    const { page, frames } = await openScreen(s.sessionId, boardId, s.joinCode);
    await expect.poll(() => page.getByRole('img', { name: `QR code to join: ${s.joinUrl}` }).count()).toBe(1);
    await page.getByText(formatJoinCode(s.joinCode), { exact: true }).waitFor();
    expect(await page.locator('[aria-current="step"]').innerText()).toContain('Gather');
    const counts = page.getByRole('region', { name: 'Right now' });
    // Facilitator and two residents are here (the screen does not count itself).
    await expect.poll(() => counts.innerText()).toMatch(/people here\s*3/);
    expect(await counts.innerText()).toMatch(/concerns\s*3/);
    for (const text of [lift, lights, bins]) await page.getByText(text).waitFor();

    await ok(fac, 'timer:start', { boardId, seconds: 300 });
    await expect.poll(() => page.getByRole('timer').innerText()).toMatch(/^[45]:\d\d$/);
    await screenshot(page, 'big-screen-gather-en');
    await expectAxeClean(page);

    // Themes, then the vote.
    await ok(fac, 'phase:set', { boardId, phase: 'cluster' });
    const themeLift = (await ok(fac, 'cluster:add', { boardId, title: 'Lift', x: 0, y: 0 })).clusterId as string;
    const themeLight = (await ok(fac, 'cluster:add', { boardId, title: 'Light and cleaning', x: 400, y: 0 })).clusterId as string;
    await ok(fac, 'note:move', { boardId, noteId: noteIds[lift]!, x: 10, y: 10, clusterId: themeLift });
    await ok(fac, 'note:move', { boardId, noteId: noteIds[lights]!, x: 410, y: 10, clusterId: themeLight });
    await page.getByRole('heading', { name: 'Light and cleaning' }).waitFor();
    await page.getByRole('heading', { name: 'Not sorted yet' }).waitFor();
    // This projector's viewers asked for less motion: the bars appear without growing.
    const zh = await openScreen(s.sessionId, boardId, s.joinCode, 'zh-CN', 'reduce');
    await zh.page.getByRole('heading', { name: '尚未归类' }).waitFor();
    await zh.page.getByText('大家一起把意见归类成主题。', { exact: true }).waitFor();
    await screenshot(zh.page, 'big-screen-board-zh');
    await expectAxeClean(zh.page);
    await ok(fac, 'phase:set', { boardId, phase: 'vote' });
    await ok(r1, 'vote:cast', { boardId, targetId: noteIds[lift]! });
    await ok(r1, 'vote:cast', { boardId, targetId: noteIds[lift]! });
    await ok(r1, 'vote:cast', { boardId, targetId: noteIds[lights]! });
    await ok(r2, 'vote:cast', { boardId, targetId: noteIds[lift]! });
    await ok(r2, 'vote:cast', { boardId, targetId: noteIds[bins]! });

    // Who still has dots, as a number: r2 (1 left) of the two residents (the facilitator cast none: not counted).
    await expect.poll(() => counts.innerText()).toMatch(/still has dots\s*of 2\s*1/);
    await page.getByText('Put your dots on what matters most.', { exact: true }).waitFor();
    expect(await page.locator('[aria-current="step"]').innerText()).toContain('Vote');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Now: Vote' }).count()).toBe(1);
    // Nothing about counts before the reveal: no results, no "N dots" anywhere, no tallies on the wire.
    expect(await page.getByRole('heading', { name: 'Vote results' }).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/\d\s*dots?\b/);
    expect(await page.locator('.bs-bars').count()).toBe(0);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((f) => f.includes('tallies'))).toEqual([]);
    await screenshot(page, 'big-screen-vote-en');
    await expectAxeClean(page);

    await ok(fac, 'vote:reveal', { boardId });
    await page.getByRole('heading', { name: 'Vote results' }).waitFor();
    const bars = page.getByRole('listitem').filter({ has: page.locator('.bs-bar') });
    await expect.poll(() => bars.count()).toBe(3);
    expect(await bars.nth(0).innerText()).toMatch(new RegExp(`${lift}[\\s\\S]*3 dots`));
    expect(await bars.nth(1).innerText()).toMatch(/1 dot$/);
    expect(await bars.nth(0).locator('.visually-hidden').innerText()).toBe('Rank 1');
    expect(await bars.nth(2).locator('.visually-hidden').innerText()).toBe('Rank 2'); // a tie shares its rank
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Votes revealed. First place: ${lift}, 3 dots.` }).count()).toBe(1);
    // The reveal closed the vote: the hall is no longer asked for dots, and the count is gone.
    await page.getByText('Voting is closed. Thank you for your dots!', { exact: true }).waitFor();
    expect(await page.getByText('Put your dots on what matters most.').count()).toBe(0);
    expect(await counts.innerText()).not.toMatch(/still ha(s|ve) dots/);
    expect(frames.some((f) => f.includes('tallies'))).toBe(true);
    // Let the bars finish growing before the picture.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
    await screenshot(page, 'big-screen-reveal-en');
    await expectAxeClean(page);

    // The same screen in Chinese (opened while sorting, below).
    await zh.page.getByRole('heading', { name: '投票结果' }).waitFor();
    await zh.page.getByText('3 票').first().waitFor();
    expect(await zh.page.evaluate(() => document.getAnimations().length)).toBe(0);
    await screenshot(zh.page, 'big-screen-reveal-zh');
    await expectAxeClean(zh.page);

    // Act: an action, spotlit.
    await ok(fac, 'phase:set', { boardId, phase: 'act' });
    const actionId = (await ok(fac, 'action:add', { boardId, title: 'Ask the housing office for a lift repair plan', clusterId: themeLift })).actionId as string;
    await ok(fac, 'spotlight:set', { boardId, targetId: actionId });
    const focus = page.getByRole('region', { name: 'In focus' });
    await expect.poll(() => focus.innerText()).toContain('Ask the housing office for a lift repair plan');
    await screenshot(page, 'big-screen-spotlight-en');
    await expectAxeClean(page);
  }, 60_000);

  it('shows the agenda wall with live head-counts per breakout', async () => {
    const s = await createSession(rig.server.url, 'Open space: our courtyard');
    const plenary = s.boards[0]!.id;
    const fac = await socketFor(s.facilitatorToken);
    const benches = (await ok(fac, 'topic:propose', { title: 'Benches and shade' })).topicId as string;
    const parking = (await ok(fac, 'topic:propose', { title: 'Bicycle parking' })).topicId as string;
    await ok(fac, 'topic:propose', { title: 'A notice board for the building' });
    const benchesBoard = (await ok(fac, 'topic:accept', { topicId: benches })).boardId as string;
    await ok(fac, 'topic:accept', { topicId: parking });
    const roomA = (await ok(fac, 'space:add', { label: 'Hall A' })).spaceId as string;
    await ok(fac, 'space:add', { label: 'Courtyard' });
    const ten = (await ok(fac, 'slot:add', { label: '10:00' })).slotId as string;
    await ok(fac, 'slot:add', { label: '11:00' });
    await ok(fac, 'agenda:place', { topicId: benches, spaceId: roomA, slotId: ten });

    const { page } = await openScreen(s.sessionId, plenary, s.joinCode);
    await page.getByRole('heading', { name: 'Agenda wall' }).waitFor();
    const cell = page.getByRole('cell').filter({ hasText: 'Benches and shade' });
    await expect.poll(() => cell.innerText()).toContain('0 here');
    // Two residents walk into the benches breakout (law of two feet).
    for (let i = 0; i < 2; i++) {
      const r = await socketFor((await join(rig.server.url, s.joinCode)).token);
      await ok(r, 'board:enter', { boardId: benchesBoard });
    }
    await expect.poll(() => cell.innerText()).toContain('2 here');
    await page.getByRole('heading', { name: 'Topics still looking for a place' }).waitFor();
    await page.getByText('A notice board for the building').waitFor();
    await screenshot(page, 'big-screen-agenda-en');
    await expectAxeClean(page);

    const zh = await openScreen(s.sessionId, plenary, s.joinCode, 'zh-CN');
    await zh.page.getByRole('heading', { name: '议程墙' }).waitFor();
    await expect.poll(() => zh.page.getByRole('cell').filter({ hasText: 'Benches and shade' }).innerText()).toContain('在场 2 人');
    await screenshot(zh.page, 'big-screen-agenda-zh');
    await expectAxeClean(zh.page);
  });

  it('fits a crowded board (6 themes, 60 concerns) on the projector at a readable size', async () => {
    const s = await createSession(rig.server.url, 'Estate renewal: everything at once');
    const boardId = s.boards[0]!.id;
    const [adder, mover] = [await socketFor(s.facilitatorToken), await socketFor(s.facilitatorToken)];
    const themes = ['Lifts', 'Lighting', 'Cleaning', 'Parking', 'Safety', 'Green space'];
    const clusterIds: string[] = [];
    for (const [i, title] of themes.entries()) clusterIds.push((await ok(mover, 'cluster:add', { boardId, title, x: i * 300, y: 0 })).clusterId as string);
    const texts = ['The lift stops between floors', '楼道灯晚上经常不亮', 'Bins are collected too late in summer', 'Cars park on the fire lane every evening', '小区门口需要减速带', 'More trees and benches near the playground, please'];
    for (let i = 0; i < 54; i++) {
      // Two sockets share the work: each has its own rate-limit bucket.
      const sock = i % 2 === 0 ? adder : await socketFor(s.facilitatorToken);
      const noteId = (await ok(sock, 'note:add', { boardId, text: `${texts[i % texts.length]} (${i + 1})` })).noteId as string;
      if (i < 48) await ok(mover, 'note:move', { boardId, noteId, x: 0, y: 0, clusterId: clusterIds[i % clusterIds.length]! });
      if (i % 2 === 1) sock.close();
    }
    const { page } = await openScreen(s.sessionId, boardId, s.joinCode);
    await expect.poll(() => page.locator('.bs-note').count()).toBe(54);
    const fit = await page.locator('.bs-wall').evaluate((el) => ({
      overflowX: el.scrollWidth - el.clientWidth,
      overflowY: el.scrollHeight - el.clientHeight,
      fontPx: parseFloat(getComputedStyle(el).fontSize),
    }));
    expect(fit.overflowX).toBeLessThanOrEqual(1);
    expect(fit.overflowY).toBeLessThanOrEqual(1);
    expect(fit.fontPx).toBeGreaterThanOrEqual(16);
    await screenshot(page, 'big-screen-crowded-en');
    await expectAxeClean(page);
  }, 60_000);

  it('has nothing a passer-by could press, and follows the facilitator to another board', async () => {
    const s = await createSession(rig.server.url, 'Follow me');
    const plenary = s.boards[0]!.id;
    const fac = await socketFor(s.facilitatorToken);
    const { page } = await openScreen(s.sessionId, plenary, s.joinCode, 'zh-CN');
    await page.getByText('还没有意见。扫码写下你的意见吧。').waitFor();
    await screenshot(page, 'big-screen-empty-zh');
    // The app bar's language buttons are hidden on the projector; nothing else is there to press.
    expect(await page.locator('button:visible, input:visible, select:visible, textarea:visible, a[href]:visible').count()).toBe(0);
    // L switches the language from the facilitator's keyboard; F enters full screen; the screen is kept awake.
    await page.keyboard.press('l');
    await page.getByText('No concerns yet. Scan the code and add yours.').waitFor();
    await page.keyboard.press('f');
    await page.waitForFunction(() => document.fullscreenElement !== null);
    await page.getByText('Keyboard: F full screen · L language').waitFor({ state: 'detached' });
    await page.locator('.bs[data-awake="yes"]').waitFor();

    const topicId = (await ok(fac, 'topic:propose', { title: 'Quiet hours' })).topicId as string;
    const breakout = (await ok(fac, 'topic:accept', { topicId })).boardId as string;
    await ok(fac, 'board:bring', { boardId: breakout });
    await page.waitForURL(`**/b/${s.sessionId}/${breakout}`);
    await page.getByRole('heading', { name: 'Quiet hours', level: 1 }).waitFor();
    await eventually(async () => expect(await page.getByText('Breakout: Follow me').count()).toBe(1));
  });
});
