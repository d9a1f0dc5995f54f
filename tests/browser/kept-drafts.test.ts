/**
 * Nothing a resident typed is lost when the step leaves Act under them: a tablet drafts an
 * action's wording offline, the facilitator closes the step, and when the tablet reconnects the
 * server refuses the edit (4403) and the board is reloaded from the server. The wording is kept
 * on the device and offered back (also after a reload), and put back once drafting reopens.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced } from '../helpers/clients.ts';
import type { ProviderClient } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { expectAxeClean } from './ui-steps.ts';
import { useOpenClients } from '../helpers/open-clients.ts';

const rig = useRig();
const { providers, sockets } = useOpenClients();

const serverTitle = (reader: ProviderClient, actionId: string): string =>
  String((reader.doc.getMap('actions').get(actionId) as Y.Map<unknown> | undefined)?.get('title') ?? '');

describe('action wording refused when the step closes', () => {
  it('is kept on the tablet and offered back, then put back when drafting reopens', async () => {
    const s = await createSession(rig.server.url, 'Ramp repair');
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(rig.server.url, s.facilitatorToken);
    sockets.push(fac);
    expect(await command(fac, 'phase:set', { boardId, phase: 'act', reason: 'drafting actions' })).toMatchObject({ ok: true });
    const actionId = String((await command(fac, 'action:add', { boardId, title: 'Fix the ramp' })).actionId);
    const reader = connectProvider(rig.server.wsUrl, boardId, (await join(rig.server.url, s.joinCode, { name: 'Reader' })).token);
    providers.push(reader);
    await synced(reader);

    const tablet = await rig.device('tablet');
    const page = await tablet.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`/j/${s.joinCode}`);
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    const draft = page.getByRole('region', { name: 'Actions', exact: true }).getByRole('textbox', { name: /^Action 1/ });
    await expect.poll(() => draft.inputValue()).toBe('Fix the ramp');

    // Offline, the resident goes on drafting; meanwhile the facilitator closes the step.
    await tablet.setOffline(true);
    await page.getByText('Offline').first().waitFor();
    await draft.click();
    await draft.press('End');
    await draft.pressSequentially(' before the rainy season');
    await expect.poll(() => draft.inputValue()).toBe('Fix the ramp before the rainy season');
    expect(await command(fac, 'phase:set', { boardId, phase: 'done' })).toMatchObject({ ok: true });

    // Back online: the server refuses the edit and the board is reloaded from it; the wording stays.
    await tablet.setOffline(false);
    const kept = page.getByRole('region', { name: 'Your wording that was not saved' });
    await kept.waitFor();
    await expect.poll(() => kept.getByRole('textbox', { name: 'Action 1' }).inputValue()).toBe('Fix the ramp before the rainy season');
    await expect.poll(() => draft.inputValue()).toBe('Fix the ramp');
    expect(serverTitle(reader, actionId)).toBe('Fix the ramp');
    expect(await kept.getByRole('button', { name: 'Put it back' }).count()).toBe(0); // drafting is closed
    await screenshot(page, 'kept-drafts-offered');
    await expectAxeClean(page, 'tablet with kept wording');

    // Kept on the device: a reload still offers it.
    await page.reload();
    await kept.waitFor();
    await expect.poll(() => kept.getByRole('textbox', { name: 'Action 1' }).inputValue()).toBe('Fix the ramp before the rainy season');

    // Drafting reopens: the resident puts it back, and it reaches the server.
    expect(await command(fac, 'phase:set', { boardId, phase: 'act' })).toMatchObject({ ok: true });
    await kept.getByRole('button', { name: 'Put it back' }).tap();
    await eventually(() => expect(serverTitle(reader, actionId)).toBe('Fix the ramp before the rainy season'), 10_000);
    await kept.waitFor({ state: 'detached' });
    await expect.poll(() => draft.inputValue()).toBe('Fix the ramp before the rainy season');
  });
});
