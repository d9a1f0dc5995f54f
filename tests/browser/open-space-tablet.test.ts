/**
 * Issue 18, "Open space on a tablet": with nothing on the board yet, the marketplace is on the
 * first screen (not below a 730 px blank board); and from one group a resident goes straight to
 * another in one step (not back to the plenary, then on).
 */
import { describe, expect, it } from 'vitest';
import { connectSocket, createSession, join } from '../helpers/clients.ts';
import { useOpenClients } from '../helpers/open-clients.ts';
import { devices, screenshot, useRig } from './harness.ts';
import { entryOf, ok, signedIn } from './signed-in.ts';

const rig = useRig();
const { sockets } = useOpenClients();

describe('open space on a tablet', () => {
  it('shows the marketplace on the first screen while the board is empty', async () => {
    const s = await createSession(rig.server.url, 'Block 8: open space');
    const plenary = s.boards[0]!.id;
    const resident = await join(rig.server.url, s.joinCode, { name: 'Lan' });
    const page = await signedIn(rig, 'tablet', entryOf(resident, s.joinCode), plenary);
    const propose = page.getByRole('button', { name: 'Propose topic' });
    await propose.waitFor();
    await page.getByText('Nothing on the board yet.').waitFor();
    await screenshot(page, 'open-space-empty-board');
    const board = await page.getByRole('region', { name: 'Board with themes and concerns' }).boundingBox();
    const field = await page.getByRole('textbox', { name: 'Topic', exact: true }).boundingBox();
    const button = await propose.boundingBox();
    expect.soft(board!.height, 'the empty board is a short strip').toBeLessThan(200);
    // Seen without scrolling on a tablet held upright.
    expect.soft(field!.y + field!.height, 'the topic field on the first screen').toBeLessThanOrEqual(devices.tablet.viewport.height);
    expect(button!.y + button!.height, 'the "Propose topic" button on the first screen').toBeLessThanOrEqual(devices.tablet.viewport.height);
  }, 60_000);

  it('moves from one group to another in one step', async () => {
    const s = await createSession(rig.server.url, 'Block 9: open space');
    const plenary = s.boards[0]!.id;
    const fac = await connectSocket(rig.server.url, s.facilitatorToken);
    sockets.push(fac);
    const resident = await join(rig.server.url, s.joinCode, { name: 'Jun' });
    const sock = await connectSocket(rig.server.url, resident.token);
    sockets.push(sock);
    const groups: Record<string, string> = {};
    for (const title of ['Quiet hours', 'Bike parking']) {
      const topicId = (await ok(sock, 'topic:propose', { title })).topicId as string;
      groups[title] = (await ok(fac, 'topic:accept', { topicId })).boardId as string;
    }
    const page = await signedIn(rig, 'tablet', entryOf(resident, s.joinCode), plenary);
    await page.getByRole('button', { name: /^Quiet hours/ }).click();
    await page.waitForURL(new RegExp(`/${groups['Quiet hours']}$`));
    const banner = page.getByRole('navigation', { name: 'Group' });
    await banner.getByText('You are in the group “Quiet hours”.').waitFor();
    await screenshot(page, 'open-space-in-group');
    // One tap on the other group's name, from the group's own banner.
    const other = banner.getByRole('button', { name: /^Bike parking/ });
    await other.waitFor({ timeout: 10_000 }).catch(() => undefined);
    expect(await other.count(), 'the other group, offered on the group banner').toBe(1);
    await other.click();
    await page.waitForURL(new RegExp(`/${groups['Bike parking']}$`));
    await banner.getByText('You are in the group “Bike parking”.').waitFor();
    expect(await banner.getByRole('button', { name: /^Quiet hours/ }).count()).toBe(1);
  }, 60_000);
});
