/**
 * The big screen shows "N people still have dots": it gets `vote:progress` (counts only) and may
 * ask `vote:status`, but before the reveal nothing it receives names a voter or a target's dots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectSocket, createSession, eventually, join, joinAsExpert } from './helpers/clients.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('vote progress on the big screen', () => {
  it('a screen gets vote:progress and vote:status as counts only, never per-person or per-target data before reveal', async () => {
    const s = await createSession(server.url, 'Screen progress', { dotsPerParticipant: 2 });
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(server.url, s.facilitatorToken);
    const noteIds: string[] = [];
    for (const text of ['Lift', 'Lights', 'Bins']) noteIds.push((await command(fac, 'note:add', { boardId, text })).noteId as string);
    expect((await command(fac, 'phase:set', { boardId, phase: 'cluster' })).ok).toBe(true);
    expect((await command(fac, 'phase:set', { boardId, phase: 'vote' })).ok).toBe(true);

    const screenJoin = await join(server.url, s.joinCode, { role: 'screen' });
    const screen = await connectSocket(server.url, screenJoin.token);
    const events: { event: string; payload: unknown }[] = [];
    const frames: string[] = [];
    screen.onAny((event: string, payload: unknown) => events.push({ event, payload }));
    screen.io.engine.on('packet', (packet: { data?: unknown }) => frames.push(JSON.stringify(packet.data ?? '')));

    const residents = await Promise.all([join(server.url, s.joinCode), join(server.url, s.joinCode)]);
    const socks = await Promise.all(residents.map((r) => connectSocket(server.url, r.token)));

    // On load the screen asks for the count; it is the same aggregate moderators get.
    const status = await command(screen, 'vote:status', { boardId });
    // Voters are the residents: the facilitator, who has cast nothing, is not waited for.
    expect(status).toEqual({ ok: true, boardId, voters: 2, withDotsLeft: 2, dotsPerParticipant: 2 });

    expect((await command(socks[0]!, 'vote:cast', { boardId, targetId: noteIds[0]! })).ok).toBe(true);
    expect((await command(socks[0]!, 'vote:cast', { boardId, targetId: noteIds[1]! })).ok).toBe(true);
    expect((await command(socks[1]!, 'vote:cast', { boardId, targetId: noteIds[0]! })).ok).toBe(true);

    await eventually(() => expect(events.filter((e) => e.event === 'vote:progress').at(-1)?.payload).toEqual({ boardId, voters: 2, withDotsLeft: 1, dotsPerParticipant: 2 }));
    for (const e of events.filter((x) => x.event === 'vote:progress')) {
      expect(Object.keys(e.payload as object).sort()).toEqual(['boardId', 'dotsPerParticipant', 'voters', 'withDotsLeft']);
    }
    // Nothing the screen's socket received carries a voter, a target of a dot, or a tally.
    const leaks = frames.filter((f) => f.includes('tallies') || residents.some((r) => f.includes(r.participantId)) || noteIds.some((id) => f.includes(id)));
    expect(leaks).toEqual([]);

    // The screen still may not do anything else.
    expect(await command(screen, 'vote:mine', { boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(screen, 'vote:reveal', { boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Residents get no progress push (a count per cast to every tablet would be noise and load).
    const residentEvents: string[] = [];
    socks[1]!.onAny((event: string) => residentEvents.push(event));
    expect((await command(socks[1]!, 'vote:cast', { boardId, targetId: noteIds[2]! })).ok).toBe(true);
    // Everyone who can vote has voted: the count reaches 0.
    await eventually(() => expect(events.filter((e) => e.event === 'vote:progress').at(-1)?.payload).toMatchObject({ voters: 2, withDotsLeft: 0 }));
    expect(residentEvents).not.toContain('vote:progress');
    expect(await command(socks[1]!, 'vote:status', { boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    for (const sock of [screen, fac, ...socks]) sock.close();
  });

  it('counts residents and people without a device; a facilitator or expert only once they have cast a dot', async () => {
    const s = await createSession(server.url, 'Who votes', { dotsPerParticipant: 2 });
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(server.url, s.facilitatorToken);
    const expert = await connectSocket(server.url, (await joinAsExpert(server.url, s.sessionId, s.facilitatorToken)).token);
    const resident = await connectSocket(server.url, (await join(server.url, s.joinCode)).token);
    const scribed = await command(fac, 'note:add', { boardId, text: 'Ramp at the entrance', onBehalfOf: { name: 'Mrs Wang' } });
    expect((await command(fac, 'phase:set', { boardId, phase: 'cluster' })).ok).toBe(true);
    expect((await command(fac, 'phase:set', { boardId, phase: 'vote' })).ok).toBe(true);
    expect(await command(fac, 'vote:status', { boardId })).toMatchObject({ voters: 2, withDotsLeft: 2 });
    expect((await command(expert, 'vote:cast', { boardId, targetId: scribed.noteId })).ok).toBe(true);
    expect(await command(fac, 'vote:status', { boardId })).toMatchObject({ voters: 3, withDotsLeft: 3 });
    expect((await command(fac, 'vote:cast', { boardId, targetId: scribed.noteId, onBehalfOf: scribed.participantId })).ok).toBe(true);
    expect((await command(fac, 'vote:cast', { boardId, targetId: scribed.noteId, onBehalfOf: scribed.participantId })).ok).toBe(true);
    // The scribe's dots are the person's: the facilitator still holds none and is still not counted.
    expect(await command(fac, 'vote:status', { boardId })).toMatchObject({ voters: 3, withDotsLeft: 2 });
    for (const sock of [fac, expert, resident]) sock.close();
  });
});
