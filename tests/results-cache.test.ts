/**
 * The public results are cached per session (docs/API.md §12 "GET /api/public/sessions/:id/results"):
 * a visit after the first builds nothing and loads no board; any commit of the session (a
 * command, a direct Yjs edit) and an escalation update made in another session that shows on
 * the page are seen at the next visit; other sessions' commits keep the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { PublicResults } from '../shared/results.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectSocket, createSession, eventually } from './helpers/clients.ts';
import { consultation, ok, setActionFields, type Consultation } from './helpers/results-fixture.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let src: Consultation;
let office: CreateSessionResponse;
let officeSock: Socket;
beforeAll(async () => {
  // Boards unload soon after use, so a test can see whether a visit loads them.
  server = await startServer({ roomIdleMs: 300 });
  src = await consultation(server, 'Courtyard 5');
  await ok(src.fac, 'session:publish', {});
  office = await createSession(server.url, 'Street office');
  officeSock = await connectSocket(server.url, office.facilitatorToken);
});
afterAll(async () => {
  src?.close();
  officeSock?.close();
  await server?.close();
});

const results = async (id: string) => {
  const r = await api<PublicResults>(server.url, 'GET', `/api/public/sessions/${id}/results`);
  expect(r.status).toBe(200);
  return r.body;
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const action = (r: PublicResults, id: string) => r.boards[0]!.actions.find((a) => a.id === id)!;

describe('public results cache', () => {
  it('a later visit gets the results built for the first, without loading the boards again', async () => {
    const first = await results(src.s.sessionId);
    await eventually(() => expect(server.app.rooms.peek(src.boardId)).toBeUndefined(), 5_000);
    await pause(20);
    const again = await results(src.s.sessionId);
    expect(again.generatedAt).toBe(first.generatedAt);
    expect(again).toEqual(first);
    expect(server.app.rooms.peek(src.boardId)).toBeUndefined();
  });

  it("the session's commits are seen at the next visit: a command and a direct Yjs edit", async () => {
    const before = await results(src.s.sessionId);
    await ok(src.fac, 'action:update', { boardId: src.boardId, actionId: src.actionIds.future, status: 'in_progress', note: 'Quotes requested' });
    const afterCommand = await results(src.s.sessionId);
    expect(afterCommand.generatedAt).toBeGreaterThan(before.generatedAt);
    expect(action(afterCommand, src.actionIds.future).updates.at(-1)).toMatchObject({ status: 'in_progress', note: 'Quotes requested' });

    await setActionFields(server, src.s.sessionId, src.boardId, src.s.facilitatorToken, src.actionIds.future, { owner: 'Building 5 committee' });
    expect(action(await results(src.s.sessionId), src.actionIds.future).owner).toBe('Building 5 committee');
  });

  it("another session's commits keep the cache, unless they are an escalation update that shows on the page", async () => {
    const code = (await api<{ escalationCode: string }>(server.url, 'GET', '/api/me', undefined, office.facilitatorToken)).body.escalationCode;
    const sent = await ok(src.fac, 'item:escalate', { boardId: src.boardId, kind: 'action', itemId: src.actionIds.overdue, code });
    const before = await results(src.s.sessionId);
    expect(action(before, src.actionIds.overdue).escalation).toMatchObject({ status: 'open' });

    // Something unrelated happens elsewhere: the source's page is not rebuilt.
    const other = await createSession(server.url, 'Unrelated');
    const otherSock = await connectSocket(server.url, other.facilitatorToken);
    expect((await command(otherSock, 'note:add', { boardId: other.boards[0]!.id, text: 'Elsewhere' })).ok).toBe(true);
    otherSock.close();
    await pause(20);
    expect((await results(src.s.sessionId)).generatedAt).toBe(before.generatedAt);

    // The office, a session of its own, takes the item on: the source's page shows it.
    await ok(officeSock, 'escalation:update', { escalationId: sent.escalation.id as string, status: 'accepted', note: 'Assigned' });
    const after = await results(src.s.sessionId);
    expect(action(after, src.actionIds.overdue).escalation).toMatchObject({ status: 'accepted', updates: [{ status: 'accepted', note: 'Assigned' }] });
  });
});
