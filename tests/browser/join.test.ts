/**
 * Joining in Chromium: from the QR link `/j/<code>` to a posted concern in at most four taps
 * (Join, "Add a concern", Post — plus typing), the join page in English and zh-CN with no axe
 * violations, the optional group and age band with consent, and accepting an expert invite.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, connectProvider, createSession, eventually, synced } from '../helpers/clients.ts';
import { axeViolations, screenshot, useRig } from './harness.ts';
import { useOpenClients } from '../helpers/open-clients.ts';

const rig = useRig();
const { providers } = useOpenClients();

/** The facilitator's view of the plenary's concerns, straight from the server's document. */
async function watchNotes(boardId: string, token: string): Promise<() => string[]> {
  const p = connectProvider(rig.server.wsUrl, boardId, token);
  providers.push(p);
  await synced(p);
  return () => [...p.doc.getMap('notes').values()].map((n) => String((n as { get(k: string): unknown }).get('text')));
}

/** Counts the taps a test makes, so the "four taps" rule is checked, not assumed. */
function tapper() {
  let taps = 0;
  return {
    async tap(locator: ReturnType<Page['getByRole']>) {
      taps++;
      await locator.tap();
    },
    get taps() {
      return taps;
    },
  };
}

describe('joining by the QR link', () => {
  it('takes a resident from /j/<code> to a posted concern in at most four taps', async () => {
    const s = await createSession(rig.server.url, 'Lift repair');
    const notes = await watchNotes(s.boards[0]!.id, s.facilitatorToken);
    const page = await rig.open('tablet', `/j/${s.joinCode}`);
    const t = tapper();
    await page.getByRole('heading', { name: 'Join “Lift repair”' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Join code' }).inputValue()).toBe(`${s.joinCode.slice(0, 4)}-${s.joinCode.slice(4)}`);
    await t.tap(page.getByRole('button', { name: 'Join', exact: true }));
    await page.waitForURL(/\/b\//);
    await t.tap(page.getByRole('button', { name: 'Add a concern' }));
    await page.getByRole('textbox', { name: 'Your concern' }).fill('The lift in block 3 stops between floors');
    await t.tap(page.getByRole('button', { name: 'Post' }));
    await eventually(() => expect(notes()).toEqual(['The lift in block 3 stops between floors']), 10_000);
    await page.getByText('All saved').waitFor();
    expect(t.taps).toBeLessThanOrEqual(4);
    await screenshot(page, 'join-first-concern-en');
  });

  it('keeps the token on the device: the same link offers to continue as the same person', async () => {
    const s = await createSession(rig.server.url, 'Bike shed');
    const page = await rig.open('tablet', `/j/${s.joinCode}`);
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    const boardUrl = page.url();
    await page.goto(`/j/${s.joinCode}`);
    await page.getByRole('button', { name: 'Continue where I was' }).tap();
    await page.waitForURL(boardUrl);
    await page.reload();
    await page.getByRole('button', { name: 'Add a concern' }).waitFor();
  });

  it('renders in English and zh-CN with no axe violations, the optional part folded open too', async () => {
    const s = await createSession(rig.server.url, 'Courtyard parking');
    for (const locale of ['en', 'zh-CN'] as const) {
      const page = await rig.open('tablet', `/j/${s.joinCode}`, { locale });
      const heading = locale === 'en' ? 'Join “Courtyard parking”' : '加入“Courtyard parking”';
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      await screenshot(page, `join-${locale}`);
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('details.join-more summary').tap();
      await page.locator('#join-group').waitFor();
      await screenshot(page, `join-more-${locale}`);
      expect(await axeViolations(page)).toEqual([]);
    }
  });

  it('sends group and age band only with consent, and does not ask for a name in an anonymous session', async () => {
    const s = await createSession(rig.server.url, 'Market street', { anonymous: true });
    const page = await rig.open('tablet', `/j/${s.joinCode}`);
    await page.getByRole('heading', { name: 'Join “Market street”' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Your name (optional)' }).count()).toBe(0);
    await page.locator('details.join-more summary').tap();
    await page.getByRole('combobox', { name: 'I am taking part as' }).selectOption('courier');
    await page.getByRole('combobox', { name: 'Age' }).selectOption('30_44');
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.getByText('Tick the box to let your group and age band be counted').waitFor();
    await page.getByRole('checkbox', { name: 'I agree that my group and age band are counted' }).tap();
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await page.waitForURL(/\/b\//);
    const participation = await api<{ byGroup: Record<string, { joined: number }>; byAgeBand: Record<string, { joined: number }> }>(
      rig.server.url, 'GET', `/api/sessions/${s.sessionId}/participation`, undefined, s.facilitatorToken);
    expect(participation.body.byGroup.courier?.joined).toBe(1);
    expect(participation.body.byAgeBand['30_44']?.joined).toBe(1);
  });

  it('says at once when the code is unknown', async () => {
    const page = await rig.open('tablet', '/j/AAAAAAAA');
    await page.getByRole('alert').getByText('Nothing found for this code').waitFor();
  });
});

describe('accepting an invite', () => {
  it('makes this device an expert with a name and opens the plenary board', async () => {
    const s = await createSession(rig.server.url, 'Lift repair');
    const inv = await api<{ inviteCode: string }>(rig.server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'expert' }, s.facilitatorToken);
    for (const locale of ['en', 'zh-CN'] as const) {
      const page = await rig.open('laptop', `/i/${inv.body.inviteCode}`, { locale });
      await page.getByRole('heading', { level: 1 }).waitFor();
      await screenshot(page, `invite-${locale}`);
      expect(await axeViolations(page)).toEqual([]);
      if (locale === 'zh-CN') continue;
      await page.getByRole('textbox', { name: 'Your name (shown to the facilitators)' }).fill('Dr Chen');
      await page.getByRole('button', { name: 'Accept and open the board' }).click();
      await page.waitForURL(`**/b/${s.sessionId}/${s.boards[0]!.id}`);
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('yishi.sessions') ?? '{}') as Record<string, { role: string }>);
      expect(stored[s.sessionId]?.role).toBe('expert');
    }
  });

  it('says when the invite does not exist', async () => {
    const page = await rig.open('laptop', '/i/no-such-invite-code-000000');
    await page.getByRole('button', { name: 'Accept and open the board' }).click();
    await page.getByText('This invitation does not exist or was withdrawn').waitFor();
  });
});
