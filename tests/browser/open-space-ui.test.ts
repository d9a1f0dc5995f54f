/**
 * An open-space round through the screens alone: residents propose topics on their tablets, the
 * facilitator accepts (or declines, with a reason) them on the console, adds spaces and time slots
 * and places the topics on the agenda wall; residents walk between breakouts and the big screen's
 * wall counts heads live; a convener sorts and drafts on their own breakout (where a resident
 * may not); the facilitator brings the breakouts together and the action reaches the plenary.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useRig } from './harness.ts';
import { addConcern, answerDialog, consoleSays, consoleStep, consoleTab, expectAxeClean, joinByLink, scanQr } from './ui-steps.ts';

const rig = useRig();

const title = 'Open space: our courtyard';
const benches = 'Benches and shade';
const bikes = 'Bicycle parking';
const quiet = 'Quiet hours after ten';

async function propose(page: Page, topic: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Topic', exact: true }).fill(topic);
  await page.getByRole('button', { name: 'Propose topic' }).tap();
  await page.getByText('Your topic was proposed.').waitFor();
}

/** A tablet walks into a group from the plenary's list of groups (the law of two feet). */
async function goToGroup(page: Page, topic: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${topic}`) }).first().tap();
  await page.getByText(`You are in the group “${topic}”.`).waitFor();
  await page.getByRole('heading', { level: 1, name: topic }).waitFor();
}

describe('an open-space round run from the screens', () => {
  it('gathers topics, builds the agenda wall, counts heads per breakout, and converges the breakouts’ actions', async () => {
    // The facilitator creates the session; the projector joins as the big screen with the code.
    const fac = await rig.open('laptop', '/');
    fac.setDefaultTimeout(15_000);
    await fac.getByLabel('Topic').fill(title);
    await fac.getByRole('button', { name: 'Create' }).click();
    const code = (await fac.locator('.join-code').innerText()).trim();
    await fac.getByRole('button', { name: 'Open board' }).click();
    await fac.getByRole('heading', { name: 'Steps' }).waitFor();

    const screen = await rig.open('projector', `/j/${code}`);
    screen.setDefaultTimeout(15_000);
    await screen.getByText('More about you (optional)').click();
    await screen.getByRole('checkbox', { name: 'This device is the big screen (display only)' }).check();
    await screen.getByRole('button', { name: 'Join', exact: true }).click();
    const qr = screen.getByRole('img', { name: /^QR code to join: / });
    await qr.waitFor();
    const joinPath = new URL((await scanQr(qr))!).pathname;

    // Three residents scan the screen's QR code, join and propose topics in the marketplace.
    const [li, wang, zhao] = await Promise.all([
      joinByLink(rig, joinPath, title, 'Mrs Li'),
      joinByLink(rig, joinPath, title, 'Mr Wang'),
      joinByLink(rig, joinPath, title, 'Xiao Zhao'),
    ]);
    await propose(li, benches);
    await propose(wang, bikes);
    await propose(zhao, quiet);
    await screen.getByRole('heading', { name: 'Agenda wall' }).waitFor();
    const proposedOnScreen = screen.getByRole('heading', { name: 'Proposed topics' }).locator('xpath=..');
    await expect.poll(() => proposedOnScreen.innerText()).toContain(quiet);
    await screenshot(screen, 'ui-open-space-1-screen-proposed');

    // The facilitator accepts two (each opens a breakout) and declines one with a reason.
    await consoleTab(fac, 'Open space');
    await fac.getByRole('heading', { name: 'Marketplace: proposed topics (3)' }).waitFor();
    for (const topic of [benches, bikes]) {
      await fac.getByRole('button', { name: `Accept topic ${topic}` }).click();
      await consoleSays(fac, `Topic “${topic}” accepted: its breakout board is open.`);
    }
    await fac.getByRole('button', { name: `Decline topic ${quiet}` }).click();
    await fac.getByRole('dialog').getByRole('textbox', { name: 'Reason (optional, shown on the wall)' }).fill('The house rules already cover this');
    await fac.getByRole('dialog').getByRole('button', { name: 'Decline' }).click();
    await consoleSays(fac, 'Topic declined.');
    const zhaoTopic = zhao.getByRole('listitem').filter({ hasText: quiet });
    await expect.poll(() => zhaoTopic.innerText()).toMatch(/Not taken up[\s\S]*Reason: The house rules already cover this/);
    await li.getByRole('listitem').filter({ hasText: benches }).filter({ hasText: 'Group open' }).getByText('(yours)').waitFor();

    // Spaces and time slots, then the wall.
    await fac.getByRole('button', { name: 'Add a space' }).click();
    await answerDialog(fac, 'Room or table', 'Hall A');
    await consoleSays(fac, '“Hall A” added.');
    await fac.getByRole('button', { name: 'Add a space' }).click();
    await answerDialog(fac, 'Room or table', 'Courtyard');
    await consoleSays(fac, '“Courtyard” added.');
    await fac.getByRole('button', { name: 'Add a time slot' }).click();
    await answerDialog(fac, 'Time, e.g. 10:00–10:45', '10:00–10:45');
    await consoleSays(fac, '“10:00–10:45” added.');
    await fac.getByRole('combobox', { name: 'Hall A at 10:00–10:45' }).selectOption({ label: benches });
    await consoleSays(fac, 'Placed on the agenda wall.');
    await fac.getByRole('combobox', { name: 'Courtyard at 10:00–10:45' }).selectOption({ label: bikes });
    await expect.poll(() => fac.getByRole('combobox', { name: 'Courtyard at 10:00–10:45' }).inputValue()).not.toBe('');

    // The big screen's wall: each topic in its place, with nobody in either group yet.
    const cell = (topic: string) => screen.getByRole('cell').filter({ hasText: topic });
    await expect.poll(() => cell(benches).innerText()).toMatch(/0 here/);
    await expect.poll(() => cell(bikes).innerText()).toMatch(/0 here/);
    const headers = await screen.getByRole('columnheader').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(['Time', 'Hall A', 'Courtyard']);
    await screenshot(screen, 'ui-open-space-2-screen-wall');

    // The law of two feet: residents walk into groups; the wall counts heads as they go.
    await li.getByRole('region', { name: 'Where and when' }).getByRole('button', { name: new RegExp(`^${benches}`) }).tap();
    await li.getByText(`You are in the group “${benches}”.`).waitFor();
    await goToGroup(wang, benches);
    await goToGroup(zhao, bikes);
    await expect.poll(() => cell(benches).innerText()).toMatch(/2 here/);
    await expect.poll(() => cell(bikes).innerText()).toMatch(/1 here/);
    // Mr Wang moves on to the bicycles.
    await wang.getByRole('link', { name: /Back to plenary/ }).tap();
    await wang.getByRole('heading', { level: 1, name: title }).waitFor();
    await goToGroup(wang, bikes);
    await expect.poll(() => cell(benches).innerText()).toMatch(/1 here/);
    await expect.poll(() => cell(bikes).innerText()).toMatch(/2 here/);
    await screenshot(screen, 'ui-open-space-3-screen-headcounts');
    await expectAxeClean(screen, 'big screen, agenda wall');

    // The convener works in her breakout: a concern, sorted into a theme the facilitator made.
    await addConcern(li, 'More shade near the sandpit');
    await fac.getByRole('combobox', { name: 'Board' }).selectOption({ label: benches });
    await fac.getByRole('heading', { name: 'Board · concerns: 1, themes: 0' }).waitFor();
    expect(await fac.getByRole('combobox', { name: 'Board' }).locator('option:checked').innerText()).toBe(benches);
    await fac.getByRole('textbox', { name: 'New theme' }).fill('Shade');
    await fac.getByRole('button', { name: 'Add theme' }).click();
    await consoleSays(fac, 'Theme “Shade” added.');
    // Still gathering, and residents may not sort here, but the convener may.
    const liNote = li.getByRole('list', { name: 'Concerns on the board' }).getByRole('listitem').filter({ hasText: 'More shade near the sandpit' });
    // A tap on the concern (seen from "Show all" its card shows its first words, without its "Move to theme…" button).
    await liNote.tap();
    await li.getByRole('dialog', { name: 'Move this concern to which theme?' }).getByRole('button', { name: 'Shade', exact: true }).tap();
    await li.getByText('Moved to “Shade”.').waitFor();
    await fac.getByRole('region', { name: /^Shade \(1\)/ }).getByText('More shade near the sandpit').waitFor();

    // An action on the breakout, its wording drafted by the convener.
    await consoleTab(fac, 'Actions');
    await fac.getByRole('textbox', { name: 'New action item' }).fill('Plant two trees');
    await fac.getByRole('button', { name: 'Add action' }).click();
    await consoleSays(fac, 'Action “Plant two trees” added.');
    await consoleStep(fac, 4, 'Act', 'The group wrote its ideas down as one action');
    const draft = li.getByRole('textbox', { name: /^Action 1/ });
    await expect.poll(() => draft.inputValue()).toBe('Plant two trees');
    await draft.click();
    await draft.press('End');
    await draft.pressSequentially(' by the sandpit');
    await expect.poll(() => fac.getByRole('textbox', { name: 'Action 1: what will be done' }).inputValue()).toBe('Plant two trees by the sandpit');
    await screenshot(li, 'ui-open-space-4-convener-drafting');

    // Back on the plenary, the facilitator brings the breakouts together.
    await fac.getByRole('combobox', { name: 'Board' }).selectOption({ label: title });
    await fac.getByRole('heading', { name: 'Board · concerns: 0, themes: 0' }).waitFor();
    await consoleTab(fac, 'Open space');
    await fac.getByRole('button', { name: 'Bring breakouts together' }).click();
    // One action, gathered from the two breakouts (the bicycles wrote none).
    await consoleSays(fac, 'Brought to the plenary: 1 action from the breakouts (2).');
    await consoleTab(fac, 'Actions');
    await expect.poll(() => fac.getByRole('textbox', { name: 'Action 1: what will be done' }).inputValue()).toBe('Plant two trees by the sandpit');
    await fac.getByText(`From breakout “${benches}”`).waitFor();

    // Everyone is asked back to the plenary; the tablets go.
    for (const page of [li, wang, zhao]) {
      await page.getByText('The facilitator asks everyone to go to the main board.').waitFor();
      await page.getByRole('button', { name: 'Go there now' }).tap();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
    }
    await expect.poll(() => cell(bikes).innerText()).toMatch(/0 here/);

    // The plenary moves on to act: the converged action is on the big screen and on the tablets.
    await consoleStep(fac, 4, 'Act', 'The actions come from the breakouts');
    await screen.getByRole('region', { name: 'Action items' }).getByText('Plant two trees by the sandpit').waitFor();
    await expect.poll(() => zhao.getByRole('textbox', { name: /^Action 1/ }).inputValue()).toBe('Plant two trees by the sandpit');
    await screenshot(screen, 'ui-open-space-5-screen-converged');
    await screenshot(fac, 'ui-open-space-6-console-converged');
    await expectAxeClean(screen, 'big screen, converged actions');
  }, 150_000);
});
