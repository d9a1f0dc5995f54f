/** The HTTP contract: sessions, join, invites, health, and every documented error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, testSecret, type TestServer } from './helpers/test-server.ts';
import { api, createSession, join } from './helpers/clients.ts';
import { issueToken } from '../server/auth/tokens.ts';
import { JoinCodeAlphabet } from '../shared/join-code.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('POST /api/sessions', () => {
  it('creates a session with a plenary board, a join code without look-alike characters and a facilitator token', async () => {
    const r = await api<Record<string, unknown>>(server.url, 'POST', '/api/sessions', { title: '  Courtyard parking  ', settings: { dotsPerParticipant: 3 } });
    expect(r.status).toBe(201);
    const body = r.body as { sessionId: string; joinCode: string; facilitatorToken: string; boards: { id: string; title: string; kind: string }[]; joinUrl: string };
    expect(body.boards).toEqual([{ id: expect.any(String), title: 'Courtyard parking', kind: 'plenary' }]);
    expect(body.joinCode).toHaveLength(8);
    for (const ch of body.joinCode) expect(JoinCodeAlphabet).toContain(ch);
    expect(body.joinCode).not.toMatch(/[01ILOSZB258]/);
    expect(body.joinUrl).toMatch(new RegExp(`/j/${body.joinCode}$`));
    const me = await api<{ role: string; sessionId: string }>(server.url, 'GET', '/api/me', undefined, body.facilitatorToken);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'facilitator', sessionId: body.sessionId });
  });

  it('refuses a missing title, a wrong type and an unknown setting with 400 VALIDATION naming the field', async () => {
    for (const [payload, field] of [[{}, 'title'], [{ title: 42 }, 'title'], [{ title: 'x', settings: { dotsPerParticipant: 99 } }, 'settings.dotsPerParticipant'], [{ title: 'x', extra: 1 }, '']] as const) {
      const r = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/sessions', payload);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.message).toContain(field);
    }
  });

  it('answers malformed JSON with 400, a non-JSON body with 415 and an oversized body with 413', async () => {
    const bad = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('VALIDATION');
    const text = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect((await text.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x'.repeat(server.app.config.maxBodyBytes) }) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('requires ADMIN_TOKEN when it is configured', async () => {
    const locked = await startServer({ adminToken: 'let-me-in' });
    try {
      expect((await api(locked.url, 'POST', '/api/sessions', { title: 'x' })).status).toBe(401);
      expect((await api(locked.url, 'POST', '/api/sessions', { title: 'x' }, 'wrong')).status).toBe(401);
      expect((await api(locked.url, 'POST', '/api/sessions', { title: 'x' }, 'let-me-in')).status).toBe(201);
    } finally {
      await locked.close();
    }
  });
});

describe('POST /api/join', () => {
  it('joins with the code in any case and with separators, as resident by default or as screen', async () => {
    const s = await createSession(server.url);
    const spaced = `${s.joinCode.slice(0, 4).toLowerCase()}-${s.joinCode.slice(4)}`;
    const r = await join(server.url, spaced, { name: 'Zhang', group: 'resident', ageBand: '30_44', consent: true, locale: 'zh-CN' });
    expect(r).toMatchObject({ role: 'resident', sessionId: s.sessionId, boards: s.boards });
    expect(r.participantId).not.toBe(s.participantId);
    const screen = await join(server.url, s.joinCode, { role: 'screen' });
    expect(screen.role).toBe('screen');
  });

  it('answers 404 for an unknown code and 400 for a role that cannot be self-chosen', async () => {
    expect((await api(server.url, 'POST', '/api/join', { joinCode: 'AAAAAAAA' })).status).toBe(404);
    const s = await createSession(server.url);
    const r = await api<{ error: { code: string } }>(server.url, 'POST', '/api/join', { joinCode: s.joinCode, role: 'facilitator' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
  });
});

describe('GET /api/join/:code', () => {
  it('previews a session for the join page: title, anonymity, the groups and age bands offered, and whether joining is open', async () => {
    const s = await createSession(server.url, 'Courtyard bikes', { anonymous: true, groups: ['block_a', 'block_b'], ageBands: ['young', 'old'] });
    const spaced = `${s.joinCode.slice(0, 4).toLowerCase()}-${s.joinCode.slice(4)}`;
    const r = await api(server.url, 'GET', `/api/join/${spaced}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ title: 'Courtyard bikes', anonymous: true, groups: ['block_a', 'block_b'], ageBands: ['young', 'old'], joinOpen: true });
  });

  it('needs no token, answers 404 for an unknown code and 400 for a code of the wrong length', async () => {
    const none = await api<{ error: { code: string } }>(server.url, 'GET', '/api/join/AAAAAAAA');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NOT_FOUND');
    const short = await api<{ error: { code: string } }>(server.url, 'GET', '/api/join/AB');
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('VALIDATION');
  });
});

describe('POST /api/sessions/:id/invites', () => {
  it('lets a facilitator invite an expert, who joins by the invite code as an expert', async () => {
    const s = await createSession(server.url);
    const inv = await api<{ inviteCode: string; url: string }>(server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'expert' }, s.facilitatorToken);
    expect(inv.status).toBe(201);
    expect(inv.body.url).toContain(inv.body.inviteCode);
    const joined = await api<{ role: string; sessionId: string }>(server.url, 'POST', '/api/join', { inviteCode: inv.body.inviteCode, name: 'Dr Chen' });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ role: 'expert', sessionId: s.sessionId });
  });

  it('refuses residents (403), other sessions (403), no token (401) and unknown invite codes (404)', async () => {
    const s = await createSession(server.url);
    const other = await createSession(server.url);
    const resident = await join(server.url, s.joinCode);
    expect((await api(server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'expert' }, resident.token)).status).toBe(403);
    expect((await api(server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'expert' }, other.facilitatorToken)).status).toBe(403);
    expect((await api(server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'expert' })).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/join', { inviteCode: 'no-such-invite-code' })).status).toBe(404);
  });
});

describe('tokens on HTTP', () => {
  it('refuses forged, expired, malformed and revoked tokens with 401 UNAUTHORIZED', async () => {
    const s = await createSession(server.url);
    const forged = issueToken('not-the-secret', s.participantId, 1, Date.now() + 60_000);
    const expired = issueToken(testSecret, s.participantId, 1, Date.now() - 1);
    for (const token of [forged, expired, 'v1.a.b.c.d', 'nonsense']) {
      const r = await api<{ error: { code: string } }>(server.url, 'GET', '/api/me', undefined, token);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHORIZED');
    }
    const p = (await server.app.storage.getParticipant(s.participantId))!;
    await server.app.storage.commit([{ op: 'participant.put', participant: { ...p, revoked: true } }]);
    expect((await api(server.url, 'GET', '/api/me', undefined, s.facilitatorToken)).status).toBe(401);
  });
});

describe('health and routing', () => {
  it('GET /healthz reports storage and presence', async () => {
    const r = await api<{ ok: boolean; storage: { ok: boolean; kind: string }; presence: { ok: boolean; kind: string } }>(server.url, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, storage: { ok: true, kind: 'sqlite' }, presence: { ok: true, kind: 'memory' } });
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const r = await api<{ error: { code: string } }>(server.url, 'GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});
