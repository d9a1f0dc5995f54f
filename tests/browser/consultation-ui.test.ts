/**
 * A whole consultation driven through the screens alone, each person on their own device: the
 * facilitator creates it at `/` on a laptop and opens the big screen from the console in one
 * click; the projector joins as the big screen; three residents join on touch tablets by the link
 * read from a screenshot of the big screen's QR code (decoded as a phone camera would), add concerns, sort them into the facilitator's themes by
 * dragging and by "Move to theme…", vote with their dots left in sight; the big screen shows no
 * tally until the facilitator reveals it, then ranked bars; an action is co-drafted from a tablet
 * and the facilitator sees the words arrive.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useRig } from './harness.ts';
import { addConcern, centerOf, consoleSays, consoleStep, consoleTab, expectAxeClean, framesOf, joinByLink, scanQr, touchDrag, watchFrames } from './ui-steps.ts';

const rig = useRig();

const title = 'Building 5: lift and courtyard';
const liftStops = 'The lift in block 5 stops between floors';
const ramp = 'No ramp at the back door';
const bins = 'Bins overflow on Mondays';
const liftDoor = 'The lift door closes too fast';

/** The big screen's visible and hidden text, aria labels included: where a count could leak. */
async function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label]')].map((el) => el.getAttribute('aria-label'));
    return `${document.body.textContent ?? ''}\n${labels.join('\n')}`;
  });
}

/** A resident gives `n` dots to the concern `text` on the tablet's vote list, one tap each. */
async function dots(page: Page, text: string, n: number): Promise<void> {
  const item = page.getByRole('region', { name: 'Vote for concerns' }).getByRole('listitem').filter({ hasText: text });
  for (let i = 0; i < n; i++) {
    const before = await page.getByRole('status').filter({ hasText: /dots? left/ }).innerText();
    await item.getByRole('button', { name: 'Add a dot' }).tap();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /dots? left/ }).innerText()).not.toBe(before);
  }
}

