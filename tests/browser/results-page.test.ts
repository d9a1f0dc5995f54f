/**
 * The public results page `/r/<id>` and the owner follow-up page `/o/<code>` in Chromium:
 * 404 before publishing and after taking down (HTTP status and what is rendered); once
 * published, themes, ranked tallies (chart and table), actions with owner, due date, overdue
 * flag and timeline, and the public record, without moderation reasons; print layout; zh-CN and
 * English; axe; an owner's update through the follow-up page shows on the public page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, connectSocket, createSession } from '../helpers/clients.ts';
import { jpegWithGps } from '../helpers/images.ts';
import { consultation, ok, Secrets } from '../helpers/results-fixture.ts';
import type { Consultation } from '../helpers/results-fixture.ts';
import { axeViolations, screenshot, startRig } from './harness.ts';
import type { BrowserRig } from './harness.ts';

let rig: BrowserRig;
let t: Consultation;
beforeAll(async () => {
  rig = await startRig();
  t = await consultation(rig.server, 'Building 9: lift and stairs');
  // A photo on the visible concern (a moderator may attach one in any phase), and the vote revealed.
  const res = await fetch(`${rig.server.url}/api/boards/${t.boardId}/notes/${t.noteIds.visible}/photo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.s.facilitatorToken}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(await jpegWithGps(640, 480)),
  });
  expect(res.status).toBe(201);
  await ok(t.fac, 'vote:reveal', { boardId: t.boardId });
  await ok(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.overdue, status: 'in_progress', note: 'Lift company called, visit booked' });
}, 60_000);
afterAll(async () => {
  t?.close();
  await rig?.close();
});

const resultsPath = () => `/r/${t.s.sessionId}`;

/** Opens a page in the app without a server round trip for the route (as a link inside the app would). */
async function navigateInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

async function expectNotPublished(locale: 'en' | 'zh-CN'): Promise<void> {
  expect((await fetch(rig.server.url + resultsPath())).status).toBe(404);
  expect((await api(rig.server.url, 'GET', `/api/public/sessions/${t.s.sessionId}/results`)).status).toBe(404);
  const ctx = await rig.device('laptop', { locale });
  const page = await ctx.newPage();
  // Loaded directly, the server itself answers 404 with its own short page.
  const direct = await page.goto(resultsPath());
  expect(direct?.status()).toBe(404);
  expect(await page.locator('body').innerText()).toContain('Nothing has been published at this address.');
  // Reached inside the app, the page asks the API and says so in the reader's language.
  await page.goto('/');
  await navigateInApp(page, resultsPath());
  await page.getByRole('heading', { name: locale === 'en' ? 'These results are not published' : '议事结果尚未公开' }).waitFor();
  await screenshot(page, `results-not-published-${locale}`);
  expect(await axeViolations(page)).toEqual([]);
  await ctx.close();
}

