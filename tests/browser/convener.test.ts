/**
 * A convener runs their breakout from the tablet (docs/API.md §8, "Conveners"): a resident's
 * topic is accepted; on its breakout — and only there, and only for her — the tablet shows
 * "Convener tools": she reveals the private writing (the other resident's "only you see it"
 * notice follows), moves the step on, adds a theme and an action, starts the timer, reveals the
 * vote after both voted, and jumps a step with a reason. The other resident's hand-crafted
 * commands for the same tools are refused. zh-CN and English screenshots; axe on each.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as tabletStrings from '../../client/src/strings/tablet.ts';
import { command, connectProvider, connectSocket, createSession, eventually, synced } from '../helpers/clients.ts';
import { screenshot, useRig } from './harness.ts';
import { expectAxeClean, joinByLink } from './ui-steps.ts';

const rig = useRig();

const en = tabletStrings.en;
const title = 'Our courtyard';
const topic = 'Benches and shade';
const wangText = 'A bench by the sandpit';
const liText = 'More trees for shade';

type Stored = { sessionId: string; token: string; participantId: string; role: string; title: string };

/** What a tablet keeps in its storage after joining (session-store.ts). */
async function storedOf(page: Page, sessionId: string): Promise<Stored> {
  const raw = await page.evaluate(() => localStorage.getItem('yishi.sessions'));
  return (JSON.parse(raw ?? '{}') as Record<string, Stored>)[sessionId]!;
}

const tools = (page: Page) => page.getByRole('region', { name: 'Convener tools' });

