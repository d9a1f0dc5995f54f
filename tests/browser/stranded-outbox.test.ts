/**
 * Nothing a resident typed is lost when their token expires: a concern made offline waits in
 * the outbox, the token runs out before the tablet is back, the person joins again (a new
 * participant), and the waiting concern is offered to them and sent, exactly once, as who they
 * are now. Residents' tokens live 15 s in this file.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectProvider, createSession, eventually, synced } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { expectAxeClean } from './ui-steps.ts';
import { useOpenClients } from '../helpers/open-clients.ts';

const residentTtlMs = 15_000;
const rig = useRig({ tokenTtl: { moderator: 3_600_000, participant: residentTtlMs } });
const { providers } = useOpenClients();

describe('an outbox stranded by an expired token', () => {
  // Waits out a 15 s token lifetime on purpose: far from the default 30 s timeout under load.
  it('is offered after joining again, and sent once as the new participant', async () => {
    const s = await createSession(rig.server.url, 'Bins');
    const boardId = s.boards[0]!.id;
    const facilitator = connectProvider(rig.server.wsUrl, boardId, s.facilitatorToken);
    providers.push(facilitator);
    await synced(facilitator);
    const notes = () => [...facilitator.doc.getMap<Y.Map<unknown>>('notes').values()].map((n) => ({ text: n.get('text'), author: n.get('authorId') }));

    const tablet = await rig.device('tablet');
    const page = await tablet.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`/j/${s.joinCode}`);
    const joinedAt = Date.now();
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    await page.getByText('All saved').waitFor();
    const me = () => page.evaluate((id) => (JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { participantId: string }>)[id]?.participantId, s.sessionId);
    const first = await me();

    await tablet.setOffline(true);
    await page.getByText('Offline').first().waitFor();
    await page.getByRole('button', { name: 'Add a concern' }).tap();
    await page.getByRole('textbox', { name: 'Your concern' }).fill('Bins overflow on Mondays');
    await page.getByRole('button', { name: 'Post' }).tap();
    await page.getByText('Offline — 1 waiting to send').waitFor();

    // The token runs out while the tablet is offline; back online, the server refuses it.
    await page.waitForTimeout(Math.max(0, joinedAt + residentTtlMs + 1_000 - Date.now()));
    await tablet.setOffline(false);
    await page.getByText('Your access to this session is no longer valid. Please join again with the code.').waitFor();
    expect(notes()).toEqual([]);

    await page.getByRole('button', { name: 'Join again' }).tap();
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    const second = await me();
    expect(second).not.toBe(first);
    const offer = page.getByRole('region', { name: 'Changes you made before you joined again were not sent (1)' });
    await offer.waitFor();
    await offer.getByText('“Bins overflow on Mondays”').waitFor();
    await screenshot(page, 'stranded-outbox-offered');
    await expectAxeClean(page, 'tablet offering a stranded outbox');
    expect(notes()).toEqual([]);

    await offer.getByRole('button', { name: 'Send them now' }).tap();
    await offer.waitFor({ state: 'detached' });
    await page.getByText('All saved').waitFor();
    await eventually(() => expect(notes()).toEqual([{ text: 'Bins overflow on Mondays', author: second }]), 10_000);
    // Once sent it is gone from the device: a reload offers nothing and sends nothing again.
    await page.reload();
    await page.getByText('All saved').waitFor();
    expect(await offer.count()).toBe(0);
    expect(notes()).toHaveLength(1);
  }, 120_000);
});
