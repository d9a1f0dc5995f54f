/**
 * Resident sorting is off by default (issue 17, point 2): in the cluster step a resident's tablet
 * says why a drag only pans ("Only the facilitator sorts in this step") instead of doing nothing
 * silently, and the facilitator switches resident sorting on from the console's step bar; the
 * tablet then offers "Move to theme…" and the resident sorts. English and zh-CN, axe-clean.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import * as consoleStrings from '../../client/src/strings/console.ts';
import * as tabletStrings from '../../client/src/strings/tablet.ts';
import type { JoinResponse } from '../../shared/http-api.ts';
import { command, connectSocket, createSession, join } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { expectAxeClean } from './ui-steps.ts';

const rig = useRig();
const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

type Locale = 'en' | 'zh-CN';
const str = (locale: Locale, key: keyof typeof tabletStrings.en) => (locale === 'en' ? tabletStrings.en : tabletStrings.zh)[key];
const consoleStr = (locale: Locale, key: keyof typeof consoleStrings.en) => (locale === 'en' ? consoleStrings.en : consoleStrings.zh)[key];

/** Puts a sign-in on the device, as joining there would have. */
async function signIn(ctx: BrowserContext, entry: { sessionId: string; token: string; participantId: string; role: string; title: string; joinCode: string; boardId: string }): Promise<void> {
  await ctx.addInitScript((e) => localStorage.setItem('yishi.sessions', JSON.stringify({ [e.sessionId]: { ...e, savedAt: Date.now() } })), entry);
}

describe('sorting in the cluster step with resident sorting off (the default)', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`tells the resident who sorts, and the facilitator turns resident sorting on from the step bar (${locale})`, async () => {
      const s = await createSession(rig.server.url, 'Courtyard');
      const boardId = s.boards[0]!.id;
      const fac = await connectSocket(rig.server.url, s.facilitatorToken);
      sockets.push(fac);
      const j: JoinResponse = await join(rig.server.url, s.joinCode, { name: 'Mrs Li' });
      const me = await connectSocket(rig.server.url, j.token);
      sockets.push(me);
      expect((await command(me, 'note:add', { boardId, text: 'Bins overflow on Mondays', x: 40, y: 40 })).ok).toBe(true);
      expect((await command(fac, 'cluster:add', { boardId, title: 'Rubbish', x: 40, y: 420 })).ok).toBe(true);
      expect((await command(fac, 'phase:set', { boardId, phase: 'cluster' })).ok).toBe(true);

      const tabletCtx = await rig.device('tablet', { locale });
      await signIn(tabletCtx, { sessionId: s.sessionId, token: j.token, participantId: j.participantId, role: 'resident', title: 'Courtyard', joinCode: s.joinCode, boardId });
      const tablet = await tabletCtx.newPage();
      await tablet.goto(`/b/${s.sessionId}/${boardId}`);
      await tablet.getByText(str(locale, 'tablet.board.sortFacilitatorOnly')).waitFor();
      expect(await tablet.getByRole('button', { name: str(locale, 'tablet.move.open') }).count()).toBe(0);
      await screenshot(tablet, `sorting-off-tablet-${locale}`);
      await expectAxeClean(tablet, `tablet, sorting off (${locale})`);

      const facCtx = await rig.device('laptop', { locale });
      await signIn(facCtx, { sessionId: s.sessionId, token: s.facilitatorToken, participantId: s.participantId, role: 'facilitator', title: 'Courtyard', joinCode: s.joinCode, boardId });
      const facPage = await facCtx.newPage();
      await facPage.goto(`/b/${s.sessionId}/${boardId}`);
      const toggle = facPage.getByRole('checkbox', { name: consoleStr(locale, 'console.phase.residentsSort') });
      expect(await toggle.isChecked()).toBe(false);
      // The box shows the session's setting: it turns checked once the server applied the change.
      await toggle.click();
      await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(true);
      await screenshot(facPage, `sorting-on-console-${locale}`);
      await expectAxeClean(facPage, `console with the sorting switch (${locale})`);

      await tablet.getByText(str(locale, 'tablet.board.sortHint')).waitFor();
      await tablet.getByRole('button', { name: str(locale, 'tablet.move.open') }).tap();
      await tablet.getByRole('dialog', { name: str(locale, 'tablet.move.heading') }).getByRole('button', { name: 'Rubbish' }).tap();
      await tablet.getByText(str(locale, 'tablet.move.done').replace('{theme}', 'Rubbish')).waitFor();
      await screenshot(tablet, `sorting-on-tablet-${locale}`);
    });
  }
});