/** Taps the group's button in the plenary's list of groups; resolves on the breakout. */
async function goToGroup(page: Page): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${topic}`) }).first().tap();
  await page.getByText(`You are in the group “${topic}”.`).waitFor();
  await page.getByRole('heading', { level: 1, name: topic }).waitFor();
}

/** Posts a concern while private writing is on; resolves once "My concerns" marks it private. */
async function postPrivately(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a concern' }).tap();
  await page.getByRole('textbox', { name: 'Your concern' }).fill(text);
  await page.getByRole('button', { name: 'Post' }).tap();
  await page.getByRole('region', { name: /^My concerns/ }).getByRole('listitem').filter({ hasText: text }).getByText('Private for now').waitFor();
}

describe('convener tools on the tablet', () => {
  // Run once more if it fails: the convener's count and her own concern's "now on the board" share
  // one notice line on the tablet, and on loaded clean-clone runs the count was sometimes not seen
  // (a product question carried in the closing notes; the assertion itself is not weakened).
  it('shows a convener, on her breakout only, the tools the server accepts from her, and refuses them to the others', { timeout: 150_000, retry: 1 }, async () => {
    const base = rig.server.url;
    const sess = await createSession(base, title, { privateGather: true });
    const plenaryId = sess.boards[0]!.id;
    const joinPath = `/j/${sess.joinCode}`;
    const li = await joinByLink(rig, joinPath, title, 'Mrs Li');
    const wang = await joinByLink(rig, joinPath, title, 'Mr Wang');
    const liStored = await storedOf(li, sess.sessionId);
    const wangStored = await storedOf(wang, sess.sessionId);

    // Mrs Li proposes a topic on her tablet; the facilitator accepts it (set up through the API).
    await li.getByRole('textbox', { name: 'Topic', exact: true }).fill(topic);
    await li.getByRole('button', { name: 'Propose topic' }).tap();
    await li.getByText('Your topic was proposed.').waitFor();
    const fac = await connectSocket(base, sess.facilitatorToken);
    const plenaryDoc = connectProvider(rig.server.wsUrl, plenaryId, sess.facilitatorToken);
    await synced(plenaryDoc);
    const topicId = [...plenaryDoc.doc.getMap('topics').keys()][0]!;
    plenaryDoc.destroy();
    const accepted = await command(fac, 'topic:accept', { topicId });
    expect(accepted.ok).toBe(true);
    const breakoutId = accepted.boardId as string;

    // On the plenary she is a resident like everyone: no tools, even once her topic is a group.
    await li.getByRole('listitem').filter({ hasText: topic }).filter({ hasText: 'Group open' }).waitFor();
    expect(await tools(li).count()).toBe(0);

    // On her breakout she convenes; Mr Wang, in the same group, sees no tools.
    await goToGroup(li);
    await goToGroup(wang);
    await tools(li).waitFor();
    await wang.getByRole('button', { name: 'Add a concern' }).waitFor();
    expect(await tools(wang).count()).toBe(0);
    expect(await wang.getByRole('button', { name: /^Next step/ }).count()).toBe(0);

    // Private writing: both write; she shows it all at once, and Mr Wang's notice follows.
    await postPrivately(wang, wangText);
    await wang.getByText(en['tablet.add.postedPrivate']).waitFor();
    await postPrivately(li, liText);
    // Her own concern must have reached the server first: a reveal sent straight away can overtake
    // a concern still waiting in the tablet's outbox (the count would then be 1). The notice alone
    // did not prove it on a loaded CI run, so the test also asks the server.
    await li.getByText(en['tablet.add.postedPrivate']).waitFor();
    await eventually(async () => expect(((await command(fac, 'notes:held', { boardId: breakoutId })).notes as unknown[]).length).toBe(2), 15_000);
    // The tablet has one notice line, and her own concern's "now on the board" may follow the
    // convener's notice within milliseconds (twice on CI the count's notice was not on screen by
    // the time the test looked): every text the line shows is recorded, and the count must be one.
    await li.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenNotices: string[] }).seenNotices = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[role="status"], [role="alert"]')) {
          const text = el.textContent ?? '';
          if (text && !seen.includes(text)) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await tools(li).getByRole('button', { name: 'Show all private concerns' }).tap();
    await expect.poll(() => li.evaluate(() => (window as unknown as { seenNotices: string[] }).seenNotices.join(' | ')), { timeout: 15_000 })
      .toContain('The private concerns are now on the board (2).');
    await wang.getByText(en['tablet.add.nowOnBoard']).waitFor();
    expect(await wang.getByText(en['tablet.add.postedPrivate']).count()).toBe(0);
    await wang.getByRole('region', { name: /^My concerns/ }).getByRole('listitem').filter({ hasText: wangText }).getByText('On the board').waitFor();

    // The next step, a theme, an action and the timer.
    await tools(li).getByRole('button', { name: 'Next step: Cluster' }).tap();
    await tools(li).getByText('Now: step 2 of 5, “Cluster”.').waitFor();
    await wang.locator('.tsteps li[aria-current="step"]').filter({ hasText: 'Cluster' }).waitFor();
    await tools(li).getByRole('textbox', { name: 'New theme' }).fill('Shade');
    await tools(li).getByRole('button', { name: 'Add theme' }).tap();
    await li.getByText('Theme “Shade” added.').waitFor();
    await tools(li).getByRole('textbox', { name: 'New action' }).fill('Plant two trees');
    await tools(li).getByRole('button', { name: 'Add action' }).tap();
    await li.getByText('Action “Plant two trees” added.').waitFor();
    await tools(li).getByRole('textbox', { name: 'Minutes' }).fill('3');
    await tools(li).getByRole('button', { name: 'Start timer' }).tap();
    await li.getByText('Timer started: 3 min.').waitFor();
    await tools(li).getByRole('button', { name: 'Pause timer' }).waitFor();
    await wang.getByRole('timer').waitFor();
    const breakoutDoc = connectProvider(rig.server.wsUrl, breakoutId, sess.facilitatorToken);
    await synced(breakoutDoc);
    expect([...breakoutDoc.doc.getMap('clusters').values()].map((c) => (c as { get(k: string): unknown }).get('title'))).toEqual(['Shade']);
    expect(breakoutDoc.doc.getMap('actions').size).toBe(1);
    breakoutDoc.destroy();
    await screenshot(li, 'convener-tools-cluster-en');
    await expectAxeClean(li, 'convener tablet, cluster step');
    await expectAxeClean(wang, 'other resident on the breakout');

    // The same commands, hand-crafted by Mr Wang, are refused; so is her own jump without a reason.
    const wangSocket = await connectSocket(base, wangStored.token);
    const forbidden: [string, object][] = [
      ['phase:set', { boardId: breakoutId, phase: 'vote' }],
      ['cluster:add', { boardId: breakoutId, title: 'Mine', x: 0, y: 0 }],
      ['action:add', { boardId: breakoutId, title: 'Mine too' }],
      ['timer:start', { boardId: breakoutId, seconds: 60 }],
      ['timer:pause', { boardId: breakoutId }],
      ['vote:reveal', { boardId: breakoutId }],
      ['notes:reveal', { boardId: breakoutId }],
    ];
    for (const [name, payload] of forbidden) {
      expect((await command(wangSocket, name, payload)).error?.code, name).toBe('FORBIDDEN');
    }
    expect((await command(wangSocket, 'vote:cast', { boardId: breakoutId, targetId: 'x' })).error?.code).toBe('PHASE');
    const liSocket = await connectSocket(base, liStored.token);
    expect((await command(liSocket, 'phase:set', { boardId: breakoutId, phase: 'done' })).error?.code).toBe('PHASE');
    // …and on the plenary she is refused like any resident.
    expect((await command(liSocket, 'phase:set', { boardId: plenaryId, phase: 'cluster' })).error?.code).toBe('FORBIDDEN');
    wangSocket.disconnect();
    liSocket.disconnect();

    // The vote: both place a dot; she reveals; the result reaches Mr Wang.
    await tools(li).getByRole('button', { name: 'Next step: Vote' }).tap();
    await tools(li).getByText('Now: step 3 of 5, “Vote”.').waitFor();
    for (const page of [wang, li]) {
      await page.locator('.tvote__item', { hasText: wangText }).getByRole('button', { name: 'Add a dot' }).tap();
      await page.locator('.tvote__item', { hasText: wangText }).getByText('your 1 dot').waitFor();
    }
    expect(await wang.locator('.tvote__total').count()).toBe(0);
    await tools(li).getByRole('button', { name: 'Reveal the vote' }).tap();
    await li.getByText('The vote is revealed.').waitFor();
    await wang.getByRole('heading', { name: 'Results of the vote' }).waitFor();
    await wang.locator('.tvote__item', { hasText: wangText }).getByText('2 dots in all').waitFor();
    await tools(li).getByRole('button', { name: 'Update the result' }).waitFor();
    await screenshot(li, 'convener-tools-vote-en');
    await expectAxeClean(li, 'convener tablet, vote revealed');

    // The same tablet in Chinese (a second device of Mrs Li's).
    const ctx = await rig.device('tablet', { locale: 'zh-CN' });
    await ctx.addInitScript((value: string) => {
      if (!localStorage.getItem('yishi.sessions')) localStorage.setItem('yishi.sessions', value);
    }, JSON.stringify({ [sess.sessionId]: { ...liStored, boardId: breakoutId, savedAt: Date.now() } }));
    const liZh = await ctx.newPage();
    liZh.setDefaultTimeout(15_000);
    await liZh.goto(`/b/${sess.sessionId}/${breakoutId}`);
    await liZh.getByRole('region', { name: tabletStrings.zh['tablet.convener.heading'] }).waitFor();
    await liZh.getByRole('button', { name: tabletStrings.zh['tablet.convener.voteUpdate'] }).waitFor();
    await screenshot(liZh, 'convener-tools-vote-zh');
    await expectAxeClean(liZh, 'convener tablet in Chinese');

    // A jump forward asks for a reason first, and goes into the record with it.
    await tools(li).getByText('Jump to another step').tap();
    await tools(li).getByRole('button', { name: 'Go to “Done”' }).tap();
    await tools(li).getByRole('button', { name: 'Skip ahead' }).tap();
    await tools(li).getByText('Please say why steps are skipped.').waitFor();
    await tools(li).getByRole('textbox', { name: 'Why skip Act? (This goes into the record.)' }).fill('We agreed on the action already');
    await tools(li).getByText('Please say why steps are skipped.').waitFor({ state: 'detached' });
    await screenshot(li, 'convener-tools-jump-en');
    await expectAxeClean(li, 'convener tablet, jump with a reason');
    await tools(li).getByRole('button', { name: 'Skip ahead' }).tap();
    await tools(li).getByText('Now: step 5 of 5, “Done”.').waitFor();
    await wang.locator('.tsteps li[aria-current="step"]').filter({ hasText: 'Done' }).waitFor();
    fac.disconnect();
  });
});
