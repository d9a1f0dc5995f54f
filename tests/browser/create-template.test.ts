/**
 * Issue 18, "Templates": the start page offers the courtyard micro-consultation beside the full
 * open-space one, each with a line saying what it is for, and creating with it gives the
 * courtyard's settings (no marketplace, 3 dots, a 10-minute timer ready to start).
 */
import { describe, expect, it } from 'vitest';
import { connectProvider, synced } from '../helpers/clients.ts';
import { useOpenClients } from '../helpers/open-clients.ts';
import { screenshot, useRig } from './harness.ts';

const rig = useRig();
const { providers } = useOpenClients();

describe('templates in the create form', () => {
  it('creates a courtyard micro-consultation from the start page', async () => {
    const page = await rig.open('laptop', '/');
    page.setDefaultTimeout(20_000);
    await page.getByRole('heading', { name: 'Start a consultation' }).waitFor();
    const courtyard = page.getByRole('radio', { name: /Courtyard micro-consultation/ });
    await courtyard.waitFor({ timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'create-template-form');
    expect(await courtyard.count(), 'the courtyard template offered in the create form').toBe(1);
    // The line saying what it is for, read with the choice.
    await expect.poll(() => courtyard.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).innerText())).toMatch(/residents of one building/);
    expect(await page.getByRole('radio', { name: /Open-space consultation/ }).isChecked()).toBe(true);

    await courtyard.check();
    await page.getByRole('textbox', { name: 'Topic' }).fill('Block 3: the courtyard bins');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Your consultation is ready' }).waitFor();
    const stored = await page.evaluate(() => Object.values(JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { token: string; boardId: string }>)[0]!);

    const doc = connectProvider(rig.server.wsUrl, stored.boardId, stored.token);
    providers.push(doc);
    await synced(doc);
    const board = doc.doc.getMap('board');
    expect(board.get('settings')).toMatchObject({ marketplace: false, dotsPerParticipant: 3 });
    expect(board.get('timer')).toMatchObject({ status: 'paused', durationMs: 600_000 });
  }, 60_000);
});
