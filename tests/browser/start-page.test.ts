/**
 * The start page on the devices people bring (issue 17, point 4): on a phone or tablet *Join*
 * comes first, on the facilitator's laptop *Start a consultation* does; a join code typed as a
 * topic asks "Did you mean to join?" before anyone becomes the facilitator of an empty
 * consultation; the start page and the join page each have one h1, with no axe violations in
 * either language.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createSession } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();

/** The headings of the start page's two panels, top to bottom. */
async function panelOrder(page: Page): Promise<string[]> {
  await page.locator('.panels h2').first().waitFor();
  return page.locator('.panels h2').allTextContents();
}

describe('the start page on phones, tablets and the laptop', () => {
  it('puts Join first on touch devices and Start first on the laptop', async () => {
    for (const kind of ['phone', 'tablet'] as const) {
      const page = await rig.open(kind, '/');
      expect(await panelOrder(page), kind).toEqual(['Join a consultation', 'Start a consultation']);
      await screenshot(page, `start-${kind}-en`);
    }
    const laptop = await rig.open('laptop', '/');
    expect(await panelOrder(laptop)).toEqual(['Start a consultation', 'Join a consultation']);
  });

  it('asks "Did you mean to join?" when the topic is a join code, and joins on yes', async () => {
    const s = await createSession(rig.server.url, 'Lift repair');
    const page = await rig.open('phone', '/');
    const typed = `${s.joinCode.slice(0, 4).toLowerCase()}-${s.joinCode.slice(4).toLowerCase()}`;
    await page.getByRole('textbox', { name: 'Topic' }).fill(typed);
    await page.getByRole('button', { name: 'Create' }).tap();
    await page.getByRole('alert').getByText('Did you mean to join?').waitFor();
    await screenshot(page, 'start-ask-join-phone-en');
    expect(await axeViolations(page)).toEqual([]);
    // Nothing was created: the page still offers both answers, no join code of a new session.
    expect(await page.getByText('Your consultation is ready').count()).toBe(0);
    await page.getByRole('button', { name: 'Yes, join with this code' }).tap();
    await page.waitForURL(/\/b\//);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { role: string }>);
    expect(stored[s.sessionId]?.role).toBe('resident');
  });

  it('creates anyway when the person says the topic is a topic', async () => {
    const page = await rig.open('laptop', '/');
    await page.getByRole('textbox', { name: 'Topic' }).fill('ACDE FGHJ');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'No, create a consultation' }).click();
    await page.getByRole('heading', { name: 'Your consultation is ready' }).waitFor();
  });

  it('does not ask for an ordinary topic', async () => {
    const page = await rig.open('laptop', '/');
    await page.getByRole('textbox', { name: 'Topic' }).fill('Courtyard parking');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Your consultation is ready' }).waitFor();
  });

  it('gives the start page and the join page one h1 each, axe-clean in both languages', async () => {
    const s = await createSession(rig.server.url, 'Courtyard parking');
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const [kind, path] of [['tablet', '/'], ['phone', `/j/${s.joinCode}`], ['laptop', '/']] as const) {
        const page = await rig.open(kind, path, { locale });
        await page.locator('.panels h1, .panels h2').first().waitFor();
        if (path !== '/') await page.getByRole('heading', { level: 1, name: /Courtyard parking/ }).waitFor();
        expect(await page.locator('h1').count(), `${kind} ${path} ${locale}`).toBe(1);
        expect(await axeViolations(page, ['page-has-heading-one']), `${kind} ${path} ${locale}`).toEqual([]);
        expect(await axeViolations(page), `${kind} ${path} ${locale}`).toEqual([]);
        await screenshot(page, `start-h1-${kind}-${path === '/' ? 'start' : 'join'}-${locale}`);
      }
    }
  }, 90_000);
});
