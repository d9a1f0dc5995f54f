/**
 * Join-code and abuse limits (docs/API.md §2 "Limits") against real servers: wrong codes are
 * counted per client address and globally and answered 429 RATE_LIMITED with Retry-After past
 * the limit, on every route that takes a code and on `item:escalate`; a hall behind one NAT
 * keeps joining; TRUST_PROXY decides whether X-Forwarded-For names the client; session
 * creation, invites and photo uploads have quotas.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { CreateSessionResponse, JoinResponse } from '../shared/http-api.ts';
import type { Config } from '../server/config.ts';
import { DefaultLimits, type LimitsConfig } from '../server/limits/limits-config.ts';
import { startServer, testLimits, type TestServer } from './helpers/test-server.ts';
import { api, command, connectSocket } from './helpers/clients.ts';
import { smallPng } from './helpers/images.ts';

const servers: TestServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(limits: Partial<LimitsConfig> = {}, extra: Partial<Config> = {}): Promise<TestServer> {
  const s = await startServer({ limits: { ...testLimits, ...limits }, ...extra });
  servers.push(s);
  return s;
}

interface Answer<T = unknown> {
  status: number;
  retryAfter: string | null;
  body: T & { error?: { code: string; message: string; retryAfterSeconds?: number } };
}

/** A request as the client at `from` (sent as X-Forwarded-For; only believed with TRUST_PROXY). */
async function call<T = unknown>(s: TestServer, method: string, route: string, body?: unknown, opts: { from?: string; token?: string } = {}): Promise<Answer<T>> {
  const res = await fetch(s.url + route, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.from ? { 'x-forwarded-for': opts.from } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
}

const create = async (s: TestServer, from?: string) => {
  const r = await call<CreateSessionResponse>(s, 'POST', '/api/sessions', { title: 'Courtyard 7' }, { from });
  expect(r.status).toBe(201);
  return r.body;
};
/** Join codes of the right alphabet that name no session (codes are random: a clash is ~1e-11). */
const wrongJoinCode = (i: number) => `WXYQ${i.toString(5).padStart(4, '0').replace(/[0-4]/g, (d) => '34679'[Number(d)]!)}`;
const joinWrong = (s: TestServer, i: number, from?: string) => call(s, 'POST', '/api/join', { joinCode: wrongJoinCode(i) }, { from });

function expectLimited(r: Answer): void {
  expect(r.status).toBe(429);
  expect(r.body.error?.code).toBe('RATE_LIMITED');
  expect(Number(r.retryAfter)).toBeGreaterThan(0);
  expect(r.body.error?.retryAfterSeconds).toBe(Number(r.retryAfter));
}

const trustOneHop: Partial<Config> = { trustProxy: { kind: 'hops', hops: 1 } };

describe('wrong codes', () => {
  it('past LIMIT_WRONG_CODES (30) wrong codes from one address, every route that takes a code answers 429 RATE_LIMITED with Retry-After', async () => {
    const s = await server();
    const wrongInvite = 'A'.repeat(24);
    const wrongOwnerCode = 'B'.repeat(22);
    // Thirty wrong codes across the routes, all counted together: each is still a plain 404.
    const tries = [
      ...Array.from({ length: 14 }, (_, i) => () => joinWrong(s, i)),
      ...Array.from({ length: 8 }, (_, i) => () => call(s, 'GET', `/api/join/${wrongJoinCode(100 + i)}`)),
      () => call(s, 'POST', '/api/join', { inviteCode: wrongInvite }),
      () => call(s, 'POST', '/api/join', { inviteCode: wrongInvite }),
      ...Array.from({ length: 3 }, () => () => call(s, 'GET', `/api/follow-up/${wrongOwnerCode}`)),
      ...Array.from({ length: 3 }, () => () => call(s, 'POST', `/api/follow-up/${wrongOwnerCode}/updates`, { boardId: 'b', actionId: 'a', note: 'done' })),
    ];
    expect(tries).toHaveLength(30);
    for (const t of tries) expect((await t()).status).toBe(404);

    expectLimited(await joinWrong(s, 999));
    expectLimited(await call(s, 'GET', `/api/join/${wrongJoinCode(998)}`));
    expectLimited(await call(s, 'POST', '/api/join', { inviteCode: wrongInvite }));
    expectLimited(await call(s, 'GET', `/api/follow-up/${wrongOwnerCode}`));
    expectLimited(await call(s, 'POST', `/api/follow-up/${wrongOwnerCode}/updates`, { boardId: 'b', actionId: 'a', note: 'done' }));
    // A guesser that carries on gets nothing but 429s.
    const more = await Promise.all(Array.from({ length: 300 }, (_, i) => joinWrong(s, 2000 + i)));
    expect(more.filter((r) => r.status !== 429)).toEqual([]);
    expect(Number(more[0]!.retryAfter)).toBeLessThanOrEqual(600);
  });

  it('200 residents behind one NAT join with the right code while wrong codes from the same address are refused', async () => {
    const s = await server();
    const session = await create(s); // the facilitator's laptop is in the hall too
    let i = 0;
    const guess = async () => {
      const r = await joinWrong(s, i++);
      return r.status;
    };
    for (let k = 0; k < 30; k++) expect(await guess()).toBe(404);
    expect(await guess()).toBe(429);

    let guessing = true;
    const guesses: number[] = [];
    const guesser = (async () => {
      while (guessing && guesses.length < 5_000) guesses.push(await guess());
    })();
    const joins: Answer<JoinResponse>[] = [];
    for (let batch = 0; batch < 10; batch++) {
      joins.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => call<JoinResponse>(s, 'POST', '/api/join', { joinCode: session.joinCode, name: `r${batch * 20 + k}` })))));
    }
    guessing = false;
    await guesser;
    expect(joins.map((j) => j.status)).toEqual(new Array(200).fill(200));
    expect(new Set(joins.map((j) => j.body.participantId)).size).toBe(200);
    expect((await call(s, 'GET', `/api/join/${session.joinCode}`)).status).toBe(200);
    expect(guesses.length).toBeGreaterThan(0);
    expect(guesses.filter((g) => g !== 429)).toEqual([]);
  });

  it('a blocked address gets 429 even for a right join code it has not used (no oracle); other addresses join, and a moderator opening the console there makes the code known', async () => {
    const s = await server({}, trustOneHop);
    const hall = '198.51.100.10';
    const cafe = '203.0.113.20';
    const session = await create(s, hall);
    for (let k = 0; k < 30; k++) expect((await joinWrong(s, k, cafe)).status).toBe(404);
    expectLimited(await call(s, 'POST', '/api/join', { joinCode: session.joinCode }, { from: cafe }));
    expectLimited(await call(s, 'GET', `/api/join/${session.joinCode}`, undefined, { from: cafe }));
    // Positive controls: the hall (where the session was made) and an address nobody guessed from.
    expect((await call(s, 'POST', '/api/join', { joinCode: session.joinCode }, { from: hall })).status).toBe(200);
    expect((await call(s, 'POST', '/api/join', { joinCode: session.joinCode }, { from: '192.0.2.30' })).status).toBe(200);
    // The facilitator opens the console from the café: the code is known there from then on.
    expect((await call(s, 'GET', '/api/me', undefined, { from: cafe, token: session.facilitatorToken })).status).toBe(200);
    expect((await call(s, 'POST', '/api/join', { joinCode: session.joinCode.toLowerCase() }, { from: cafe })).status).toBe(200);
    expectLimited(await joinWrong(s, 99, cafe));
  });

  it('wrong codes from many addresses together reach LIMIT_WRONG_CODES_GLOBAL; a code known at an address still passes', async () => {
    const s = await server({ wrongCodesGlobal: { max: 20, windowMs: DefaultLimits.wrongCodesGlobal.windowMs } }, trustOneHop);
    const session = await create(s, '198.51.100.10');
    for (let k = 0; k < 20; k++) expect((await joinWrong(s, k, `192.0.2.${k + 1}`)).status).toBe(404);
    const r = await joinWrong(s, 50, '192.0.2.200');
    expectLimited(r);
    expect(r.body.error?.message).toMatch(/right now/);
    expectLimited(await call(s, 'POST', '/api/join', { joinCode: session.joinCode }, { from: '192.0.2.201' }));
    expect((await call(s, 'POST', '/api/join', { joinCode: session.joinCode }, { from: '198.51.100.10' })).status).toBe(200);
  });

  it('invite codes are 144 random bits: a right one still joins from a blocked address', async () => {
    const s = await server();
    const session = await create(s);
    const invite = await api<{ inviteCode: string }>(s.url, 'POST', `/api/sessions/${session.sessionId}/invites`, { role: 'expert' }, session.facilitatorToken);
    for (let k = 0; k < 31; k++) await joinWrong(s, k);
    expectLimited(await joinWrong(s, 100));
    expect((await call(s, 'POST', '/api/join', { inviteCode: invite.body.inviteCode })).status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('off (the default): X-Forwarded-For is ignored, so varying it does not escape the limit', async () => {
    const s = await server();
    for (let k = 0; k < 30; k++) expect((await joinWrong(s, k, `192.0.2.${k + 1}`)).status).toBe(404);
    expectLimited(await joinWrong(s, 30, '192.0.2.250'));
  });

  it('TRUST_PROXY=1: the address the proxy forwards is the client, each counted on its own', async () => {
    const s = await server({}, trustOneHop);
    for (let k = 0; k < 20; k++) {
      expect((await joinWrong(s, k, '192.0.2.1')).status).toBe(404);
      expect((await joinWrong(s, k, '192.0.2.2')).status).toBe(404);
    }
    for (let k = 20; k < 30; k++) expect((await joinWrong(s, k, '192.0.2.1')).status).toBe(404);
    expectLimited(await joinWrong(s, 30, '192.0.2.1'));
    expect((await joinWrong(s, 30, '192.0.2.2')).status).toBe(404);
    // A client cannot pick its address by writing one in front of the proxy's.
    expectLimited(await joinWrong(s, 31, '192.0.2.77, 192.0.2.1'));
  });
});

describe('escalation codes over Socket.IO', () => {
  it('item:escalate counts wrong escalation codes by the connection\'s address: 30 NOT_FOUND, then RATE_LIMITED with retryAfterSeconds; a right code used before still works, an unused one does not', async () => {
    const s = await server();
    const src = await create(s);
    const [office, other] = [await create(s), await create(s)];
    const codeOf = async (sess: CreateSessionResponse) => (await api<{ escalationCode: string }>(s.url, 'GET', '/api/me', undefined, sess.facilitatorToken)).body.escalationCode;
    const [officeCode, otherCode] = [await codeOf(office), await codeOf(other)];
    const fac = await connectSocket(s.url, src.facilitatorToken);
    sockets.push(fac);
    const boardId = src.boards[0]!.id;
    const action = async (title: string) => (await command(fac, 'action:add', { boardId, title })).actionId as string;
    const escalate = async (code: string, itemId: string) => command(fac, 'item:escalate', { boardId, kind: 'action', itemId, code });
    // Wrong codes all aim at one action: fewer commands, so the socket's own command rate
    // (burst 60) is never what answers.
    const target = await action('Fix the lift');

    expect(await escalate(officeCode, await action('Fix the lights'))).toMatchObject({ ok: true });
    for (let k = 0; k < 30; k++) expect(await escalate(`ACDEFGHJ${'3479'[k % 4]}${'3479'[(k >> 2) % 4]}`, target)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const refused = await escalate('ACDEFGHJKM', target);
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect((refused.error as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect(await escalate(otherCode, target)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(await escalate(officeCode, target)).toMatchObject({ ok: true });
  });
});

describe('quotas', () => {
  it('without ADMIN_TOKEN, LIMIT_SESSIONS sessions per address, then 429 with Retry-After; another address is not affected', async () => {
    const s = await server({ sessions: { max: 3, windowMs: 3_600_000 } }, trustOneHop);
    for (let k = 0; k < 3; k++) await create(s, '192.0.2.1');
    const r = await call(s, 'POST', '/api/sessions', { title: 'One more' }, { from: '192.0.2.1' });
    expectLimited(r);
    expect(Number(r.retryAfter)).toBeLessThanOrEqual(3600);
    await create(s, '192.0.2.2');
  });

  it('with ADMIN_TOKEN, no session quota, but wrong admin tokens count as wrong codes; the right token used there before still passes', async () => {
    const adminToken = 'operator-chosen-token';
    const s = await server({ sessions: { max: 1, windowMs: 3_600_000 } }, { adminToken });
    const make = (token?: string) => call(s, 'POST', '/api/sessions', { title: 'Admin made' }, { token });
    for (let k = 0; k < 3; k++) expect((await make(adminToken)).status).toBe(201);
    for (let k = 0; k < 30; k++) expect((await make(`guess-${k}`)).status).toBe(401);
    expectLimited(await make('guess-31'));
    expectLimited(await make());
    expect((await make(adminToken)).status).toBe(201);
  });

  it('LIMIT_INVITES invites per facilitator; a co-facilitator has a count of their own', async () => {
    const s = await server({ invites: { max: 2, windowMs: 3_600_000 } });
    const session = await create(s);
    const invite = (token: string) => call<{ inviteCode: string }>(s, 'POST', `/api/sessions/${session.sessionId}/invites`, { role: 'facilitator' }, { token });
    const first = await invite(session.facilitatorToken);
    expect(first.status).toBe(201);
    expect((await invite(session.facilitatorToken)).status).toBe(201);
    expectLimited(await invite(session.facilitatorToken));
    const co = await call<JoinResponse>(s, 'POST', '/api/join', { inviteCode: first.body.inviteCode });
    expect((await invite(co.body.token)).status).toBe(201);
  });

  it('LIMIT_PHOTOS uploads per participant, refused before the image is decoded; another participant uploads on', async () => {
    const s = await server({ photos: { max: 2, windowMs: 600_000 } });
    const session = await create(s);
    const fac = await connectSocket(s.url, session.facilitatorToken);
    sockets.push(fac);
    const boardId = session.boards[0]!.id;
    const note = (await command(fac, 'note:add', { boardId, text: 'Broken step' })).noteId as string;
    const png = await smallPng();
    const upload = async (token: string, body: Buffer = png) => {
      const res = await fetch(`${s.url}/api/boards/${boardId}/notes/${note}/photo`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` }, body: new Uint8Array(body) });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() } as Answer;
    };
    expect((await upload(session.facilitatorToken)).status).toBe(201);
    expect((await upload(session.facilitatorToken)).status).toBe(201);
    expectLimited(await upload(session.facilitatorToken));
    expectLimited(await upload(session.facilitatorToken, Buffer.from('not an image')));
    const expert = await api<{ inviteCode: string }>(s.url, 'POST', `/api/sessions/${session.sessionId}/invites`, { role: 'expert' }, session.facilitatorToken);
    const joined = await api<JoinResponse>(s.url, 'POST', '/api/join', { inviteCode: expert.body.inviteCode });
    expect((await upload(joined.body.token)).status).toBe(201);
  });
});