describe('the public results page', () => {
  it('is 404 before publishing, both over HTTP and as rendered', async () => {
    await expectNotPublished('en');
  });

  it('once published shows themes, concerns with photos, ranked tallies, actions with timelines and the public record; no moderation reasons', async () => {
    await ok(t.fac, 'session:publish', {});
    const page = await rig.open('laptop', resultsPath(), { locale: 'en' });
    await page.getByRole('heading', { level: 1, name: 'Building 9: lift and stairs' }).waitFor();
    const text = await page.locator('main').innerText();

    // Themes and concerns (the hidden one left out), the photo as a thumbnail linking to full size.
    await page.getByRole('heading', { level: 4, name: 'Lift', exact: true }).waitFor();
    expect(text).toContain('The lift is broken every week');
    expect(text).toContain('Concerns without a theme');
    expect(text).toContain('Stairs need lights');
    const photo = page.getByRole('link', { name: 'Photo with the concern “The lift is broken every week” (opens full size)' });
    expect(await photo.getAttribute('href')).toMatch(/^\/api\/photos\/[^/]+\/full$/);
    expect(await photo.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // Ranked tallies: the chart (SVG bars, longest for the most dots), and the same numbers as a table.
    const bars = page.getByRole('figure').getByRole('listitem');
    expect(await bars.count()).toBe(2);
    expect(await bars.nth(0).innerText()).toMatch(/1\s+The lift is broken every week\s+2/);
    const widths = await page.locator('.rp-chart-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('width'))));
    expect(widths).toEqual([100, 50]);
    await page.getByText('The vote results as a table').click();
    const rows = page.getByRole('table', { name: /Ranked vote results/ }).getByRole('row');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(1).innerText()).toMatch(/1\s+The lift is broken every week\s+Concern\s+2/);
    expect(await rows.nth(2).innerText()).toMatch(/2\s+Stairs need lights\s+Concern\s+1/);

    // Actions: owner, due date, overdue flag, status, timeline.
    const overdue = page.getByRole('article', { name: 'Call the lift company' });
    const overdueText = await overdue.innerText();
    expect(overdueText).toContain('Housing office 房管所');
    expect(overdueText).toContain('Jan 1, 2020');
    expect(overdueText).toContain('Overdue');
    expect(overdueText).toContain('In progress');
    expect(overdueText).toMatch(/facilitator\s+Status set to: In progress\s+Lift company called, visit booked/);
    const future = await page.getByRole('article', { name: 'Install stair lights' }).innerText();
    expect(future).not.toContain('Overdue');
    expect(future).toContain('No updates yet.');

    // The public record: steps with times, participants, balance by group and age band.
    const record = page.getByRole('region', { name: 'Procedure record' });
    const recordText = await record.innerText();
    expect(recordText).toMatch(/Participants\s+2/);
    expect(recordText).toMatch(/Cluster/);
    expect(recordText).toMatch(/Published/);
    expect(await record.getByRole('table', { name: 'By group' }).innerText()).toMatch(/Residents\s+1\s+3/);
    expect(await record.getByRole('table', { name: 'By age band' }).innerText()).toMatch(/60–74\s+1\s+3/);

    // Never: names, moderation reasons, removals, hidden concerns.
    for (const secret of [...Object.values(Secrets), 'HIDDEN-CONCERN-text']) expect(await page.content()).not.toContain(secret);

    // Downloads in the reader's language.
    const csv = page.getByRole('link', { name: 'Spreadsheet (CSV)' });
    expect(await csv.getAttribute('href')).toBe(`/api/public/sessions/${t.s.sessionId}/export.csv?lang=en`);
    expect((await fetch(rig.server.url + (await csv.getAttribute('href'))!)).status).toBe(200);

    await screenshot(page, 'results-en');
    expect(await axeViolations(page)).toEqual([]);

    // On paper: no app bar, no buttons or download links.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-bar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await csv.isVisible()).toBe(false);
    await screenshot(page, 'results-print-en');
    await page.emulateMedia({ media: 'screen' });
  });

  it('reads in Chinese, dates and all', async () => {
    const page = await rig.open('phone', resultsPath(), { locale: 'zh-CN' });
    await page.getByRole('heading', { name: '投票结果' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('2020年1月1日');
    expect(text).toContain('已逾期');
    expect(text).toContain('未归类的意见');
    expect(text).toContain('议事程序记录');
    expect(text).toMatch(/60–74岁\s+1\s+3/);
    expect(await page.getByRole('link', { name: '表格（CSV）' }).getAttribute('href')).toContain('lang=zh-CN');
    await screenshot(page, 'results-zh');
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'results-print-zh');
  });

  it('links an escalation both ways: the theme to the receiving session, and the received item back to its origin', async () => {
    const township = await createSession(rig.server.url, 'Township office 街道办');
    const me = await api<{ escalationCode: string }>(rig.server.url, 'GET', '/api/me', undefined, township.facilitatorToken);
    const esc = await ok(t.fac, 'item:escalate', { boardId: t.boardId, kind: 'theme', itemId: t.themeId, code: me.body.escalationCode });
    const townFac = await connectSocket(rig.server.url, township.facilitatorToken);
    await ok(townFac, 'escalation:update', { escalationId: esc.escalation.id, status: 'accepted', note: 'On the agenda for March' });
    await ok(townFac, 'session:publish', {});
    townFac.close();

    const page = await rig.open('laptop', resultsPath(), { locale: 'en' });
    const theme = page.getByRole('region', { name: 'Lift', exact: true });
    await expect.poll(() => theme.innerText()).toContain('Escalated to Township office 街道办 · Status there: accepted');
    expect(await theme.getByRole('link', { name: 'Township office 街道办' }).getAttribute('href')).toMatch(new RegExp(`/r/${township.sessionId}$`));

    const there = await rig.open('laptop', `/r/${township.sessionId}`, { locale: 'en' });
    const incoming = there.getByRole('region', { name: 'Escalated to this consultation' });
    await expect.poll(() => incoming.innerText()).toContain('Escalated from Building 9: lift and stairs · Status: accepted');
    expect(await incoming.innerText()).toContain('On the agenda for March');
    expect(await incoming.getByRole('link', { name: 'Building 9: lift and stairs' }).getAttribute('href')).toMatch(new RegExp(`/r/${t.s.sessionId}$`));
    await screenshot(there, 'results-incoming-escalation-en');
    expect(await axeViolations(there)).toEqual([]);
  });

  it('an owner updates their action from the follow-up link and it shows on the public timeline; errors are shown clearly', async () => {
    const link = await api<{ code: string; url: string }>(rig.server.url, 'POST', `/api/sessions/${t.s.sessionId}/follow-up-links`, { actionIds: [`${t.boardId}/${t.actionIds.overdue}`], label: 'Housing office' }, t.s.facilitatorToken);
    expect(link.status).toBe(201);
    const page = await rig.open('phone', `/o/${link.body.code}`, { locale: 'en' });
    await page.getByRole('heading', { level: 1, name: 'Follow-up: Housing office' }).waitFor();
    // Only the link's action is there.
    expect(await page.locator('.rp-action').count()).toBe(1);
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Done' });
    await page.getByRole('textbox', { name: 'What happened? (the date is added)' }).fill('New motor installed, lift running again');
    await page.getByRole('button', { name: 'Add update' }).click();
    await page.getByRole('status').filter({ hasText: 'Update saved.' }).waitFor();
    expect(await page.locator('.rp-action').innerText()).toMatch(/Housing office\s+Status set to: Done\s+New motor installed/);
    await screenshot(page, 'follow-up-en');
    expect(await axeViolations(page)).toEqual([]);

    const pub = await rig.open('laptop', resultsPath(), { locale: 'en' });
    const action = pub.getByRole('article', { name: 'Call the lift company' });
    await action.waitFor();
    const text = await action.innerText();
    expect(text).toMatch(/Housing office\s+Status set to: Done\s+New motor installed, lift running again/);
    expect(text).not.toContain('Overdue'); // done clears the flag

    // An owner link cannot touch another action (403), and after the take-down updates pause (409), said plainly.
    const other = await api(rig.server.url, 'POST', `/api/follow-up/${link.body.code}/updates`, { boardId: t.boardId, actionId: t.actionIds.future, note: 'not mine' });
    expect(other.status).toBe(403);
    await ok(t.fac, 'session:unpublish', {});
    await page.getByRole('textbox', { name: 'What happened? (the date is added)' }).fill('One more thing');
    await page.getByRole('button', { name: 'Add update' }).click();
    await page.getByRole('alert').filter({ hasText: 'The results are not published at the moment, so updates are paused.' }).waitFor();

    const zh = await rig.open('phone', `/o/${link.body.code}`, { locale: 'zh-CN' });
    await zh.getByRole('heading', { level: 1, name: '跟进：Housing office' }).waitFor();
    await zh.getByText('议事结果目前未公开。', { exact: false }).waitFor();
    await screenshot(zh, 'follow-up-zh');
    expect(await axeViolations(zh)).toEqual([]);

    const gone = await rig.open('phone', '/o/no-such-code-0000000000', { locale: 'en' });
    await gone.getByRole('heading', { name: 'This follow-up link does not exist or was withdrawn.' }).waitFor();
  });

  it('is 404 again after being taken down', async () => {
    await expectNotPublished('zh-CN');
  });
});
