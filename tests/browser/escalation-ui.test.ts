/**
 * Escalation between two sessions through the consoles (docs/API.md §12): the upper session's
 * console shows its escalation code; the lower session's facilitator escalates a theme (from its
 * card on the board) and an action (from the actions tab) by typing that code; the upper console
 * lists both with their origin and sets their status; once both publish, the lower public page
 * shows the status there and links to the upper page, and the upper page links back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { CreateSessionResponse } from '../../shared/http-api.ts';
import { api, command, connectSocket, createSession } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

async function ok(sock: Socket, name: string, payload: object): Promise<Record<string, unknown>> {
  const ack = await command(sock, name, payload);
  expect(ack, `${name} ${JSON.stringify(ack.error)}`).toMatchObject({ ok: true });
  return ack;
}

/** The facilitator's console on a laptop, signed in with the session's facilitator token. */
async function openConsole(s: CreateSessionResponse, title: string): Promise<Page> {
  const ctx = await rig.device('laptop', { locale: 'en' });
  const entry = { sessionId: s.sessionId, token: s.facilitatorToken, participantId: s.participantId, role: 'facilitator', title, joinCode: s.joinCode, savedAt: Date.now() };
  await ctx.addInitScript((value: string) => {
    if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', value);
  }, JSON.stringify({ [s.sessionId]: entry }));
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`/b/${s.sessionId}/${s.boards[0]!.id}`);
  await page.getByRole('heading', { name: 'Steps' }).waitFor();
  return page;
}

/** Text as the console shortens it in labels (board-labels.ts `clip`). */
const clip = (text: string, max: number): string => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

const notice = (page: Page, text: string) => page.locator('.console-notice', { hasText: text }).waitFor();

/** Types the code into the console's escalation dialog. */
async function enterCode(page: Page, code: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Escalate to a higher-level body' });
  await dialog.getByRole('textbox', { name: 'Their escalation code' }).fill(code);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await notice(page, 'Escalated; both sessions link to each other.');
}

const upperTitle = 'Riverside Community';
const lowerTitle = 'Building 7';
const theme = 'Lift';
const concern = 'The lift breaks down every week';
const action = 'Ask the housing office for a repair plan';