describe('a consultation run from the screens', () => {
  it('goes from creating the session to a co-drafted action, with the vote hidden on the big screen until revealed', async () => {
    // The facilitator starts at `/` and lands on the console.
    const fac = await rig.open('laptop', '/');
    fac.setDefaultTimeout(15_000);
    await fac.getByLabel('Topic').fill(title);
    await fac.getByRole('button', { name: 'Create' }).click();
    await fac.getByRole('heading', { name: 'Your consultation is ready' }).waitFor();
    await fac.getByRole('button', { name: 'Open board' }).click();
    await fac.getByRole('heading', { name: 'Steps' }).waitFor();
    await fac.getByRole('heading', { level: 1, name: title }).waitFor();

    // One click opens the big screen in its own window, with the join QR and code.
    const [popup] = await Promise.all([fac.waitForEvent('popup'), fac.getByRole('button', { name: 'Open big screen' }).click()]);
    await popup.waitForURL(/\/s\//);
    await popup.getByRole('img', { name: /^QR code to join: / }).waitFor();
    const shownCode = (await popup.getByRole('region', { name: 'Join on your phone' }).getByText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/).innerText()).trim();
    await consoleSays(fac, 'The big screen is open in another window. Move it to the projector and press F for full screen.');
    // The facilitator's own identity was not touched by opening the screen.
    const stored = await fac.evaluate(() => JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { role: string }>);
    const [sessionId] = Object.keys(stored).filter((k) => !k.includes(':'));
    expect(stored[sessionId!]?.role).toBe('facilitator');
    expect(stored[`screen:${sessionId}`]?.role).toBe('screen');
    await popup.close();

    // The projector in the hall joins as the big screen with the code the window showed.
    const screen = await rig.open('projector', `/j/${shownCode.replace('-', '')}`);
    watchFrames(screen);
    screen.setDefaultTimeout(15_000);
    await screen.getByRole('heading', { name: `Join “${title}”` }).waitFor();
    await screen.getByText('More about you (optional)').click();
    await screen.getByRole('checkbox', { name: 'This device is the big screen (display only)' }).check();
    await screen.getByRole('button', { name: 'Join', exact: true }).click();
    await screen.waitForURL(/\/b\//);
    const qr = screen.getByRole('img', { name: /^QR code to join: / });
    await qr.waitFor();

    // Scanning the QR code gives the link shown under it (and in its label), carrying the code shown.
    const joinUrl = await scanQr(qr);
    expect(joinUrl).toMatch(/^https?:\/\/.+\/j\/[A-Z0-9]{8}$/);
    expect(await qr.getAttribute('aria-label')).toBe(`QR code to join: ${joinUrl}`);
    const join = screen.getByRole('region', { name: 'Join on your phone' });
    expect(await join.innerText()).toContain(joinUrl!.replace(/^https?:\/\//, ''));
    expect(await join.getByText(shownCode, { exact: true }).count()).toBe(1);
    const joinPath = new URL(joinUrl!).pathname;
    expect(joinPath).toBe(`/j/${shownCode.replace('-', '')}`);

    // Three residents join by that link and write their concerns.
    const [li, wang, zhao] = await Promise.all([
      joinByLink(rig, joinPath, title, 'Mrs Li'),
      joinByLink(rig, joinPath, title, 'Mr Wang'),
      joinByLink(rig, joinPath, title, 'Xiao Zhao'),
    ]);
    await addConcern(li, liftStops);
    await addConcern(li, ramp);
    await addConcern(wang, bins);
    await addConcern(zhao, liftDoor);
    await fac.getByRole('heading', { name: 'Board · concerns: 4, themes: 0' }).waitFor();
    const counts = screen.getByRole('region', { name: 'Right now' });
    await expect.poll(() => counts.innerText()).toMatch(/people here\s*4\b/);
    await expect.poll(() => counts.innerText()).toMatch(/concerns\s*4\b/);
    for (const text of [liftStops, ramp, bins, liftDoor]) await screen.getByText(text).waitFor();
    await screenshot(screen, 'ui-consultation-1-screen-gather');

    // Residents may sort (a setting), then the facilitator moves to clustering and makes themes.
    await consoleTab(fac, 'Settings');
    await fac.getByRole('checkbox', { name: /^Residents sort/ }).check();
    await consoleSays(fac, 'Setting saved.');
    await consoleStep(fac, 2, 'Cluster');
    for (const theme of ['Lift', 'Access and cleaning']) {
      await fac.getByRole('textbox', { name: 'New theme' }).fill(theme);
      await fac.getByRole('button', { name: 'Add theme' }).click();
      await consoleSays(fac, `Theme “${theme}” added.`);
    }

    // Mrs Li drags her concern onto "Lift" with a finger.
    await li.getByText('Sorting: drag a concern onto a theme').waitFor();
    const liftTheme = li.getByRole('list', { name: 'Themes' }).getByRole('listitem').filter({ hasText: 'Lift' });
    await liftTheme.waitFor();
    // Both themes on the tablet before "Show all": one that arrives after it is not in the view.
    await li.getByRole('list', { name: 'Themes' }).getByRole('listitem').filter({ hasText: 'Access and cleaning' }).waitFor();
    await li.getByRole('button', { name: 'Show all' }).tap();
    const boardBox = (await li.locator('.tboard').first().boundingBox())!;
    await expect.poll(async () => {
      const b = (await liftTheme.getByRole('heading').boundingBox())!;
      return b.x >= boardBox.x && b.x + b.width <= boardBox.x + boardBox.width;
    }, { timeout: 5_000 }).toBe(true);
    const liNote = li.getByRole('list', { name: 'Concerns on the board' }).getByRole('listitem').filter({ hasText: liftStops });
    await touchDrag(li, await centerOf(liNote.getByText(liftStops)), await centerOf(liftTheme.getByRole('heading')));
    await li.getByText('Moved to “Lift”.').waitFor();
    await screenshot(li, 'ui-consultation-2-tablet-dragged');

    // Mr Wang and Xiao Zhao tap their concern and choose its theme instead (seen from "Show all"
    // the cards show only their first words, without their "Move to theme…" button).
    const byTap = async (page: Page, text: string, theme: string): Promise<void> => {
      await page.getByRole('list', { name: 'Concerns on the board' }).getByRole('listitem').filter({ hasText: text }).tap();
      const dialog = page.getByRole('dialog', { name: 'Move this concern to which theme?' });
      await dialog.getByRole('button', { name: theme, exact: true }).tap();
      await page.getByText(`Moved to “${theme}”.`).waitFor();
    };
    await byTap(wang, bins, 'Access and cleaning');
    await byTap(zhao, liftDoor, 'Lift');

    // The facilitator's board and the big screen show the sorted themes.
    const facTheme = (name: string) => fac.getByRole('region', { name: new RegExp(`^${name} \\(\\d+\\)`) });
    await expect.poll(() => facTheme('Lift').innerText()).toContain(liftStops);
    await expect.poll(() => facTheme('Lift').innerText()).toContain(liftDoor);
    await expect.poll(() => facTheme('Access and cleaning').innerText()).toContain(bins);
    const screenTheme = (name: string) => screen.getByRole('region', { name, exact: true });
    await expect.poll(() => screenTheme('Lift').innerText()).toContain(liftDoor);
    await expect.poll(() => screenTheme('Lift').innerText()).toContain(liftStops);
    await expect.poll(() => screenTheme('Access and cleaning').innerText()).toContain(bins);
    await screenshot(fac, 'ui-consultation-3-console-sorted');

    // The vote: five dots each, the dots left always in sight.
    await consoleStep(fac, 3, 'Vote');
    for (const page of [li, wang, zhao]) await page.getByRole('status').filter({ hasText: '5 dots left' }).waitFor();
    await dots(li, liftStops, 3);
    await dots(li, ramp, 1);
    await li.getByRole('status').filter({ hasText: '1 dot left' }).waitFor();
    await dots(wang, liftStops, 1);
    await dots(wang, bins, 2);
    await wang.getByRole('status').filter({ hasText: '2 dots left' }).waitFor();
    await dots(zhao, liftDoor, 2);
    await dots(zhao, bins, 1);
    await zhao.getByRole('status').filter({ hasText: '2 dots left' }).waitFor();
    expect(await li.getByText(/dots? in all/).count()).toBe(0);
    await screenshot(zhao, 'ui-consultation-4-tablet-voting');

    // The big screen counts who still has dots: the three residents (the facilitator has cast no
    // dot, so is no voter)…
    await expect.poll(() => counts.innerText()).toMatch(/still have dots\s*of 3\s*3/);
    // …but shows no tally: no results, no ranked bars, no "N dots" anywhere in its document…
    expect(await screen.getByRole('heading', { name: 'Vote results' }).count()).toBe(0);
    expect(await screen.locator('svg.bs-bar').count()).toBe(0);
    expect(await screenText(screen)).not.toMatch(/\d\s*dots?\b/);
    // Nor did any tally reach the big screen or a tablet over the wire.
    for (const page of [screen, li, wang, zhao]) {
      expect(framesOf(page).length).toBeGreaterThan(0);
      expect(framesOf(page).filter((f) => f.includes('tallies'))).toEqual([]);
    }
    await screenshot(screen, 'ui-consultation-5-screen-vote-hidden');

    // The facilitator reveals: ranked bars on the big screen, most dots first.
    await consoleTab(fac, 'Vote');
    await fac.getByRole('button', { name: 'Reveal the vote' }).click();
    await consoleSays(fac, 'Vote revealed.');
    await screen.getByRole('heading', { name: 'Vote results' }).waitFor();
    const bars = screen.getByRole('region', { name: 'Vote results' }).getByRole('listitem');
    await expect.poll(() => bars.count()).toBe(4);
    const rows = await bars.evaluateAll((lis) => lis.map((li) => ['.visually-hidden', '.bs-bar-title', '.bs-bar-count', '.bs-bar-fill'].map((sel) => {
      const el = li.querySelector(sel);
      return sel === '.bs-bar-fill' ? el?.getAttribute('width') : el?.textContent;
    }).join(' | ')));
    expect(rows).toEqual([
      `Rank 1 | ${liftStops} | 4 dots | 100`,
      `Rank 2 | ${bins} | 3 dots | 75`,
      `Rank 3 | ${liftDoor} | 2 dots | 50`,
      `Rank 4 | ${ramp} | 1 dot | 25`,
    ]);
    await screen.getByRole('status').filter({ hasText: `Votes revealed. First place: ${liftStops}, 4 dots.` }).waitFor();
    expect(framesOf(screen).some((f) => f.includes('tallies'))).toBe(true);
    await li.getByText('The results have been shown.').waitFor();
    await screen.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
    await screenshot(screen, 'ui-consultation-6-screen-revealed');
    await expectAxeClean(screen, 'big screen, revealed');

    // Act: the facilitator adds an action; Mrs Li improves its wording on her tablet.
    await consoleStep(fac, 4, 'Act');
    await consoleTab(fac, 'Actions');
    await fac.getByRole('textbox', { name: 'New action item' }).fill('Ask the housing office for a lift repair plan');
    await fac.getByRole('combobox', { name: 'From theme' }).selectOption({ label: 'Lift' });
    await fac.getByRole('button', { name: 'Add action' }).click();
    await consoleSays(fac, /^Action “Ask the housing office/);
    const draft = li.getByRole('textbox', { name: /^Action 1/ });
    await expect.poll(() => draft.inputValue()).toBe('Ask the housing office for a lift repair plan');
    await draft.click();
    await draft.press('End');
    await draft.pressSequentially(' by the end of May');
    const facTitle = fac.getByRole('textbox', { name: 'Action 1: what will be done' });
    await expect.poll(() => facTitle.inputValue()).toBe('Ask the housing office for a lift repair plan by the end of May');
    await screen.getByText('Ask the housing office for a lift repair plan by the end of May').waitFor();
    await screenshot(li, 'ui-consultation-7-tablet-drafting');
    await screenshot(fac, 'ui-consultation-8-console-act');
    await screenshot(screen, 'ui-consultation-9-screen-act');
  }, 150_000);
});
