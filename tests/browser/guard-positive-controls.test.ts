/**
 * Positive controls for the Yjs write guard, in Chromium with the shipped client: honest people
 * who edit offline and reload must never be refused. Each reload gives the page a new Yjs
 * clientID while IndexedDB restores the structs written under the earlier ones, so the sync that
 * follows reconnection carries new structs from several client ids at once; a guard (or a limit)
 * that counts client ids or structs per frame must let that through.
 *
 * (i) A facilitator's console in Act drafts an action's title offline, reloads five times while
 * offline, editing after each reload, then goes online. (ii) A resident does the same on a tablet,
 * reloading twice. In both: every edit reaches the server (read by a separate Node provider),
 * the Yjs connection is never closed with 4403, the console or tablet is never reset, and the
 * IndexedDB copy of the board is still there. The test prints how many distinct client ids the
 * reconnection's sync carried (the budget a new-client-id limit has to allow).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, WebSocket as PageSocket } from 'playwright-core';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CloseCodes } from '../../shared/errors.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced } from '../helpers/clients.ts';
import type { ProviderClient } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { consoleTab } from './ui-steps.ts';
import { useOpenClients } from '../helpers/open-clients.ts';

const rig = useRig();
const { providers, sockets } = useOpenClients();

/**
 * Records the close code of every Yjs WebSocket the page opens, in localStorage so the record
 * survives reloads (the provider's own `closed` event does not leave the page).
 */
const recordYjsCloses = `(() => {
  const Native = window.WebSocket;
  class Recording extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).includes('/yjs/')) this.addEventListener('close', (e) => {
        const seen = JSON.parse(localStorage.getItem('test.yjsCloses') || '[]');
        seen.push(e.code);
        localStorage.setItem('test.yjsCloses', JSON.stringify(seen));
      });
    }
  }
  window.WebSocket = Recording;
})()`;

async function yjsCloses(page: Page): Promise<number[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('test.yjsCloses') ?? '[]') as number[]);
}

/** What the page's Yjs connections send from now on: the client ids of the structs in its updates, and how many structs and bytes. */
interface SentStructs {
  clients: Set<number>;
  structs: number;
  largestFrame: number;
}

function watchSentStructs(page: Page): SentStructs {
  const sent: SentStructs = { clients: new Set(), structs: 0, largestFrame: 0 };
  page.on('websocket', (ws: PageSocket) => {
    if (!ws.url().includes('/yjs/')) return;
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string') return;
      const d = decoding.createDecoder(new Uint8Array(f.payload));
      if (decoding.readVarUint(d) !== 0) return;
      const step = decoding.readVarUint(d);
      if (step !== 1 && step !== 2) return;
      const { structs } = Y.decodeUpdate(decoding.readVarUint8Array(d));
      for (const s of structs) sent.clients.add(s.id.client);
      sent.structs += structs.length;
      sent.largestFrame = Math.max(sent.largestFrame, f.payload.length);
    });
  });
  return sent;
}

const reset = (sent: SentStructs): void => {
  sent.clients.clear();
  sent.structs = 0;
  sent.largestFrame = 0;
};

/** The app is on the device: the service worker controls the page and holds the shell, and the board is in IndexedDB. */
async function installedOffline(page: Page, dbName: string): Promise<void> {
  await page.waitForFunction(async () => navigator.serviceWorker.controller !== null && (await caches.has('yishi-shell-v1')));
  await page.waitForFunction(async (name) => (await indexedDB.databases()).some((d) => d.name === name), dbName);
}

async function hasDatabase(page: Page, dbName: string): Promise<boolean> {
  return page.evaluate(async (name) => (await indexedDB.databases()).some((d) => d.name === name), dbName);
}

/** The action's title as the device's IndexedDB copy of the board holds it (y-indexeddb's stored updates, applied here). */
async function storedTitle(page: Page, dbName: string, actionId: string): Promise<string> {
  const updates = await page.evaluate((name) => new Promise<number[][]>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction('updates', 'readonly').objectStore('updates').getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        db.close();
        resolve((all.result as Uint8Array[]).map((u) => Array.from(u)));
      };
    };
  }), dbName);
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, new Uint8Array(u));
  return String((doc.getMap('actions').get(actionId) as Y.Map<unknown> | undefined)?.get('title') ?? '');
}

/** Types `text` at the end of a field bound to the action's title; resolves once the device has stored it. */
async function appendTo(page: Page, field: ReturnType<Page['getByRole']>, text: string, stored: { dbName: string; actionId: string; expected: string }): Promise<void> {
  await field.click();
  await field.press('End');
  await field.pressSequentially(text);
  await expect.poll(() => field.inputValue()).toBe(stored.expected);
  // A reload must not race y-indexeddb's write: wait until the stored copy holds the edit.
  await expect.poll(() => storedTitle(page, stored.dbName, stored.actionId)).toBe(stored.expected);
}

/** A session in Act with one action item, and a resident's Node provider that reads the server's copy. */
async function actBoard(title: string): Promise<{ s: Awaited<ReturnType<typeof createSession>>; boardId: string; actionId: string; reader: ProviderClient }> {
  const s = await createSession(rig.server.url, 'Lift repair');
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(rig.server.url, s.facilitatorToken);
  sockets.push(fac);
  expect(await command(fac, 'phase:set', { boardId, phase: 'act', reason: 'drafting actions' })).toMatchObject({ ok: true });
  const added = await command(fac, 'action:add', { boardId, title });
  expect(added).toMatchObject({ ok: true });
  const watcher = await join(rig.server.url, s.joinCode, { name: 'Reader' });
  const reader = connectProvider(rig.server.wsUrl, boardId, watcher.token);
  providers.push(reader);
  await synced(reader);
  return { s, boardId, actionId: String(added.actionId), reader };
}

