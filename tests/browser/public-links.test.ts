/**
 * Links the console hands out point at the server's public address (issue 17, point 6): a
 * facilitator whose console is open at `http://localhost:<port>` still shows the results link
 * and owner (follow-up) links on the server's own base (PUBLIC_URL, else its LAN address: here
 * 127.0.0.1, as the join link), which other devices in the hall can open.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { api, connectSocket, createSession } from '../helpers/clients.ts';
import { ok } from '../helpers/results-fixture.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';
import { consoleTab } from './ui-steps.ts';

const rig = useRig();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

describe('links from a console opened at localhost', () => {
  it('gives the results page and an owner link on the server address, not localhost', async () => {
    const s = await createSession(rig.server.url, 'Lift repair');
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(rig.server.url, s.facilitatorToken);
    sockets.push(fac);
    const actionId = (await ok(fac, 'action:add', { boardId, title: 'Call the lift company' })).actionId as string;
    const link = await api<{ code: string }>(rig.server.url, 'POST', `/api/sessions/${s.sessionId}/follow-up-links`, { actionIds: [`${boardId}/${actionId}`], label: 'Housing office' }, s.facilitatorToken);
    expect(link.status).toBe(201);

    const serverBase = rig.server.url.replace(/\/+$/, '');
    expect(serverBase).not.toContain('localhost');
    const localBase = serverBase.replace('127.0.0.1', 'localhost');
    const ctx = await rig.device('laptop');
    const entry = { sessionId: s.sessionId, token: s.facilitatorToken, participantId: s.participantId, role: 'facilitator', title: 'Lift repair', joinCode: s.joinCode, boardId, savedAt: Date.now() };
    await ctx.addInitScript((e) => localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: e })), entry);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${localBase}/b/${s.sessionId}/${boardId}`);
    await consoleTab(page, 'Results');
    await page.getByRole('button', { name: 'Publish results' }).click();
    const publicLink = page.getByRole('link', { name: /\/r\// });
    await publicLink.waitFor();
    expect(await publicLink.getAttribute('href')).toBe(`${serverBase}/r/${s.sessionId}`);
    const ownerLink = page.getByRole('textbox', { name: 'Link for Housing office' });
    await ownerLink.waitFor();
    expect(await ownerLink.inputValue()).toBe(`${serverBase}/o/${link.body.code}`);
    await screenshot(page, 'console-results-links-en');
    expect(await axeViolations(page)).toEqual([]);
  });
});