describe('escalation through the consoles', () => {
  it('a lower session escalates a theme and an action by code; the upper one sets their status; both public pages link to each other', async () => {
    const base = rig.server.url;
    const upper = await createSession(base, upperTitle);
    const lower = await createSession(base, lowerTitle);
    const lowerBoard = lower.boards[0]!.id;
    // The lower session's board as the meeting left it (not what this test is about): a theme, its concern, an action.
    const fac = await connectSocket(base, lower.facilitatorToken);
    sockets.push(fac);
    const noteId = (await ok(fac, 'note:add', { boardId: lowerBoard, text: concern })).noteId as string;
    await ok(fac, 'phase:set', { boardId: lowerBoard, phase: 'cluster' });
    const themeId = (await ok(fac, 'cluster:add', { boardId: lowerBoard, title: theme, x: 40, y: 40 })).clusterId as string;
    await ok(fac, 'note:move', { boardId: lowerBoard, noteId, x: 50, y: 60, clusterId: themeId });
    await ok(fac, 'phase:set', { boardId: lowerBoard, phase: 'vote' });
    await ok(fac, 'phase:set', { boardId: lowerBoard, phase: 'act' });
    await ok(fac, 'action:add', { boardId: lowerBoard, title: action, clusterId: themeId });

    // The upper console shows its escalation code in the results tab (the one GET /api/me gives).
    const upperPage = await openConsole(upper, upperTitle);
    await upperPage.getByRole('tab', { name: /^Results/ }).click();
    const me = await api<{ escalationCode: string }>(base, 'GET', '/api/me', undefined, upper.facilitatorToken);
    const code = me.body.escalationCode;
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    const shown = upperPage.locator('.esc-code__value');
    await expect.poll(() => shown.innerText()).toBe(`${code.slice(0, 5)}-${code.slice(5)}`);
    await upperPage.getByText('Received from other sessions (0)').waitFor();

    // The lower facilitator escalates the theme from its card, and the action from the actions tab.
    const lowerPage = await openConsole(lower, lowerTitle);
    await lowerPage.getByRole('button', { name: `Escalate ${theme}` }).click();
    await enterCode(lowerPage, await shown.innerText());
    await lowerPage.getByRole('tab', { name: /^Actions/ }).click();
    await lowerPage.getByRole('button', { name: `Escalate ${clip(action, 30)}` }).click();
    await enterCode(lowerPage, code.toLowerCase());
    // Escalating the same theme again while it is open is refused.
    await lowerPage.getByRole('button', { name: `Escalate ${theme}` }).click();
    const dialog = lowerPage.getByRole('dialog', { name: 'Escalate to a higher-level body' });
    await dialog.getByRole('textbox', { name: 'Their escalation code' }).fill(code);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await lowerPage.locator('.console-notice--error').waitFor();
    await lowerPage.getByRole('tab', { name: /^Results/ }).click();
    await lowerPage.getByText('Sent to other sessions (2)').waitFor();

    // The upper console lists both, with where they came from, and sets their status.
    await upperPage.getByText('Received from other sessions (2)').waitFor();
    const incoming = upperPage.getByRole('list', { name: 'Received from other sessions (2)' });
    const themeItem = incoming.getByRole('listitem').filter({ has: upperPage.getByText(theme, { exact: true }) });
    const actionItem = incoming.getByRole('listitem').filter({ hasText: action });
    expect(await themeItem.innerText()).toContain(`From: ${lowerTitle}`);
    expect(await themeItem.innerText()).toContain(concern); // the theme's detail: its concerns
    expect(await themeItem.innerText()).toContain('Status: Open');
    expect(await actionItem.innerText()).toContain(`From: ${lowerTitle}`);
    await incoming.scrollIntoViewIfNeeded();
    await screenshot(upperPage, 'console-escalations-incoming-en');
    expect(await axeViolations(upperPage)).toEqual([]);

    await upperPage.getByLabel(`New status for “${theme}”`).selectOption('in_progress');
    await upperPage.getByLabel(`Note for “${theme}” (optional)`).fill('The township has asked the lift company for a survey.');
    await upperPage.getByRole('button', { name: `Save status of “${theme}”` }).click();
    await notice(upperPage, 'Status saved; the other session sees it.');
    await expect.poll(() => themeItem.innerText()).toContain('Status: In progress');
    await upperPage.getByLabel(`New status for “${clip(action, 40)}”`).selectOption('accepted');
    await upperPage.getByRole('button', { name: `Save status of “${clip(action, 40)}”` }).click();
    await expect.poll(() => actionItem.innerText()).toContain('Status: Accepted');

    // The lower console sees the new statuses (pushed), in its sent list.
    const outgoing = lowerPage.getByRole('list', { name: 'Sent to other sessions (2)' });
    await expect.poll(() => outgoing.getByRole('listitem').filter({ has: lowerPage.getByText(theme, { exact: true }) }).innerText()).toContain('Status: In progress');
    await expect.poll(() => outgoing.getByRole('listitem').filter({ hasText: action }).innerText()).toContain('Status: Accepted');
    expect(await outgoing.innerText()).toContain(`To: ${upperTitle}`);

    // The same tab in Chinese.
    await upperPage.getByRole('button', { name: '中文' }).click();
    await upperPage.getByText('收到的上报（2）').waitFor();
    await upperPage.getByText('状态：处理中').waitFor();
    await upperPage.locator('.escalations').first().scrollIntoViewIfNeeded();
    await screenshot(upperPage, 'console-escalations-incoming-zh');
    expect(await axeViolations(upperPage)).toEqual([]);
    await upperPage.getByRole('button', { name: 'English' }).click();

    // Both publish from their consoles.
    for (const page of [upperPage, lowerPage]) {
      await page.getByRole('button', { name: 'Publish results' }).click();
      await notice(page, 'Published: anyone with the link can read the results.');
    }

    // The lower public page: the theme and the action, escalated, with the status there and a link up.
    const pub = await rig.open('laptop', `/r/${lower.sessionId}`);
    pub.setDefaultTimeout(10_000);
    const themeNote = pub.locator('.rp-escalation', { hasText: 'Status there: in progress' });
    await themeNote.waitFor();
    expect(await themeNote.innerText()).toContain(`Escalated to ${upperTitle}`);
    const actionNote = pub.locator('.rp-escalation', { hasText: 'Status there: accepted' });
    await actionNote.waitFor();
    const upLink = themeNote.getByRole('link', { name: upperTitle });
    expect(new URL((await upLink.getAttribute('href'))!, base).pathname).toBe(`/r/${upper.sessionId}`);
    expect(new URL((await actionNote.getByRole('link', { name: upperTitle }).getAttribute('href'))!, base).pathname).toBe(`/r/${upper.sessionId}`);
    await screenshot(pub, 'results-escalated-lower-en');
    expect(await axeViolations(pub)).toEqual([]);

    // Following the link: the upper page lists what it received, from where, and links back down.
    await upLink.click();
    await pub.waitForURL(`**/r/${upper.sessionId}`);
    const received = pub.getByRole('region', { name: 'Escalated to this consultation' });
    await received.waitFor();
    expect(await received.innerText()).toContain(theme);
    expect(await received.innerText()).toContain(action);
    expect(await received.innerText()).toContain('Status: in progress');
    const downLink = received.getByRole('link', { name: lowerTitle }).first();
    expect(new URL((await downLink.getAttribute('href'))!, base).pathname).toBe(`/r/${lower.sessionId}`);
    await screenshot(pub, 'results-escalated-upper-en');
    expect(await axeViolations(pub)).toEqual([]);
  }, 90_000);
});
