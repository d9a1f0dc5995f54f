/**
 * The offline scenario in Chromium: a tablet joins by `/j/<code>`, goes offline, adds three
 * concerns, is closed and reopened (the service worker serves the app, IndexedDB the board,
 * localStorage the outbox), comes back online — and exactly three concerns reach the
 * facilitator. Also: the service worker is served with the right headers and never answers
 * for the API.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connectProvider, createSession, eventually, synced } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { useOpenClients } from '../helpers/open-clients.ts';

const rig = useRig();
const { providers } = useOpenClients();

async function addConcern(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a concern' }).tap();
  await page.getByRole('textbox', { name: 'Your concern' }).fill(text);
  await page.getByRole('button', { name: 'Post' }).tap();
  await page.getByRole('textbox', { name: 'Your concern' }).waitFor({ state: 'detached' });
}

describe('a tablet offline', () => {
  it('keeps three concerns made offline through a close and reopen, and delivers exactly three', async () => {
    const s = await createSession(rig.server.url, 'Lift repair');
    const boardId = s.boards[0]!.id;
    // The facilitator's view: the server's document of the plenary.
    const facilitator = connectProvider(rig.server.wsUrl, boardId, s.facilitatorToken);
    providers.push(facilitator);
    await synced(facilitator);
    const texts = () => [...facilitator.doc.getMap('notes').values()].map((n) => String((n as { get(k: string): unknown }).get('text'))).sort();

    const tablet = await rig.device('tablet');
    const page = await tablet.newPage();
    await page.goto(`/j/${s.joinCode}`);
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    const boardUrl = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Add a concern' }).waitFor();
    await page.getByText('All saved').waitFor();
    // The app is on the device once the service worker controls the page and holds the shell.
    await page.waitForFunction(async () => navigator.serviceWorker.controller !== null && (await caches.has('yishi-shell-v1')));
    await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name?.startsWith('yishi.board.')));

    await tablet.setOffline(true);
    await page.getByText('Offline').first().waitFor();
    const concerns = ['Broken lift in block 3', 'No ramp at the east gate', 'Bins overflow on Mondays'];
    for (const text of concerns) await addConcern(page, text);
    await page.getByText('Offline — 3 waiting to send').waitFor();
    await screenshot(page, 'offline-three-waiting');
    expect(texts()).toEqual([]);

    // Closed while offline, reopened while still offline: the app comes from the service worker.
    await page.close();
    const failed: { url: string; fromWorker: boolean }[] = [];
    tablet.on('requestfailed', (r) => failed.push({ url: new URL(r.url()).pathname, fromWorker: r.serviceWorker() !== null }));
    const again = await tablet.newPage();
    const reopened = await again.goto(boardUrl);
    // The page came from the service worker, whose own try of the network failed: truly offline.
    expect(reopened?.fromServiceWorker()).toBe(true);
    expect(failed).toContainEqual({ url: boardUrl, fromWorker: true });
    await again.getByText('Offline — 3 waiting to send').waitFor();
    expect(await again.evaluate(() => navigator.onLine)).toBe(false);
    await screenshot(again, 'offline-reopened');
    expect(texts()).toEqual([]);

    await tablet.setOffline(false);
    await again.getByText('All saved').waitFor({ timeout: 20_000 });
    await eventually(() => expect(texts()).toEqual([...concerns].sort()), 10_000);

    // A reload online replays nothing: still exactly three.
    await again.reload();
    await again.getByText('All saved').waitFor({ timeout: 20_000 });
    expect(texts()).toEqual([...concerns].sort());
    await screenshot(again, 'offline-delivered');
  });

  it('serves the service worker uncached as JavaScript, and the worker leaves /api alone', async () => {
    const res = await fetch(`${rig.server.url}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const page = await rig.open('tablet', '/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cached = await page.evaluate(async () => {
      await fetch('/api/join/AAAAAAAA');
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => u.startsWith('/api') || u.startsWith('/socket.io') || u.startsWith('/yjs'))).toEqual([]);
  });
});
