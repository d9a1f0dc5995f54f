/**
 * Escalation between two sessions: a neighbourhood session sends an action and a theme to the
 * street office's session (by its escalation code); the office's moderators set the status,
 * which flows back to the source's public results; both sides link to each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type * as Y from 'yjs';
import type { EscalationsResponse, PublicResults } from '../shared/results.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectSocket, createSession, joinAsExpert } from './helpers/clients.ts';
import { consultation, ok, type Consultation } from './helpers/results-fixture.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let src: Consultation;
let office: CreateSessionResponse;
let officeSock: Socket;
let officeCode = '';
beforeAll(async () => {
  server = await startServer();
  src = await consultation(server, 'Courtyard 3');
  office = await createSession(server.url, 'Street office 街道办');
  officeSock = await connectSocket(server.url, office.facilitatorToken);
  officeCode = (await api<{ escalationCode: string }>(server.url, 'GET', '/api/me', undefined, office.facilitatorToken)).body.escalationCode;
});
afterAll(async () => {
  src?.close();
  officeSock?.close();
  await server?.close();
});

const publicResults = async (id: string) => (await api<PublicResults>(server.url, 'GET', `/api/public/sessions/${id}/results`)).body;
const escalations = async (id: string, token: string) => (await api<EscalationsResponse>(server.url, 'GET', `/api/sessions/${id}/escalations`, undefined, token)).body;

describe('escalation', () => {
  it('unknown code is NOT_FOUND, the own code VALIDATION, residents FORBIDDEN', async () => {
    const payload = { boardId: src.boardId, kind: 'action', itemId: src.actionIds.overdue };
    expect(await command(src.fac, 'item:escalate', { ...payload, code: 'ACDEFGHJKM' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const own = (await api<{ escalationCode: string }>(server.url, 'GET', '/api/me', undefined, src.s.facilitatorToken)).body.escalationCode;
    expect(await command(src.fac, 'item:escalate', { ...payload, code: own })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await command(src.residentSock, 'item:escalate', { ...payload, code: officeCode })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(src.fac, 'item:escalate', { ...payload, itemId: 'nope', code: officeCode })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('escalating an action marks it escalated at the source and shows it, with its origin, to the target’s moderators (pushed)', async () => {
    const pushed = new Promise<{ direction: string; escalationId: string }>((resolve) => officeSock.once('escalations:changed', resolve));
    // Case, spaces and dashes in the code are ignored, as for join codes.
    const typed = `${officeCode.slice(0, 5).toLowerCase()}-${officeCode.slice(5)}`;
    const ack = await ok(src.fac, 'item:escalate', { boardId: src.boardId, kind: 'action', itemId: src.actionIds.overdue, code: typed });
    expect(ack.escalation).toMatchObject({ direction: 'outgoing', otherSessionId: office.sessionId, otherTitle: 'Street office 街道办', kind: 'action', status: 'open', title: 'Call the lift company' });
    expect(ack.escalation.detail).toContain('Housing office 房管所');
    expect(await pushed).toMatchObject({ direction: 'incoming', escalationId: ack.escalation.id });
    const doc = (await server.app.rooms.get(src.boardId, src.s.sessionId)).doc;
    expect(doc.getMap<Y.Map<unknown>>('actions').get(src.actionIds.overdue)?.get('status')).toBe('escalated');
    const incoming = (await escalations(office.sessionId, office.facilitatorToken)).incoming;
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({ otherSessionId: src.s.sessionId, otherTitle: 'Courtyard 3', otherPublicUrl: null, sourceBoardId: src.boardId, itemId: src.actionIds.overdue });
    expect((await escalations(src.s.sessionId, src.s.facilitatorToken)).outgoing).toHaveLength(1);
    // Escalating it again while open is a conflict.
    expect(await command(src.fac, 'item:escalate', { boardId: src.boardId, kind: 'action', itemId: src.actionIds.overdue, code: officeCode })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The list is for moderators of either side only.
    expect((await api(server.url, 'GET', `/api/sessions/${office.sessionId}/escalations`, undefined, src.s.facilitatorToken)).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/sessions/${src.s.sessionId}/escalations`, undefined, src.resident.token)).status).toBe(403);
  });

  it('only the target’s moderators set the status; it flows back to the source’s public results with a link to the target', async () => {
    const id = (await escalations(office.sessionId, office.facilitatorToken)).incoming[0]!.id;
    // The source side cannot act on it.
    expect(await command(src.fac, 'escalation:update', { escalationId: id, status: 'done', note: 'Self-declared' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A third session cannot even see it.
    const third = await createSession(server.url, 'Third');
    const thirdSock = await connectSocket(server.url, third.facilitatorToken);
    expect(await command(thirdSock, 'escalation:update', { escalationId: id, status: 'done' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    thirdSock.close();

    const expert = await joinAsExpert(server.url, office.sessionId, office.facilitatorToken);
    const expertSock = await connectSocket(server.url, expert.token);
    const pushedToSource = new Promise<{ direction: string; status: string }>((resolve) => src.fac.once('escalations:changed', resolve));
    const ack = await ok(expertSock, 'escalation:update', { escalationId: id, status: 'accepted', note: 'Assigned to the housing team' });
    expertSock.close();
    expect(ack.escalation).toMatchObject({ direction: 'incoming', status: 'accepted', updates: [{ status: 'accepted', note: 'Assigned to the housing team' }] });
    expect(await pushedToSource).toMatchObject({ direction: 'outgoing', status: 'accepted' });

    await ok(src.fac, 'session:publish', {});
    let action = (await publicResults(src.s.sessionId)).boards[0]!.actions.find((a) => a.id === src.actionIds.overdue)!;
    expect(action.status).toBe('escalated');
    expect(action.escalation).toMatchObject({ direction: 'outgoing', status: 'accepted', otherSessionId: office.sessionId, otherPublicUrl: null });
    expect(action.updates.at(-1)).toMatchObject({ status: 'escalated' });

    await ok(officeSock, 'session:publish', {});
    await ok(officeSock, 'escalation:update', { escalationId: id, status: 'in_progress' });
    action = (await publicResults(src.s.sessionId)).boards[0]!.actions.find((a) => a.id === src.actionIds.overdue)!;
    expect(action.escalation).toMatchObject({ status: 'in_progress', otherPublicUrl: expect.stringMatching(new RegExp(`/r/${office.sessionId}$`)) });
    expect(action.escalation!.updates.map((u) => u.status)).toEqual(['accepted', 'in_progress']);

    // The target's public page lists the incoming item, linking back to the (published) source.
    const target = await publicResults(office.sessionId);
    expect(target.incomingEscalations).toHaveLength(1);
    expect(target.incomingEscalations[0]).toMatchObject({ direction: 'incoming', otherSessionId: src.s.sessionId, status: 'in_progress', otherPublicUrl: expect.stringMatching(new RegExp(`/r/${src.s.sessionId}$`)) });
  });

  it('a theme can be escalated too: its concerns are in the snapshot and the public theme shows the escalation', async () => {
    const ack = await ok(src.fac, 'item:escalate', { boardId: src.boardId, kind: 'theme', itemId: src.themeId, code: officeCode });
    expect(ack.escalation.detail).toBe('Lift\n- The lift is broken every week');
    const theme = (await publicResults(src.s.sessionId)).boards[0]!.themes[0]!;
    expect(theme.escalation).toMatchObject({ kind: 'theme', status: 'open', otherTitle: 'Street office 街道办' });
    const record = await api<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/sessions/${office.sessionId}/record`, undefined, office.facilitatorToken);
    expect(record.body.entries.filter((e) => e.kind === 'escalation.received')).toHaveLength(2);
  });

  it('escalation privacy: the target’s public page shows an incoming item’s concerns only while the source is published, and only concerns still visible there', async () => {
    const incomingTheme = async () => (await publicResults(office.sessionId)).incomingEscalations.find((e) => e.kind === 'theme')!;
    // Source not published: title and origin only.
    await ok(src.fac, 'session:unpublish', {});
    let theme = await incomingTheme();
    expect(theme).toMatchObject({ title: 'Lift', otherTitle: 'Courtyard 3', otherPublicUrl: null, detail: '' });
    expect((await publicResults(office.sessionId)).incomingEscalations.find((e) => e.kind === 'action')!.detail).toBe('');
    expect(JSON.stringify(await publicResults(office.sessionId))).not.toContain('The lift is broken every week');
    const md = await (await fetch(`${server.url}/api/public/sessions/${office.sessionId}/export.md`)).text();
    expect(md).not.toContain('The lift is broken every week');
    // Published: the concerns as the source shows them now.
    await ok(src.fac, 'session:publish', {});
    theme = await incomingTheme();
    expect(theme.detail).toBe('Lift\n- The lift is broken every week');
    // A concern hidden at the source after the escalation disappears from both public pages…
    await ok(src.fac, 'note:hide', { boardId: src.boardId, noteId: src.noteIds.visible, reason: 'later found to name a neighbour' });
    expect((await incomingTheme()).detail).toBe('Lift');
    expect((await publicResults(src.s.sessionId)).boards[0]!.themes[0]!.escalation!.detail).toBe('Lift');
    // …while the target's moderators keep the snapshot they were sent.
    const list = await escalations(office.sessionId, office.facilitatorToken);
    expect(list.incoming.find((e) => e.kind === 'theme')!.detail).toBe('Lift\n- The lift is broken every week');
  });

  it('two simultaneous escalations of the same item: exactly one succeeds, the other is CONFLICT, one escalation is stored', async () => {
    const target = await createSession(server.url, 'Township 镇');
    const code = (await api<{ escalationCode: string }>(server.url, 'GET', '/api/me', undefined, target.facilitatorToken)).body.escalationCode;
    const expert = await joinAsExpert(server.url, src.s.sessionId, src.s.facilitatorToken);
    const expertSock = await connectSocket(server.url, expert.token);
    const payload = { boardId: src.boardId, kind: 'action', itemId: src.actionIds.future, code };
    const acks = await Promise.all([command(src.fac, 'item:escalate', payload), command(expertSock, 'item:escalate', payload), command(src.fac, 'item:escalate', payload)]);
    expertSock.close();
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => !a.ok).map((a) => a.error!.code)).toEqual(['CONFLICT', 'CONFLICT']);
    const rows = (await server.app.storage.listEscalations(src.s.sessionId)).filter((e) => e.itemId === src.actionIds.future);
    expect(rows).toHaveLength(1);
    const timeline = (await server.app.storage.listActionUpdates(src.s.sessionId)).filter((u) => u.actionId === src.actionIds.future && u.status === 'escalated');
    expect(timeline).toHaveLength(1);
  });

  it('wrong roles on escalations: a screen and a resident cannot escalate or update; the source’s expert cannot update the target’s item; residents and screens cannot list', async () => {
    const before = (await escalations(office.sessionId, office.facilitatorToken)).incoming[0]!;
    const id = before.id;
    const screen = await api<{ token: string }>(server.url, 'POST', '/api/join', { joinCode: src.s.joinCode, role: 'screen' });
    const screenSock = await connectSocket(server.url, screen.body.token);
    const srcExpert = await joinAsExpert(server.url, src.s.sessionId, src.s.facilitatorToken);
    const srcExpertSock = await connectSocket(server.url, srcExpert.token);
    const payload = { boardId: src.boardId, kind: 'theme', itemId: src.themeId, code: officeCode };
    for (const sock of [screenSock, src.residentSock]) {
      expect(await command(sock, 'item:escalate', payload)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await command(sock, 'escalation:update', { escalationId: id, status: 'done' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await command(srcExpertSock, 'escalation:update', { escalationId: id, status: 'done' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const token of [screen.body.token, src.resident.token]) {
      expect((await api(server.url, 'GET', `/api/sessions/${src.s.sessionId}/escalations`, undefined, token)).status).toBe(403);
    }
    expect((await escalations(office.sessionId, office.facilitatorToken)).incoming[0]).toEqual(before);
    screenSock.close();
    srcExpertSock.close();
  });
});
