/**
 * Issue 18, "Expert advice where the hall sees it": an expert's advice on a theme and on an
 * action shows on the big screen (under the expert's name, as the README promises) and on the
 * public results page (its words; the public page names nobody); an action converged from a
 * breakout says which group it came from on the big screen and on the results page too.
 */
import { describe, expect, it } from 'vitest';
import { api, connectSocket, createSession, join, joinAsExpert } from '../helpers/clients.ts';
import { useOpenClients } from '../helpers/open-clients.ts';
import type { PublicResults } from '../../shared/results.ts';
import { screenshot, useRig } from './harness.ts';
import { entryOf, ok, signedIn } from './signed-in.ts';

const rig = useRig();
const { sockets } = useOpenClients();

describe('expert advice and provenance where the hall sees them', () => {
  it('shows advice and a converged action’s breakout on the big screen and the public results page', async () => {
    const base = rig.server.url;
    const s = await createSession(base, 'Building 4: the courtyard');
    const plenary = s.boards[0]!.id;
    const fac = await connectSocket(base, s.facilitatorToken);
    sockets.push(fac);
    const expert = await joinAsExpert(base, s.sessionId, s.facilitatorToken, 'Dr. Lin');
    const ex = await connectSocket(base, expert.token);
    sockets.push(ex);
    const resident = await join(base, s.joinCode, { name: 'Convener' });
    const convener = await connectSocket(base, resident.token);
    sockets.push(convener);

    // A breakout drafts an action; converging brings it to the plenary.
    const topicId = (await ok(convener, 'topic:propose', { title: 'Bicycle parking' })).topicId as string;
    const breakout = (await ok(fac, 'topic:accept', { topicId })).boardId as string;
    await ok(convener, 'phase:set', { boardId: breakout, phase: 'act', reason: 'short breakout' });
    const drafted = (await ok(convener, 'action:add', { boardId: breakout, title: 'Build a covered bike rack' })).actionId as string;
    await ok(fac, 'session:converge', {});

    // On the plenary: a theme with a concern, both with advice.
    await ok(fac, 'note:add', { boardId: plenary, text: 'Bikes block the fire exit' });
    await ok(fac, 'phase:set', { boardId: plenary, phase: 'cluster' });
    const theme = (await ok(fac, 'cluster:add', { boardId: plenary, title: 'Fire safety', x: 40, y: 40 })).clusterId as string;
    await ok(fac, 'phase:set', { boardId: plenary, phase: 'act', reason: 'no vote today' });
    await ok(ex, 'advice:add', { boardId: plenary, targetId: theme, text: 'Fire exits must stay 1.2 m clear by law.' });
    await ok(ex, 'advice:add', { boardId: plenary, targetId: drafted, text: 'A roofed rack needs no planning permit under 10 m².' });

    const screenJoin = await join(base, s.joinCode, { role: 'screen' });
    const screen = await signedIn(rig, 'projector', entryOf(screenJoin, s.joinCode), plenary);
    await screen.getByText('Build a covered bike rack').waitFor();
    await screen.getByRole('heading', { name: 'Fire safety' }).waitFor();
    await screenshot(screen, 'advice-screen');
    const wall = screen.locator('.bs-main');
    // Soft, so one run lists each missing piece.
    await expect.poll(() => wall.innerText(), { timeout: 10_000 }).toContain('Fire exits must stay 1.2 m clear by law.').catch(() => undefined);
    const shown = await wall.innerText();
    expect.soft(shown, 'theme advice on the big screen').toMatch(/Advice from Dr\. Lin:\s*Fire exits must stay 1\.2 m clear by law\./);
    expect.soft(shown, 'action advice on the big screen').toMatch(/Advice from Dr\. Lin:\s*A roofed rack needs no planning permit/);
    expect.soft(shown, 'provenance on the big screen').toContain('From the group “Bicycle parking”');

    // Published: the public page, and what its JSON holds (the server decides what the public sees).
    await ok(fac, 'session:publish', {});
    const json = await api<PublicResults>(base, 'GET', `/api/public/sessions/${s.sessionId}/results`);
    expect(json.status).toBe(200);
    const pub = json.body.boards.find((b) => b.id === plenary)!;
    expect.soft(pub.themes.find((x) => x.id === theme)?.advice?.map((a) => a.text)).toEqual(['Fire exits must stay 1.2 m clear by law.']);
    const converged = pub.actions.find((a) => a.id === drafted);
    expect.soft(converged?.advice?.map((a) => a.text)).toEqual(['A roofed rack needs no planning permit under 10 m².']);
    expect.soft(converged?.from).toEqual({ boardId: breakout, title: 'Bicycle parking' });
    // The public never learns who advised.
    expect(JSON.stringify(json.body)).not.toContain('Dr. Lin');
    expect(JSON.stringify(json.body)).not.toContain(expert.participantId);

    const page = await rig.open('laptop', `/r/${s.sessionId}`);
    await page.getByRole('heading', { level: 1, name: 'Building 4: the courtyard' }).waitFor();
    await page.getByRole('heading', { name: 'Build a covered bike rack' }).first().waitFor();
    await screenshot(page, 'advice-results');
    const text = await page.locator('main').innerText();
    expect.soft(text, 'theme advice on the results page').toContain('Fire exits must stay 1.2 m clear by law.');
    expect.soft(text, 'action advice on the results page').toContain('A roofed rack needs no planning permit under 10 m².');
    expect.soft(text, 'provenance on the results page').toContain('From the group “Bicycle parking”');
    expect(text).not.toContain('Dr. Lin');
  }, 180_000);
});
