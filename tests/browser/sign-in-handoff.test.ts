/**
 * Follow-up lasts months, and phones get lost: a facilitator makes a sign-in link for a co-facilitator
 * from the console (People tab); the new device opening it is signed in as that person, the token is
 * taken out of the address bar, and the old device is signed out.
 */
import { describe, expect, it } from 'vitest';
import { api, createSession } from '../helpers/clients.ts';
import type { JoinResponse } from '../../shared/http-api.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';

const rig = useRig();

describe('signing a moderator in on a new device', () => {
  it('a link made in the console signs the new device in as that person and the old one out', async () => {
    const s = await createSession(rig.server.url, 'Courtyard benches');
    const inv = await api<{ inviteCode: string }>(rig.server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'facilitator' }, s.facilitatorToken);
    const co = await api<JoinResponse>(rig.server.url, 'POST', '/api/join', { inviteCode: inv.body.inviteCode, name: 'Mr Wang' });
    expect(co.status).toBe(200);

    // The lead facilitator's console, with the session's token stored as the app stores it.
    const ctx = await rig.device('laptop');
    await ctx.addInitScript(([sessionId, token, participantId]) => {
      if (!localStorage.getItem('yishi.sessions')) {
        localStorage.setItem('yishi.sessions', JSON.stringify({ [sessionId]: { sessionId, token, participantId, role: 'facilitator', title: 'Courtyard benches', savedAt: 1 } }));
      }
    }, [s.sessionId, s.facilitatorToken, s.participantId] as const);
    ctx.setDefaultTimeout(8000);
    const page = await ctx.newPage();
    await page.goto(`/b/${s.sessionId}/${s.boards[0]!.id}`);
    await page.getByRole('tab', { name: /People/ }).click();
    await page.getByRole('button', { name: 'Choose a person' }).click();
    await page.getByRole('button', { name: 'Make sign-in link for Mr Wang' }).click();
    const link = await page.getByLabel('Sign-in link for Mr Wang', { exact: true }).inputValue();
    expect(link).toContain('#token=');
    await screenshot(page, 'console-sign-in-link-en');
    expect(await axeViolations(page), 'axe').toEqual([]);

    // The old token no longer works.
    expect((await api(rig.server.url, 'GET', '/api/me', undefined, co.body.token)).status).toBe(401);

    // A new device opens the link.
    const fresh = await rig.open('laptop', new URL(link).pathname + new URL(link).hash);
    await fresh.getByRole('tab', { name: /People/ }).waitFor();
    expect(new URL(fresh.url()).hash).toBe('');
    const stored = await fresh.evaluate(() => JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { participantId: string; role: string }>);
    expect(stored[s.sessionId]).toMatchObject({ participantId: co.body.participantId, role: 'facilitator' });
  });

  it('an expired or forged link says so instead of signing in', async () => {
    const s = await createSession(rig.server.url, 'Parking');
    const page = await rig.open('phone', `/b/${s.sessionId}/${s.boards[0]!.id}#token=v1.forged.1.1.x`);
    await page.getByRole('alert').filter({ hasText: 'no longer valid' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('yishi.sessions'))).toBeNull();
  });
});
