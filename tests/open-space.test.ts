/**
 * An open-space session over sockets: 20 residents propose 5 topics, 3 are accepted and placed,
 * residents spread over the breakouts and move between them (head-counts checked at every step),
 * each breakout drafts actions, convergence brings them to the plenary with provenance, and the
 * plenary votes on them. Plus the limits of conveners and residents, and the back-channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, joinAsExpert, synced } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';
import type { RosterPush } from '../shared/socket-protocol.ts';

let server: TestServer;
let session: CreateSessionResponse;
let plenaryId: string;
let fac: Socket;
let rosters: RosterPush[];
const residents: { id: string; token: string; sock: Socket }[] = [];

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, 'Neighbourhood open space', { dotsPerParticipant: 3 });
  plenaryId = session.boards[0]!.id;
  fac = await connectSocket(server.url, session.facilitatorToken);
  rosters = [];
  fac.on('roster', (r: RosterPush) => rosters.push(r));
  for (let i = 0; i < 20; i++) {
    const r = await join(server.url, session.joinCode, { name: `R${i}` });
    residents.push({ id: r.participantId, token: r.token, sock: await connectSocket(server.url, r.token) });
  }
}, 60_000);

afterAll(async () => {
  for (const r of residents) r.sock.close();
  fac?.close();
  await server?.close();
});

async function headCounts(expected: Record<string, number>): Promise<void> {
  await eventually(() => {
    const last = rosters[rosters.length - 1]!;
    for (const [boardId, n] of Object.entries(expected)) expect(last.byBoard[boardId] ?? 0).toBe(n);
  });
}

describe('an open-space round', () => {
  const topicIds: string[] = [];
  const breakoutIds: string[] = [];
  const actionsByBoard = new Map<string, string[]>();

  it('residents propose topics in the marketplace; the wall shows them to everyone', async () => {
    const titles = ['Lift', 'Parking', 'Noise from the square', 'Elderly canteen', 'Bike sheds'];
    for (const [i, t] of titles.entries()) {
      const ack = await command(residents[i]!.sock, 'topic:propose', { title: t, description: `about ${t}` });
      expect(ack.ok).toBe(true);
      topicIds.push(ack.topicId as string);
    }
    const wall = connectProvider(server.wsUrl, plenaryId, residents[10]!.token);
    await synced(wall);
    await eventually(() => expect(Object.keys(wall.doc.getMap('topics').toJSON()).sort()).toEqual([...topicIds].sort()));
    expect((wall.doc.getMap('topics').toJSON() as Record<string, { convenerId: string; status: string }>)[topicIds[0]!]).toMatchObject({ convenerId: residents[0]!.id, status: 'proposed' });
    wall.destroy();
  });

  it('moderators accept three, merge one, decline one, and place the three on the agenda wall; a resident cannot place', async () => {
    const boardsPushed = new Promise<{ boards: unknown[] }>((resolve) => residents[5]!.sock.once('session:boards', resolve));
    for (const t of topicIds.slice(0, 3)) {
      const ack = await command(fac, 'topic:accept', { topicId: t });
      expect(ack.ok).toBe(true);
      breakoutIds.push(ack.boardId as string);
    }
    expect((await boardsPushed).boards.length).toBeGreaterThanOrEqual(2);
    expect(await command(fac, 'topic:merge', { sourceId: topicIds[3]!, targetId: topicIds[2]! })).toMatchObject({ ok: true });
    expect(await command(fac, 'topic:decline', { topicId: topicIds[4]!, reason: 'handled by the property office' })).toMatchObject({ ok: true });
    const wall = connectProvider(server.wsUrl, plenaryId, residents[4]!.token);
    await synced(wall);
    expect((wall.doc.getMap('topics').toJSON() as Record<string, unknown>)[topicIds[4]!]).toMatchObject({ status: 'declined', declineReason: 'handled by the property office' });
    wall.destroy();
    const spaces = [];
    for (const label of ['Hall A', 'Hall B', 'Courtyard']) spaces.push((await command(fac, 'space:add', { label })).spaceId as string);
    const slot = (await command(fac, 'slot:add', { label: '14:00–14:45' })).slotId as string;
    expect(await command(residents[0]!.sock, 'agenda:place', { topicId: topicIds[0]!, spaceId: spaces[0]!, slotId: slot })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const [i, t] of topicIds.slice(0, 3).entries()) {
      expect(await command(fac, 'agenda:place', { topicId: t, spaceId: spaces[i]!, slotId: slot })).toMatchObject({ ok: true });
    }
    expect(await command(fac, 'agenda:place', { topicId: topicIds[1]!, spaceId: spaces[0]!, slotId: slot })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const me = await api<{ boards: { id: string; kind: string }[] }>(server.url, 'GET', '/api/me', undefined, residents[0]!.token);
    expect(me.body.boards.filter((b) => b.kind === 'breakout').map((b) => b.id).sort()).toEqual([...breakoutIds].sort());
    const b0 = connectProvider(server.wsUrl, breakoutIds[0]!, residents[0]!.token);
    await synced(b0);
    expect(b0.doc.getMap('board').get('breakout')).toMatchObject({ topicId: topicIds[0], convenerId: residents[0]!.id, spaceId: spaces[0], slotId: slot });
    b0.destroy();
  });

  it('residents spread over the breakouts and move between them, with the head-counts right at every step', async () => {
    // 8 / 7 / 5 across the three breakouts.
    const spread = residents.map((_, i) => breakoutIds[i < 8 ? 0 : i < 15 ? 1 : 2]!);
    await Promise.all(residents.map((r, i) => command(r.sock, 'board:enter', { boardId: spread[i]! })));
    await headCounts({ [breakoutIds[0]!]: 8, [breakoutIds[1]!]: 7, [breakoutIds[2]!]: 5 });
    // The law of two feet: three people leave breakout 0 for breakout 2.
    for (const i of [5, 6, 7]) expect((await command(residents[i]!.sock, 'board:enter', { boardId: breakoutIds[2]! })).ok).toBe(true);
    await headCounts({ [breakoutIds[0]!]: 5, [breakoutIds[1]!]: 7, [breakoutIds[2]!]: 8 });
    // Someone leaves entirely.
    residents[19]!.sock.close();
    await headCounts({ [breakoutIds[0]!]: 5, [breakoutIds[1]!]: 7, [breakoutIds[2]!]: 7 });
    residents[19]!.sock = await connectSocket(server.url, residents[19]!.token);
  });

  it('each convener runs their own breakout and drafts actions there, but cannot act on another breakout', async () => {
    for (const [i, boardId] of breakoutIds.entries()) {
      const convener = residents[i]!.sock;
      expect(await command(convener, 'phase:set', { boardId, phase: 'act', reason: 'short breakout' })).toMatchObject({ ok: true });
      const ids: string[] = [];
      for (const title of [`Action ${i}.1`, `Action ${i}.2`]) {
        const ack = await command(convener, 'action:add', { boardId, title });
        expect(ack.ok).toBe(true);
        ids.push(ack.actionId as string);
      }
      actionsByBoard.set(boardId, ids);
    }
    expect(await command(residents[0]!.sock, 'action:add', { boardId: breakoutIds[1]!, title: 'not mine' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(residents[0]!.sock, 'phase:set', { boardId: breakoutIds[1]!, phase: 'done' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(residents[0]!.sock, 'phase:set', { boardId: plenaryId, phase: 'cluster' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(residents[0]!.sock, 'participant:kick', { participantId: residents[3]!.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A non-convener resident cannot add actions to a breakout either.
    expect(await command(residents[10]!.sock, 'action:add', { boardId: breakoutIds[0]!, title: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('convergence brings every breakout action to the plenary with its provenance, once', async () => {
    expect(await command(residents[0]!.sock, 'session:converge', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ack = await command(fac, 'session:converge', {});
    expect(ack).toMatchObject({ ok: true, converged: 6, breakouts: 3 });
    expect(await command(fac, 'session:converge', {})).toMatchObject({ ok: true, converged: 0 });
    const plenary = connectProvider(server.wsUrl, plenaryId, session.facilitatorToken);
    await synced(plenary);
    const actions = plenary.doc.getMap('actions').toJSON() as Record<string, { title: string; sourceBoardId: string; topicId: string; convenerId: string }>;
    expect(Object.keys(actions)).toHaveLength(6);
    for (const [i, boardId] of breakoutIds.entries()) {
      for (const id of actionsByBoard.get(boardId)!) {
        expect(actions[id]).toMatchObject({ sourceBoardId: boardId, topicId: topicIds[i], convenerId: residents[i]!.id });
      }
    }
    plenary.destroy();
  });

  it('the plenary votes on the converged actions', async () => {
    expect(await command(fac, 'settings:set', { boardId: plenaryId, settings: { voteOn: 'actions' } })).toMatchObject({ ok: true });
    expect(await command(fac, 'phase:set', { boardId: plenaryId, phase: 'vote', reason: 'agenda made in the breakouts' })).toMatchObject({ ok: true });
    const [first, second] = actionsByBoard.get(breakoutIds[0]!)!;
    for (const r of residents.slice(0, 10)) expect((await command(r.sock, 'vote:cast', { boardId: plenaryId, targetId: first! })).ok).toBe(true);
    for (const r of residents.slice(10, 14)) expect((await command(r.sock, 'vote:cast', { boardId: plenaryId, targetId: second! })).ok).toBe(true);
    const reveal = await command(fac, 'vote:reveal', { boardId: plenaryId });
    expect(reveal).toMatchObject({ ok: true, voteOn: 'actions', tallies: { [first!]: 10, [second!]: 4 } });
    expect(await command(fac, 'phase:set', { boardId: plenaryId, phase: 'act' })).toMatchObject({ ok: true });
  });
});

describe('remote experts', () => {
  it('attach advice shown with their name, and the back-channel never reaches a resident or the screen', async () => {
    const s = await createSession(server.url, 'Experts');
    const boardId = s.boards[0]!.id;
    const expert = await joinAsExpert(server.url, s.sessionId, s.facilitatorToken, 'Engineer Liu');
    const ex = await connectSocket(server.url, expert.token);
    const f = await connectSocket(server.url, s.facilitatorToken);
    const frames: string[] = [];
    const observers: { close(): void }[] = [];
    for (const token of [(await join(server.url, s.joinCode)).token, (await join(server.url, s.joinCode, { role: 'screen' })).token]) {
      const sock = await connectSocket(server.url, token);
      sock.io.engine.on('packet', (p: { data?: unknown }) => frames.push(JSON.stringify(p.data ?? '')));
      const raw = await connectRaw(server.wsUrl, boardId, token);
      raw.ws.on('message', (d: Buffer) => frames.push(d.toString('utf8')));
      observers.push(sock, raw);
    }
    const got = new Promise<{ text: string }>((resolve) => f.once('backchannel', resolve));
    expect(await command(ex, 'backchannel:send', { text: 'SECRET-BACKCHANNEL the budget is tighter than they think' })).toMatchObject({ ok: true });
    expect((await got).text).toContain('SECRET-BACKCHANNEL');
    expect(await command(f, 'backchannel:history', {})).toMatchObject({ messages: [{ text: expect.stringContaining('SECRET-BACKCHANNEL'), name: 'Engineer Liu' }] });
    const theme = (await command(f, 'cluster:add', { boardId, title: 'Lift', x: 0, y: 0 })).clusterId as string;
    expect(await command(ex, 'advice:add', { boardId, targetId: theme, text: 'ADVICE: replace the door sensor first' })).toMatchObject({ ok: true });
    await eventually(() => expect(frames.some((t) => t.includes('ADVICE: replace the door sensor first'))).toBe(true));
    await new Promise((r) => setTimeout(r, 200));
    expect(frames.filter((t) => t.includes('SECRET-BACKCHANNEL'))).toEqual([]);
    const resident = await join(server.url, s.joinCode);
    const rs = await connectSocket(server.url, resident.token);
    expect(await command(rs, 'backchannel:send', { text: 'hi' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(rs, 'advice:add', { boardId, targetId: theme, text: 'me too' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const o of [...observers, rs, ex, f]) o.close();
  });

  it('a facilitator hands over to a co-facilitator, recorded; experts cannot change session settings', async () => {
    const s = await createSession(server.url, 'Handover');
    const inv = await api<{ inviteCode: string }>(server.url, 'POST', `/api/sessions/${s.sessionId}/invites`, { role: 'facilitator' }, s.facilitatorToken);
    const co = await api<{ participantId: string; role: string }>(server.url, 'POST', '/api/join', { inviteCode: inv.body.inviteCode, name: 'Co' });
    expect(co.body.role).toBe('facilitator');
    const f = await connectSocket(server.url, s.facilitatorToken);
    expect(await command(f, 'facilitation:handover', { participantId: co.body.participantId })).toMatchObject({ ok: true, leadFacilitator: co.body.participantId });
    const rec = await api<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/sessions/${s.sessionId}/record`, undefined, s.facilitatorToken);
    expect(rec.body.entries.some((e) => e.kind === 'facilitation.handover')).toBe(true);
    const expert = await joinAsExpert(server.url, s.sessionId, s.facilitatorToken);
    const ex = await connectSocket(server.url, expert.token);
    expect(await command(ex, 'settings:set', { settings: { dotsPerParticipant: 9 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    f.close();
    ex.close();
  });
});

describe('a quick courtyard session', () => {
  it('has one board, no marketplace, 3 dots and a 10-minute gather timer ready to start', async () => {
    const r = await api<CreateSessionResponse>(server.url, 'POST', '/api/sessions', { title: 'Building 7 courtyard', template: 'courtyard' });
    expect(r.status).toBe(201);
    const c = r.body;
    expect(c.boards).toHaveLength(1);
    const p = connectProvider(server.wsUrl, c.boards[0]!.id, c.facilitatorToken);
    await synced(p);
    expect(p.doc.getMap('board').get('settings')).toMatchObject({ dotsPerParticipant: 3, marketplace: false });
    expect(p.doc.getMap('board').get('timer')).toEqual({ status: 'paused', remainingMs: 600_000, durationMs: 600_000 });
    p.destroy();
    const res = await join(server.url, c.joinCode);
    const sock = await connectSocket(server.url, res.token);
    expect(await command(sock, 'topic:propose', { title: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    sock.close();
    // The big screen follows boards (board:enter) but can do nothing else.
    const screen = await connectSocket(server.url, (await join(server.url, c.joinCode, { role: 'screen' })).token);
    expect(await command(screen, 'board:enter', { boardId: c.boards[0]!.id })).toMatchObject({ ok: true });
    expect(await command(screen, 'ready:set', { boardId: c.boards[0]!.id, ready: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    screen.close();
  });
});

describe('head-counts are of people', () => {
  it('a big screen showing a board is counted as a screen, not in online nor in the board head-count', async () => {
    const c = await createSession(server.url, 'Head-counts');
    const boardId = c.boards[0]!.id;
    const fac = await connectSocket(server.url, c.facilitatorToken);
    const seen: RosterPush[] = [];
    fac.on('roster', (r: RosterPush) => seen.push(r));
    const resident = await join(server.url, c.joinCode, { name: 'Zhao' });
    const rs = await connectSocket(server.url, resident.token);
    expect(await command(rs, 'board:enter', { boardId })).toMatchObject({ ok: true });
    const screen = await join(server.url, c.joinCode, { role: 'screen' });
    const ss = await connectSocket(server.url, screen.token);
    expect(await command(ss, 'board:enter', { boardId })).toMatchObject({ ok: true });
    await eventually(() => {
      const last = seen[seen.length - 1];
      expect(last?.members?.some((m) => m.role === 'screen' && m.boards.includes(boardId))).toBe(true);
      expect(last).toMatchObject({ online: 2, screens: 1, byBoard: { [boardId]: 1 } });
    });
    for (const s of [fac, rs, ss]) s.close();
  });
});
