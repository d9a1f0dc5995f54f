/**
 * The facilitator's console on a laptop (1366×800): create a session through the UI at `/`, land
 * on the console, change settings, move the phase (a jump asks for a reason), run the timer,
 * approve a screened concern, merge a suggested duplicate, reveal a vote, add an action item, open
 * the big screen in its own window without losing the facilitator's token; an expert invited by
 * link gets the console without session settings. Screenshots in English and zh-CN; axe on every
 * panel. Residents act over real sockets (the tablet is not what this test is about).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { command, connectSocket, join } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

interface Stored {
  sessionId: string;
  token: string;
  joinCode: string;
  boardId?: string;
}

async function storedSessions(page: Page): Promise<Record<string, Stored>> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, Stored>);
}

async function resident(joinCode: string): Promise<Socket> {
  const j = await join(rig.server.url, joinCode, { name: 'Ms Li' });
  const s = await connectSocket(rig.server.url, j.token);
  sockets.push(s);
  return s;
}

async function ok(sock: Socket, name: string, payload: object): Promise<Record<string, unknown>> {
  const ack = await command(sock, name, payload);
  expect(ack, `${name} ${JSON.stringify(ack.error)}`).toMatchObject({ ok: true });
  return ack;
}

/** The console's live result line says `text`. */
async function notice(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.console-notice', { hasText: text }).waitFor();
}

async function openTab(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

async function expectAxeClean(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, where).toEqual([]);
}

const lift1 = 'The lift in building 3 is broken again';
const lift2 = 'The lift in building 3 is broken every week';
const benches = 'We need benches in the courtyard';

