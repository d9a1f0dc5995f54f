/**
 * Issue 18, "Offline": a "no connection" notice goes once the connection is back (it never sits
 * under a green "Online · All saved"), and a tablet reloaded offline in a group still says which
 * group it is in and offers the way back to the plenary (the session's boards are remembered on
 * the device).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectSocket, createSession, join } from '../helpers/clients.ts';
import { smallPng } from '../helpers/images.ts';
import { useOpenClients } from '../helpers/open-clients.ts';
import { screenshot, useRig } from './harness.ts';
import { entryOf, ok, signedIn } from './signed-in.ts';
import { expectAxeClean } from './ui-steps.ts';

const rig = useRig();
const { sockets } = useOpenClients();

/** The app shell is cached and the board's document is on the device (as offline.test.ts waits). */
async function readyForOffline(page: Page, boardId: string): Promise<void> {
  await page.waitForFunction(async () => navigator.serviceWorker.controller !== null && (await caches.has('yishi-shell-v1')), undefined, { timeout: 30_000 });
  await page.waitForFunction(async (id) => (await indexedDB.databases()).some((d) => d.name?.includes(id)), boardId, { timeout: 30_000 });
}

describe('offline notices and banners', () => {
  it('clears the "no connection" notice once the tablet is back online', async () => {
    const s = await createSession(rig.server.url, 'Block 2: the bins');
    const boardId = s.boards[0]!.id;
    const resident = await join(rig.server.url, s.joinCode, { name: 'Mei' });
    const sock = await connectSocket(rig.server.url, resident.token);
    sockets.push(sock);
    await ok(sock, 'note:add', { boardId, text: 'The bins overflow on Mondays' });
    const page = await signedIn(rig, 'tablet', entryOf(resident, s.joinCode), boardId);
    const mine = page.getByRole('region', { name: /^My concerns/ }).getByRole('listitem').filter({ hasText: 'The bins overflow on Mondays' });
    await mine.waitFor();
    await page.getByText('All saved').waitFor();

    await page.context().setOffline(true);
    await page.getByText('Offline').first().waitFor();
    // A photo cannot wait in the outbox: offline, its upload fails at once.
    await mine.locator('input[type="file"]').setInputFiles({ name: 'bins.png', mimeType: 'image/png', buffer: await smallPng() });
    const notice = page.getByText('No connection to the server right now. Please try again in a moment.');
    await notice.waitFor();
    // Offline is a screen of its own (badge, notice): axe-clean too, best practices included.
    await expectAxeClean(page, 'the tablet offline, with the "no connection" notice');

    await page.context().setOffline(false);
    await page.getByText('Online · All saved').waitFor({ timeout: 30_000 });
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0).catch(() => undefined);
    await screenshot(page, 'offline-notice-back-online');
    expect(await notice.count(), 'the "no connection" notice under "Online · All saved"').toBe(0);
  }, 120_000);

  it('keeps the group banner and the way back to the plenary after a reload offline', async () => {
    const s = await createSession(rig.server.url, 'Block 5: open space');
    const plenary = s.boards[0]!.id;
    const fac = await connectSocket(rig.server.url, s.facilitatorToken);
    sockets.push(fac);
    const resident = await join(rig.server.url, s.joinCode, { name: 'Tao' });
    const sock = await connectSocket(rig.server.url, resident.token);
    sockets.push(sock);
    const topicId = (await ok(sock, 'topic:propose', { title: 'Quiet hours' })).topicId as string;
    const group = (await ok(fac, 'topic:accept', { topicId })).boardId as string;

    const page = await signedIn(rig, 'tablet', entryOf(resident, s.joinCode), plenary);
    await page.getByRole('heading', { name: 'Groups you can join' }).waitFor();
    await page.getByRole('button', { name: /^Quiet hours/ }).click();
    await page.waitForURL(new RegExp(`/b/[^/]+/${group}$`));
    const banner = page.getByRole('navigation', { name: 'Group' });
    await banner.getByText('You are in the group “Quiet hours”.').waitFor();
    await page.getByText('All saved').waitFor();
    await readyForOffline(page, group);

    await page.context().setOffline(true);
    await page.reload();
    await page.getByText('Offline').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Add a concern' }).waitFor();
    await banner.getByText('You are in the group “Quiet hours”.').waitFor({ timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'offline-group-banner-reloaded');
    await expectAxeClean(page, 'a group tablet reloaded offline');
    expect(await banner.getByText('You are in the group “Quiet hours”.').count(), 'the group banner after an offline reload').toBe(1);
    expect(await banner.getByRole('link', { name: /Back to plenary/ }).count(), 'the way back to the plenary').toBe(1);
    await page.context().setOffline(false);
  }, 120_000);
});
