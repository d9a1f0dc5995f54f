/**
 * Publishing: `/r/<id>` and the public results exist only while published; the results carry
 * themes, concerns, ranked tallies after reveal, actions and the public record, and nothing
 * that names a person or a moderation reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import type { PublicResults } from '../shared/results.ts';
import { testSecret, type TestServer } from './helpers/test-server.ts';
import { api, command, connectSocket, join } from './helpers/clients.ts';
import { consultation, ok, Secrets, type Consultation } from './helpers/results-fixture.ts';

const indexHtml = '<!doctype html><html><body><div id="app">YISHI-APP</div></body></html>';
let server: TestServer;
let t: Consultation;

beforeAll(async () => {
  // A built client, so that the published page is the app's index.html.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-publish-'));
  const clientDir = path.join(dataDir, 'client');
  mkdirSync(clientDir);
  writeFileSync(path.join(clientDir, 'index.html'), indexHtml);
  const app = await buildApp(loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, secret: testSecret, logLevel: 'silent' }), { logger: false, clientDir });
  const url = await app.listen();
  server = { app, url, wsUrl: url.replace(/^http/, 'ws'), dataDir, close: async () => { await app.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  t = await consultation(server);
});
afterAll(async () => {
  t?.close();
  await server?.close();
});

const page = (id: string) => fetch(`${server.url}/r/${id}`);
const results = (id: string) => api<PublicResults>(server.url, 'GET', `/api/public/sessions/${id}/results`);

describe('publishing', () => {
  it('before publishing, /r/<id>, the public results and the public exports are 404; unknown sessions too', async () => {
    const r = await page(t.s.sessionId);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).not.toContain('YISHI-APP');
    expect((await results(t.s.sessionId)).status).toBe(404);
    expect((await results('no-such-session')).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await page('no-such-session')).status).toBe(404);
    for (const ext of ['md', 'csv', 'json']) expect((await fetch(`${server.url}/api/public/sessions/${t.s.sessionId}/export.${ext}`)).status).toBe(404);
  });

  it('a resident cannot publish, unpublish or update an action (FORBIDDEN, hand-crafted frames); an expert cannot publish', async () => {
    for (const [name, payload] of [
      ['session:publish', {}],
      ['session:unpublish', {}],
      ['action:update', { boardId: t.boardId, actionId: t.actionIds.future, status: 'done', note: 'I did it' }],
      ['item:escalate', { boardId: t.boardId, kind: 'action', itemId: t.actionIds.future, code: 'ACDEFGHJKM' }],
    ] as const) {
      const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => t.residentSock.emit(name, payload, resolve));
      expect(ack, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const { joinAsExpert } = await import('./helpers/clients.ts');
    const expert = await joinAsExpert(server.url, t.s.sessionId, t.s.facilitatorToken);
    const sock = await connectSocket(server.url, expert.token);
    expect(await command(sock, 'session:publish', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    sock.close();
    expect((await results(t.s.sessionId)).status).toBe(404);
  });

  it('/r/<id> and the public results answer 404 for malformed ids too', async () => {
    for (const bad of ['x'.repeat(65), 'a%20b', '..%2F..%2Fetc', '%E4%B8%AD', "'%20OR%201=1"]) {
      const r = await page(bad);
      expect(r.status, bad).toBe(404);
      expect(await r.text()).not.toContain('YISHI-APP');
      expect((await results(bad)).status, bad).toBe(404);
      expect((await fetch(`${server.url}/api/public/sessions/${bad}/export.csv`)).status, bad).toBe(404);
    }
  });

  it('an unpublished session\'s results page cannot be reached by a trailing slash or a doubled slash either', async () => {
    for (const variant of [`/r/${t.s.sessionId}/`, `/r//${t.s.sessionId}`, `//r/${t.s.sessionId}`, `/r/${t.s.sessionId}/x`]) {
      const r = await fetch(`${server.url}${variant}`);
      // @fastify/static answers a doubled slash with 403 before any route runs; either way, no page.
      expect([403, 404], variant).toContain(r.status);
      expect(await r.text(), variant).not.toContain('YISHI-APP');
    }
  });

  it('after publishing, /r/<id> is the app (200 html) and the results have themes, concerns and actions, without hidden concerns or any name', async () => {
    const ack = await ok(t.fac, 'session:publish', {});
    expect(ack).toMatchObject({ published: true, url: expect.stringMatching(new RegExp(`/r/${t.s.sessionId}$`)) });
    const r = await page(t.s.sessionId);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toContain('YISHI-APP');

    const res = await results(t.s.sessionId);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.schema).toBe('yishi.results/1');
    expect(body.title).toBe('Lift repair 电梯维修');
    const board = body.boards[0]!;
    expect(board.themes).toEqual([{ id: t.themeId, title: 'Lift', notes: [{ id: t.noteIds.visible, text: 'The lift is broken every week' }], escalation: null, advice: [] }]);
    expect(board.unthemedNotes.map((n) => n.id).sort()).toEqual([t.noteIds.unthemed, t.noteIds.formula].sort());
    expect(board.actions.map((a) => a.title)).toEqual(['Call the lift company', 'Install stair lights']);
    expect(board.actions[0]).toMatchObject({ owner: 'Housing office 房管所', due: '2020-01-01', status: 'planned', themeId: t.themeId, updates: [] });
    const text = JSON.stringify(body);
    expect(text).not.toContain('HIDDEN-CONCERN-text');
    expect(text).not.toContain(t.noteIds.hidden);
    for (const secret of Object.values(Secrets)) expect(text).not.toContain(secret);
    // No token, join code or escalation code either.
    const me = await api<{ escalationCode: string }>(server.url, 'GET', '/api/me', undefined, t.s.facilitatorToken);
    for (const secret of [t.s.facilitatorToken, t.resident.token, t.s.joinCode, me.body.escalationCode]) expect(text).not.toContain(secret);
    expect(text).not.toContain(t.resident.participantId);
    expect(text).not.toMatch(/authorId|participantId|"name"|reason/);
  });

  it('tallies are null until the votes are revealed, then ranked', async () => {
    expect((await results(t.s.sessionId)).body.boards[0]!.tallies).toBeNull();
    await ok(t.fac, 'vote:reveal', { boardId: t.boardId });
    const tallies = (await results(t.s.sessionId)).body.boards[0]!.tallies;
    expect(tallies).toEqual([
      { targetId: t.noteIds.visible, kind: 'note', title: 'The lift is broken every week', votes: 2, rank: 1 },
      { targetId: t.noteIds.unthemed, kind: 'note', title: 'Stairs need lights', votes: 1, rank: 2 },
    ]);
  });

  it('the public record has phases, the publication, head counts and the balance — no moderation reasons, no removals', async () => {
    const body = (await results(t.s.sessionId)).body;
    const rec = body.record;
    expect(rec.phases.map((p) => p.phase)).toEqual(['gather', 'cluster', 'vote', 'act']);
    expect(rec.phases.every((p) => p.boardId === t.boardId && p.boardTitle === 'Lift repair 电梯维修')).toBe(true);
    expect(rec.published).toHaveLength(1);
    // The facilitator, the resident and the expert who joined above; the removed person does not count.
    expect(rec.participants).toBe(3);
    expect(rec.residents).toBe(1);
    // The resident wrote four concerns; the hidden one is not counted (as in the live participation figures).
    expect(rec.balance.byGroup).toEqual({ resident: { joined: 1, notes: 3 } });
    expect(rec.balance.byAgeBand).toEqual({ '60_74': { joined: 1, notes: 3 } });
    const text = JSON.stringify(body);
    expect(text).not.toContain(Secrets.hideReason);
    expect(text).not.toContain(Secrets.kickReason);
    expect(text).not.toMatch(/kick|hidden|removed/i);
  });

  it('unpublishing takes the page and the results down again; both steps are in the record', async () => {
    expect(await ok(t.fac, 'session:unpublish', {})).toMatchObject({ published: false, publishedAt: null });
    expect((await page(t.s.sessionId)).status).toBe(404);
    expect((await results(t.s.sessionId)).status).toBe(404);
    const record = await api<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/sessions/${t.s.sessionId}/record`, undefined, t.s.facilitatorToken);
    expect(record.body.entries.map((e) => e.kind).filter((k) => k.startsWith('session.'))).toEqual(['session.created', 'session.published', 'session.unpublished']);
    // Publishing again shows both earlier steps in the public record.
    await ok(t.fac, 'session:publish', {});
    const rec = (await results(t.s.sessionId)).body.record;
    expect(rec.published).toHaveLength(2);
    expect(rec.unpublished).toHaveLength(1);
  });

  it('GET /api/me shows moderators the escalation code, never residents', async () => {
    const fac = await api<{ escalationCode?: string }>(server.url, 'GET', '/api/me', undefined, t.s.facilitatorToken);
    expect(fac.body.escalationCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{10}$/);
    const again = await api<{ escalationCode?: string }>(server.url, 'GET', '/api/me', undefined, t.s.facilitatorToken);
    expect(again.body.escalationCode).toBe(fac.body.escalationCode);
    const res = await api<{ escalationCode?: string }>(server.url, 'GET', '/api/me', undefined, t.resident.token);
    expect(res.body.escalationCode).toBeUndefined();
  });

  it('a session created by another facilitator is independent: its page stays 404', async () => {
    const other = await join(server.url, t.s.joinCode); // a resident of the published session
    expect(other.sessionId).toBe(t.s.sessionId);
    const { createSession } = await import('./helpers/clients.ts');
    const s2 = await createSession(server.url, 'Other');
    expect((await page(s2.sessionId)).status).toBe(404);
  });
  it('a screen may do none of it, an expert none of the facilitator-only commands (hand-crafted frames and requests)', async () => {
    const { joinAsExpert } = await import('./helpers/clients.ts');
    const screen = await api<{ token: string }>(server.url, 'POST', '/api/join', { joinCode: t.s.joinCode, role: 'screen' });
    const screenSock = await connectSocket(server.url, screen.body.token);
    const expert = await joinAsExpert(server.url, t.s.sessionId, t.s.facilitatorToken);
    const expertSock = await connectSocket(server.url, expert.token);
    const update = { boardId: t.boardId, actionId: t.actionIds.future, status: 'done', note: 'Screen says done' };
    for (const [name, payload] of [['session:publish', {}], ['session:unpublish', {}], ['action:update', update], ['session:delete', { confirmTitle: 'Lift repair 电梯维修' }]] as const) {
      expect(await command(screenSock, name, payload), `screen ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    for (const [name, payload] of [['session:unpublish', {}], ['session:delete', { confirmTitle: 'Lift repair 电梯维修' }]] as const) {
      expect(await command(expertSock, name, payload), `expert ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Facilitator-only over HTTP too; the screen cannot export or make follow-up links.
    expect((await api(server.url, 'POST', `/api/sessions/${t.s.sessionId}/participants/${expert.participantId}/reissue`, {}, expert.token)).status).toBe(403);
    expect((await api(server.url, 'DELETE', `/api/sessions/${t.s.sessionId}`, { confirmTitle: 'Lift repair 电梯维修' }, expert.token)).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/sessions/${t.s.sessionId}/export.json`, undefined, screen.body.token)).status).toBe(403);
    expect((await api(server.url, 'POST', `/api/sessions/${t.s.sessionId}/follow-up-links`, { actionIds: [`${t.boardId}/${t.actionIds.future}`], label: 'x' }, screen.body.token)).status).toBe(403);
    screenSock.close();
    expertSock.close();
    expect((await server.app.storage.listActionUpdates(t.s.sessionId))).toEqual([]);
    expect(await server.app.storage.getSession(t.s.sessionId)).not.toBeNull();
    expect((await results(t.s.sessionId)).status).toBe(200); // still published
  });
});