describe('the facilitator console', () => {
  it('runs a consultation from the laptop, and an invited expert gets it without settings', async () => {
    // Create through the UI at `/`.
    const page = await rig.open('laptop', '/', { locale: 'en' });
    page.setDefaultTimeout(10_000);
    await page.getByLabel('Topic').fill('Lift repair');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Open board' }).click();
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    await page.getByText('Online').first().waitFor();
    const [sessionId, stored] = Object.entries(await storedSessions(page))[0]!;
    const boardId = new URL(page.url()).pathname.split('/')[3]!;
    const joinCode = stored.joinCode;

    // Residents' first concerns (two say the same thing).
    const li = await resident(joinCode);
    await ok(li, 'note:add', { boardId, text: lift1 });
    await ok(li, 'note:add', { boardId, text: lift2 });
    await page.getByText(lift2).waitFor();

    // Settings: screening on, three dots each.
    await openTab(page, /^Settings/);
    await page.getByLabel('Dots per person').fill('3');
    await page.getByLabel('Dots per person').press('Enter');
    await notice(page, 'Setting saved.');
    await page.getByRole('checkbox', { name: /^Screening/ }).check();
    await page.waitForFunction(() => (document.querySelector('#setting-dotsPerParticipant') as HTMLInputElement | null)?.value === '3');
    await expectAxeClean(page, 'settings');

    // A screened concern waits, then is approved into the board.
    const held = await ok(li, 'note:add', { boardId, text: benches });
    expect(held.state).toBe('pending');
    await page.getByRole('tab', { name: /^Moderation 1/ }).click();
    await page.getByRole("button", { name: /^Approve “We need benches/ }).click();
    await notice(page, 'Approved');
    await page.locator('.console-board').getByText(benches).waitFor();
    await expectAxeClean(page, 'moderation');

    // The suggested duplicate is merged in one tap.
    await openTab(page, /^Duplicates/);
    await page.getByRole('button', { name: 'Find similar concerns' }).click();
    await page.getByRole('button', { name: /^Merge the group into/ }).click();
    await notice(page, /Duplicates merged \(1\)/);
    await page.locator('.console-board').getByText(lift2).waitFor({ state: 'detached' });
    await expectAxeClean(page, 'duplicates');

    // The timer counts down against the server clock.
    await page.getByLabel('Minutes').fill('2');
    await page.getByRole('button', { name: 'Start' }).click();
    await notice(page, 'Timer started: 2:00.');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect(await page.getByLabel('Time left').textContent()).toMatch(/^[12]:\d\d$/);

    // One step forward needs no reason; a jump does, and goes into the record.
    await page.getByRole('button', { name: '2 Cluster', exact: true }).click();
    await notice(page, 'Now in step “Cluster”.');
    await page.getByRole('button', { name: '4 Act', exact: true }).click();
    await page.getByRole('dialog').getByLabel(/This skips Vote/).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: '3 Vote', exact: true }).click();
    await notice(page, 'Now in step “Vote”.');
    await screenshot(page, 'console-vote-en');

    // Dots from the hall, then the reveal and the ranked result.
    await ok(li, 'vote:cast', { boardId, targetId: String(held.noteId) });
    await openTab(page, /^Vote/);
    await page.getByText(/of \d+ (people still have|person still has) dots/).waitFor();
    await page.getByRole('button', { name: 'Reveal the vote' }).click();
    await notice(page, 'Vote revealed.');
    const results = page.getByRole('list', { name: 'Result, most dots first' });
    await results.getByText(benches).waitFor();
    expect(await results.locator('li').first().textContent()).toContain('No. 1');
    // The reveal closed the vote: a dot from the hall is refused until the console reopens it.
    await page.getByText(/^Voting is closed/).waitFor();
    expect((await command(li, 'vote:cast', { boardId, targetId: String(held.noteId) })).error?.code).toBe('VOTE_CLOSED');
    await expectAxeClean(page, 'vote');
    await page.getByRole('button', { name: 'Reopen voting' }).click();
    await notice(page, 'Voting is open again.');
    expect((await command(li, 'vote:cast', { boardId, targetId: String(held.noteId) })).ok).toBe(true);

    // Jump from vote to done with a reason, then back to act.
    await page.getByRole('button', { name: '5 Done', exact: true }).click();
    await page.getByRole('dialog').getByLabel(/This skips Act/).fill('Testing the record');
    await page.getByRole('button', { name: 'Skip ahead' }).click();
    await notice(page, 'Now in step “Done”.');
    await page.getByRole('button', { name: '4 Act', exact: true }).click();
    await notice(page, 'Now in step “Act”.');

    // An action item, co-drafted title and an owner.
    await openTab(page, /^Actions/);
    await page.getByLabel('New action item').fill('Ask the housing office to repair the lift');
    await page.getByRole('button', { name: 'Add action' }).click();
    const title = page.getByLabel('Action 1: what will be done');
    // The field can be drawn a moment before its text arrives from the shared draft.
    await expect.poll(() => title.inputValue()).toBe('Ask the housing office to repair the lift');
    await title.press('End');
    await title.pressSequentially(' by May');
    await page.getByLabel('Who').fill('Housing office');
    await page.getByLabel('Who').press('Enter');
    await expectAxeClean(page, 'actions');

    // The big screen opens in its own window with its own identity; the facilitator stays one.
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Open big screen' }).click();
    const screen = await popup;
    await screen.waitForURL(/\/s\//);
    await screen.getByText('Lift repair').first().waitFor();
    const after = await storedSessions(page);
    expect(after[sessionId]?.token).toBe(stored.token);
    expect(after[`screen:${sessionId}`]?.token).toBeTruthy();
    expect(after[`screen:${sessionId}`]?.token).not.toBe(stored.token);
    await screen.close();

    // The other panels: each one clean for axe, screenshots in both languages.
    for (const tab of [/^Scribe/, /^People/, /^Open space/, /^Balance/, /^Back-channel/, /^Results/]) {
      await openTab(page, tab);
      await expectAxeClean(page, String(tab));
    }
    await openTab(page, /^People/);
    await page.getByRole('button', { name: 'Invite an expert' }).click();
    const invite = await page.getByLabel('Expert invite link').inputValue();
    expect(invite).toMatch(/\/i\/[A-Za-z0-9_-]+$/);
    await screenshot(page, 'console-people-en');
    await openTab(page, /^Moderation/);
    await screenshot(page, 'console-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '步骤' }).waitFor();
    await screenshot(page, 'console-zh-CN');
    await openTab(page, /^行动/);
    await screenshot(page, 'console-actions-zh-CN');
    await expectAxeClean(page, 'zh-CN actions');
    await openTab(page, /^参与均衡/);
    await screenshot(page, 'console-balance-zh-CN');
    await page.getByRole('button', { name: 'English' }).click();

    // The invited expert: the console, without session settings.
    const expert = await rig.open('laptop', new URL(invite).pathname, { locale: 'en' });
    expert.setDefaultTimeout(10_000);
    await expert.getByLabel(/Your name/).fill('Dr Wang');
    await expert.getByRole('button', { name: 'Accept and open the board' }).click();
    await expert.getByRole('heading', { name: 'Steps' }).waitFor();
    await expert.getByRole('tab', { name: /^Moderation/ }).waitFor();
    expect(await expert.getByRole('tab', { name: /^Settings/ }).count()).toBe(0);
    expect(await expert.getByRole('button', { name: 'Close joining' }).count()).toBe(0);
    await expert.getByRole('tab', { name: /^Back-channel/ }).click();
    await expert.getByLabel(/^Message/).fill('Shall we take the lift first?');
    await expert.getByRole('button', { name: 'Send' }).click();
    await expert.getByText('Shall we take the lift first?').waitFor();
    await screenshot(expert, 'console-expert-en');
    await expectAxeClean(expert, 'expert');
    // The facilitator hears it on the back-channel.
    await openTab(page, /^Back-channel/);
    await page.getByText('Shall we take the lift first?').waitFor();
  }, 120_000);
});
