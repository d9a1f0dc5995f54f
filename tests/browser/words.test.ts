/**
 * Issue 18, "Words": counts read as the language says them ("1 person here", never "1 people
 * here"), and an action's owner and due date are two things with a separator between them, on
 * the tablet and on the big screen.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectProvider, connectSocket, createSession, join, synced } from '../helpers/clients.ts';
import { useOpenClients } from '../helpers/open-clients.ts';
import { screenshot, useRig } from './harness.ts';
import { entryOf, ok, signedIn } from './signed-in.ts';

const rig = useRig();
const { providers, sockets } = useOpenClients();

describe('words', () => {
  it('says "1 person here" and "1 concern" on the big screen, and separates an action’s owner from its due date', async () => {
    const s = await createSession(rig.server.url, 'Building 9: the bike shed');
    const boardId = s.boards[0]!.id;
    // Only the facilitator is here (the screen does not count itself).
    const fac = await connectSocket(rig.server.url, s.facilitatorToken);
    sockets.push(fac);
    await ok(fac, 'note:add', { boardId, text: 'The bike shed has no light' });
    const screenJoin = await join(rig.server.url, s.joinCode, { role: 'screen' });
    const screen = await signedIn(rig, 'projector', entryOf(screenJoin, s.joinCode), boardId);
    const counts = screen.getByRole('region', { name: 'Right now' });
    await expect.poll(() => counts.innerText(), { timeout: 20_000 }).toMatch(/here\s*1\b/);
    await screenshot(screen, 'words-screen-counts');
    // Soft, so the owner and due date below are checked too when the counts are wrong.
    expect.soft(await counts.innerText()).toMatch(/person here\s*1\b/);
    expect.soft(await counts.innerText()).toMatch(/\bconcern\s*1\b/);
    expect.soft(await counts.innerText()).not.toMatch(/people here|concerns/);

    // An action with an owner and a due date, as the console writes them (into the document).
    await ok(fac, 'phase:set', { boardId, phase: 'act', reason: 'test' });
    const actionId = (await ok(fac, 'action:add', { boardId, title: 'Put a lamp in the bike shed' })).actionId as string;
    const doc = connectProvider(rig.server.wsUrl, boardId, s.facilitatorToken);
    providers.push(doc);
    await synced(doc);
    const action = doc.doc.getMap('actions').get(actionId) as Y.Map<unknown>;
    doc.doc.transact(() => {
      action.set('owner', 'Anna');
      action.set('due', '2027-03-15');
    });

    const meta = screen.locator('.bs-action-meta').first();
    await expect.poll(() => meta.textContent(), { timeout: 20_000 }).toContain('Anna');
    // Read as a screen reader reads it: the owner, a separator, then the date.
    expect.soft(await meta.textContent()).toMatch(/Who: Anna\s*·\s*By: /);

    const resident = await join(rig.server.url, s.joinCode, { name: 'Bo' });
    const tablet = await signedIn(rig, 'tablet', entryOf(resident, s.joinCode), boardId);
    const tabletMeta = tablet.locator('.tdraft__meta').first();
    await expect.poll(() => tabletMeta.textContent(), { timeout: 20_000 }).toContain('Anna');
    await screenshot(tablet, 'words-tablet-action');
    await screenshot(screen, 'words-screen-action');
    expect.soft(await tabletMeta.textContent()).toMatch(/Who: Anna\s*·\s*By: /);
  }, 120_000);
});