function serverTitle(reader: ProviderClient, actionId: string): string {
  const action = reader.doc.getMap('actions').get(actionId) as Y.Map<unknown> | undefined;
  return String(action?.get('title') ?? '');
}

async function offlineDevice(kind: 'laptop' | 'tablet'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await rig.device(kind);
  await ctx.addInitScript(recordYjsCloses);
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  return { ctx, page };
}

describe('honest offline drafting is never refused by the write guard', () => {
  it('(i) a facilitator drafts an action title offline through five reloads; every edit arrives, no 4403, no reset', async () => {
    const { s, boardId, actionId, reader } = await actBoard('Repair the lift');
    const { ctx, page } = await offlineDevice('laptop');
    const sent = watchSentStructs(page);
    await page.goto(`/b/${s.sessionId}/${boardId}#token=${encodeURIComponent(s.facilitatorToken)}`);
    await consoleTab(page, 'Actions');
    const title = page.getByRole('textbox', { name: 'Action 1: what will be done' });
    await expect.poll(() => title.inputValue()).toBe('Repair the lift');
    const dbName = `yishi.board.${s.participantId}.${boardId}`;
    await installedOffline(page, dbName);
    // Reloaded once online, the console's own code (loaded on demand) passes through the worker and is kept too.
    await page.reload();
    await consoleTab(page, 'Actions');
    await expect.poll(() => title.inputValue()).toBe('Repair the lift');

    await ctx.setOffline(true);
    const edits = [' e0'];
    const typed = () => ({ dbName, actionId, expected: `Repair the lift${edits.join('')}` });
    await appendTo(page, title, edits[0]!, typed());
    for (let i = 1; i <= 5; i++) {
      const reopened = await page.reload();
      // Truly offline: the page came from the service worker, the board from IndexedDB.
      expect(reopened?.fromServiceWorker()).toBe(true);
      await consoleTab(page, 'Actions');
      await expect.poll(() => title.inputValue()).toBe(`Repair the lift${edits.join('')}`);
      edits.push(` e${i}`);
      await appendTo(page, title, edits[i]!, typed());
    }
    expect(serverTitle(reader, actionId)).toBe('Repair the lift');
    reset(sent);

    await ctx.setOffline(false);
    const expected = `Repair the lift${edits.join('')}`;
    await eventually(() => expect(serverTitle(reader, actionId)).toBe(expected), 20_000);
    expect(await page.getByText('Some changes on this device were refused').count()).toBe(0);
    expect(await title.inputValue()).toBe(expected);
    // The recorder is live (the provider's tries while offline closed with 1006), and saw no refusal.
    expect((await yjsCloses(page)).length).toBeGreaterThan(0);
    expect(await yjsCloses(page)).not.toContain(CloseCodes.FORBIDDEN);
    expect(await hasDatabase(page, dbName)).toBe(true);
    console.log(
      `(i) facilitator, 5 offline reloads: the reconnection's sync carried ${sent.structs} structs of ${sent.clients.size} distinct client ids ` +
        `(largest frame ${sent.largestFrame} B); Yjs closes seen by the page: ${JSON.stringify(await yjsCloses(page))}`,
    );
    expect(sent.clients.size).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'guard-positive-console-after-offline');
  });

  it('(ii) a resident drafts an action title offline on a tablet through two reloads; not refused, the text arrives', async () => {
    const { s, boardId, actionId, reader } = await actBoard('Fix the ramp');
    const { ctx, page } = await offlineDevice('tablet');
    const sent = watchSentStructs(page);
    await page.goto(`/j/${s.joinCode}`);
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    const draft = page.getByRole('textbox', { name: /^Action 1/ });
    await expect.poll(() => draft.inputValue()).toBe('Fix the ramp');
    const participantId = await page.evaluate((id) => (JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { participantId: string }>)[id]?.participantId, s.sessionId);
    const dbName = `yishi.board.${participantId}.${boardId}`;
    await installedOffline(page, dbName);

    await ctx.setOffline(true);
    await page.getByText('Offline').first().waitFor();
    const edits = [' r0'];
    const typed = () => ({ dbName, actionId, expected: `Fix the ramp${edits.join('')}` });
    await appendTo(page, draft, edits[0]!, typed());
    for (let i = 1; i <= 2; i++) {
      const reopened = await page.reload();
      expect(reopened?.fromServiceWorker()).toBe(true);
      await expect.poll(() => draft.inputValue()).toBe(`Fix the ramp${edits.join('')}`);
      edits.push(` r${i}`);
      await appendTo(page, draft, edits[i]!, typed());
    }
    expect(serverTitle(reader, actionId)).toBe('Fix the ramp');
    reset(sent);

    await ctx.setOffline(false);
    const expected = `Fix the ramp${edits.join('')}`;
    await eventually(() => expect(serverTitle(reader, actionId)).toBe(expected), 20_000);
    await page.getByText('All saved').waitFor();
    expect(await page.getByText('Some changes on this device were refused').count()).toBe(0);
    expect(await draft.inputValue()).toBe(expected);
    // The recorder is live (the provider's tries while offline closed with 1006), and saw no refusal.
    expect((await yjsCloses(page)).length).toBeGreaterThan(0);
    expect(await yjsCloses(page)).not.toContain(CloseCodes.FORBIDDEN);
    expect(await hasDatabase(page, dbName)).toBe(true);
    console.log(
      `(ii) resident, 2 offline reloads: the reconnection's sync carried ${sent.structs} structs of ${sent.clients.size} distinct client ids ` +
        `(largest frame ${sent.largestFrame} B); Yjs closes seen by the page: ${JSON.stringify(await yjsCloses(page))}`,
    );
    expect(sent.clients.size).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'guard-positive-tablet-after-offline');
  });
});
