/**
 * Follow-up after publishing: moderators' dated updates (the action:update command), owners'
 * follow-up links (capability codes, limited to their actions, revocable), overdue flags and
 * reissuing a moderator's sign-in to a new device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { FollowUpView, PublicAction, PublicResults } from '../shared/results.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectSocket, joinAsExpert } from './helpers/clients.ts';
import { consultation, ok, type Consultation } from './helpers/results-fixture.ts';

let server: TestServer;
let t: Consultation;
beforeAll(async () => {
  server = await startServer();
  t = await consultation(server);
});
afterAll(async () => {
  t?.close();
  await server?.close();
});

const results = async () => (await api<PublicResults>(server.url, 'GET', `/api/public/sessions/${t.s.sessionId}/results`)).body;
const actionIn = (r: PublicResults, id: string) => r.boards[0]!.actions.find((a) => a.id === id)!;
const docStatus = async (actionId: string) => (await server.app.rooms.get(t.boardId, t.s.sessionId)).doc.getMap<Y.Map<unknown>>('actions').get(actionId)?.get('status');

describe('moderators follow up (action:update)', () => {
  it('an update lands in the action’s timeline and its status in the board document, and is recorded', async () => {
    const ack = await ok(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.future, status: 'in_progress', note: '  Electrician booked for Monday  ' });
    expect(ack.update).toMatchObject({ status: 'in_progress', note: 'Electrician booked for Monday', by: 'facilitator', label: null });
    expect(await docStatus(t.actionIds.future)).toBe('in_progress');
    await ok(t.fac, 'session:publish', {});
    const expert = await joinAsExpert(server.url, t.s.sessionId, t.s.facilitatorToken);
    const sock = await connectSocket(server.url, expert.token);
    await ok(sock, 'action:update', { boardId: t.boardId, actionId: t.actionIds.future, note: 'Cables ordered' });
    sock.close();
    const a = actionIn(await results(), t.actionIds.future);
    expect(a.status).toBe('in_progress');
    expect(a.updates.map((u) => [u.status, u.note, u.by])).toEqual([['in_progress', 'Electrician booked for Monday', 'facilitator'], [null, 'Cables ordered', 'expert']]);
    const record = await api<{ entries: { kind: string; data: { status?: string } }[] }>(server.url, 'GET', `/api/sessions/${t.s.sessionId}/record`, undefined, t.s.facilitatorToken);
    expect(record.body.entries.filter((e) => e.kind === 'action.updated').map((e) => e.data.status)).toEqual(['in_progress', null]);
  });

  it('an overdue action is flagged (due before today, not done); done clears the flag', async () => {
    let r = await results();
    expect(actionIn(r, t.actionIds.overdue).overdue).toBe(true);
    expect(actionIn(r, t.actionIds.future).overdue).toBe(false);
    await ok(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.overdue, status: 'done', note: 'Repaired' });
    r = await results();
    expect(actionIn(r, t.actionIds.overdue)).toMatchObject({ status: 'done', overdue: false });
    await ok(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.overdue, status: 'planned', note: 'Broke again' });
    expect(actionIn(await results(), t.actionIds.overdue).overdue).toBe(true);
  });

  it('bad input: unknown action NOT_FOUND, empty or long note VALIDATION, unknown status VALIDATION', async () => {
    expect(await command(t.fac, 'action:update', { boardId: t.boardId, actionId: 'nope', note: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await command(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.future, note: '   ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await command(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.future, note: 'x'.repeat(1001) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await command(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.future, note: 'x', status: 'finished' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('owner follow-up links', () => {
  let code = '';
  let url = '';

  it('a moderator makes a link for some actions; the code is a 128-bit capability', async () => {
    const res = await api<{ code: string; url: string; actions: unknown[] }>(server.url, 'POST', `/api/sessions/${t.s.sessionId}/follow-up-links`,
      { actionIds: [`${t.boardId}/${t.actionIds.overdue}`], label: 'Housing office' }, t.s.facilitatorToken);
    expect(res.status).toBe(201);
    ({ code, url } = res.body);
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(url).toBe(`${server.url}/o/${code}`);
    expect(res.body.actions).toEqual([{ boardId: t.boardId, actionId: t.actionIds.overdue }]);
    const resident = await api(server.url, 'POST', `/api/sessions/${t.s.sessionId}/follow-up-links`, { actionIds: [{ boardId: t.boardId, actionId: t.actionIds.overdue }], label: 'x' }, t.resident.token);
    expect(resident.status).toBe(403);
    const unknown = await api(server.url, 'POST', `/api/sessions/${t.s.sessionId}/follow-up-links`, { actionIds: [`${t.boardId}/nope`], label: 'x' }, t.s.facilitatorToken);
    expect(unknown.status).toBe(404);
  });

  it('the owner reads their actions and adds an update that appears in the public timeline', async () => {
    // Moderators hear about an owner's update as about a moderator's; residents do not.
    const pushed = new Promise<{ boardId: string; actionId: string; status: string | null; at: number }>((resolve) => t.fac.once('action:updated', resolve));
    let residentHeard = false;
    const onResident = () => { residentHeard = true; };
    t.residentSock.on('action:updated', onResident);
    const view = await api<FollowUpView>(server.url, 'GET', `/api/follow-up/${code}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ sessionId: t.s.sessionId, label: 'Housing office', published: true });
    expect(view.body.actions.map((a) => a.id)).toEqual([t.actionIds.overdue]);
    const up = await api<PublicAction>(server.url, 'POST', `/api/follow-up/${code}/updates`, { boardId: t.boardId, actionId: t.actionIds.overdue, status: 'in_progress', note: 'Contractor hired' });
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('in_progress');
    expect(up.body.updates.at(-1)).toMatchObject({ status: 'in_progress', note: 'Contractor hired', by: 'owner', label: 'Housing office' });
    expect(actionIn(await results(), t.actionIds.overdue).updates.at(-1)).toMatchObject({ by: 'owner', label: 'Housing office' });
    expect(await docStatus(t.actionIds.overdue)).toBe('in_progress');
    expect(await pushed).toEqual({ boardId: t.boardId, actionId: t.actionIds.overdue, status: 'in_progress', at: up.body.updates.at(-1)!.at });
    // The ack of a later command on the resident's socket arrives after any push sent before it.
    await command(t.residentSock, 'vote:mine', { boardId: t.boardId });
    t.residentSock.off('action:updated', onResident);
    expect(residentHeard).toBe(false);
  });

  it('an owner link is that and nothing else: no other action, no other session, no session routes, no commands', async () => {
    const other = await api(server.url, 'POST', `/api/follow-up/${code}/updates`, { boardId: 'otherBoard', actionId: t.actionIds.overdue, note: 'Wrong board' });
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    // The code is not a token.
    for (const [method, route] of [['GET', `/api/sessions/${t.s.sessionId}/export.json`], ['GET', `/api/sessions/${t.s.sessionId}/escalations`], ['POST', `/api/sessions/${t.s.sessionId}/follow-up-links`], ['GET', '/api/me']] as const) {
      expect((await api(server.url, method, route, method === 'POST' ? { actionIds: [`${t.boardId}/${t.actionIds.future}`], label: 'Me' } : undefined, code)).status).toBe(401);
    }
    await expect(connectSocket(server.url, code)).rejects.toThrow();
    // Malformed codes are as unknown as missing ones.
    for (const bad of ['x'.repeat(65), 'a%20b', '..%2F..']) expect((await api(server.url, 'GET', `/api/follow-up/${bad}`)).status).toBe(404);
  });

  it('an owner cannot touch another action (403), nor send a bad body (400)', async () => {
    const other = await api(server.url, 'POST', `/api/follow-up/${code}/updates`, { boardId: t.boardId, actionId: t.actionIds.future, status: 'done', note: 'Not mine' });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(actionIn(await results(), t.actionIds.future).status).toBe('in_progress');
    expect((await api(server.url, 'POST', `/api/follow-up/${code}/updates`, { boardId: t.boardId, actionId: t.actionIds.overdue, note: '' })).status).toBe(400);
  });

  it('owners update only while published (409 NOT_PUBLISHED); moderators any time', async () => {
    await ok(t.fac, 'session:unpublish', {});
    const r = await api(server.url, 'POST', `/api/follow-up/${code}/updates`, { boardId: t.boardId, actionId: t.actionIds.overdue, note: 'Still working' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ error: { code: 'NOT_PUBLISHED' } });
    await ok(t.fac, 'action:update', { boardId: t.boardId, actionId: t.actionIds.overdue, note: 'Moderator note while unpublished' });
    await ok(t.fac, 'session:publish', {});
  });

  it('a revoked link answers 404 for reading and updating; unknown codes too; nothing stored is lost', async () => {
    const before = actionIn(await results(), t.actionIds.overdue).updates.length;
    const del = await api(server.url, 'DELETE', `/api/sessions/${t.s.sessionId}/follow-up-links/${code}`, undefined, t.s.facilitatorToken);
    expect(del.status).toBe(204);
    expect((await api(server.url, 'GET', `/api/follow-up/${code}`)).status).toBe(404);
    expect((await api(server.url, 'POST', `/api/follow-up/${code}/updates`, { boardId: t.boardId, actionId: t.actionIds.overdue, note: 'After revoke' })).status).toBe(404);
    expect((await api(server.url, 'GET', '/api/follow-up/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect(actionIn(await results(), t.actionIds.overdue).updates.length).toBe(before);
    expect(url).toContain(code);
  });
});

describe('reissuing a moderator’s sign-in', () => {
  it('a facilitator reissues an expert’s token; by default the old one stops working', async () => {
    const expert = await joinAsExpert(server.url, t.s.sessionId, t.s.facilitatorToken, 'Engineer');
    const res = await api<{ token: string; link: string; revokedOld: boolean }>(server.url, 'POST', `/api/sessions/${t.s.sessionId}/participants/${expert.participantId}/reissue`, {}, t.s.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.body.revokedOld).toBe(true);
    expect(res.body.link).toContain(`#token=${encodeURIComponent(res.body.token)}`);
    expect((await api(server.url, 'GET', '/api/me', undefined, expert.token)).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/me', undefined, res.body.token)).status).toBe(200);
    const keep = await api<{ token: string }>(server.url, 'POST', `/api/sessions/${t.s.sessionId}/participants/${expert.participantId}/reissue`, { revokeOld: false }, t.s.facilitatorToken);
    expect((await api(server.url, 'GET', '/api/me', undefined, res.body.token)).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/me', undefined, keep.body.token)).status).toBe(200);
    // Residents' sign-ins are not reissued; experts cannot reissue.
    expect((await api(server.url, 'POST', `/api/sessions/${t.s.sessionId}/participants/${t.resident.participantId}/reissue`, {}, t.s.facilitatorToken)).status).toBe(404);
    expect((await api(server.url, 'POST', `/api/sessions/${t.s.sessionId}/participants/${expert.participantId}/reissue`, {}, keep.body.token)).status).toBe(403);
  });

  it('a facilitator lists the facilitators and experts to reissue to, online or not; nobody else may', async () => {
    const expert = await joinAsExpert(server.url, t.s.sessionId, t.s.facilitatorToken, 'Planner');
    const list = await api<{ moderators: { participantId: string; role: string; name: string | null }[] }>(server.url, 'GET', `/api/sessions/${t.s.sessionId}/moderators`, undefined, t.s.facilitatorToken);
    expect(list.status).toBe(200);
    const ids = list.body.moderators.map((m) => m.participantId);
    expect(ids).toContain(expert.participantId);
    expect(ids).not.toContain(t.resident.participantId);
    expect(list.body.moderators.find((m) => m.participantId === expert.participantId)).toEqual({ participantId: expert.participantId, role: 'expert', name: 'Planner' });
    expect((await api(server.url, 'GET', `/api/sessions/${t.s.sessionId}/moderators`, undefined, expert.token)).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/sessions/${t.s.sessionId}/moderators`, undefined, t.resident.token)).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/sessions/${t.s.sessionId}/moderators`)).status).toBe(401);
  });

  it('moderator tokens live 180 days by default (MODERATOR_TOKEN_DAYS)', () => {
    expect(server.app.config.tokenTtl.moderator).toBe(180 * 24 * 3600 * 1000);
  });
});
