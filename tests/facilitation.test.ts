/**
 * Running the room over real sockets: the shared timer counted against the server's clock, the
 * spotlight, bringing everyone to a board, the ready check, and settings (who may change them,
 * how they are validated, recorded and enforced by other commands).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, joinAsExpert, synced, type ProviderClient } from './helpers/clients.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

interface Member {
  participantId: string;
  token: string;
  socket: Socket;
  yjs: ProviderClient;
}

/** One session with a facilitator, an expert, two residents and a big screen, each on both transports. */
interface Room {
  session: CreateSessionResponse;
  boardId: string;
  facilitator: Member;
  expert: Member;
  residents: Member[];
  screen: Member;
  everyone: Member[];
}

let server: TestServer;
const opened: Member[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  closeOpened();
  await server?.close();
});

/** Closes every client opened so far (each provider holds a process listener until destroyed). */
function closeOpened(): void {
  for (const m of opened.splice(0)) {
    m.socket.close();
    m.yjs.destroy();
  }
}

async function member(boardId: string, token: string, participantId: string): Promise<Member> {
  const socket = await connectSocket(server.url, token);
  const yjs = connectProvider(server.wsUrl, boardId, token);
  await synced(yjs);
  const m = { participantId, token, socket, yjs };
  opened.push(m);
  return m;
}

async function openRoom(settings?: object): Promise<Room> {
  const session = await createSession(server.url, 'Courtyard', settings);
  const boardId = session.boards[0]!.id;
  const facilitator = await member(boardId, session.facilitatorToken, session.participantId);
  const ex = await joinAsExpert(server.url, session.sessionId, session.facilitatorToken);
  const expert = await member(boardId, ex.token, ex.participantId);
  const residents: Member[] = [];
  for (let i = 0; i < 2; i++) {
    const r = await join(server.url, session.joinCode, { name: `Resident ${i}` });
    residents.push(await member(boardId, r.token, r.participantId));
  }
  const s = await join(server.url, session.joinCode, { role: 'screen' });
  const screen = await member(boardId, s.token, s.participantId);
  return { session, boardId, facilitator, expert, residents, screen, everyone: [facilitator, expert, ...residents, screen] };
}

const boardValue = (m: Member, key: string): unknown => m.yjs.doc.getMap('board').get(key);

async function everyoneSees(room: Room, key: string, expected: unknown): Promise<void> {
  await eventually(() => {
    for (const m of room.everyone) expect(boardValue(m, key)).toEqual(expected);
  });
}

async function recordEntries(room: Room): Promise<{ kind: string; boardId: string | null; actorId: string; data: Record<string, unknown> }[]> {
  const res = await fetch(`${server.url}/api/sessions/${room.session.sessionId}/record`, { headers: { authorization: `Bearer ${room.session.facilitatorToken}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: { kind: string; boardId: string | null; actorId: string; data: Record<string, unknown> }[] }).entries;
}

describe('the shared timer', () => {
  let room: Room;
  afterAll(closeOpened);
  beforeAll(async () => {
    room = await openRoom();
  });

  it('the hello event on connect carries the server clock (serverNow) for counting down', async () => {
    const before = Date.now();
    const socket = io(server.url, { auth: { token: room.residents[0]!.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const hello = await new Promise<{ participantId: string; role: string; sessionId: string; serverNow: number }>((resolve, reject) => {
        socket.once('hello', resolve);
        socket.once('connect_error', reject);
      });
      const after = Date.now();
      expect(hello).toMatchObject({ participantId: room.residents[0]!.participantId, role: 'resident', sessionId: room.session.sessionId });
      // Same process, same clock: serverNow was taken between our two readings.
      expect(hello.serverNow).toBeGreaterThanOrEqual(before);
      expect(hello.serverNow).toBeLessThanOrEqual(after);
    } finally {
      socket.close();
    }
  });

  it('timer:start publishes {running, endsAt, durationMs} to every client; the ack carries serverNow', async () => {
    const before = Date.now();
    const ack = await command(room.facilitator.socket, 'timer:start', { boardId: room.boardId, seconds: 90 });
    const after = Date.now();
    expect(ack.ok).toBe(true);
    expect(ack.serverNow).toBeGreaterThanOrEqual(before);
    expect(ack.serverNow).toBeLessThanOrEqual(after);
    expect(ack.timer).toEqual({ status: 'running', endsAt: ack.serverNow + 90_000, durationMs: 90_000 });
    await everyoneSees(room, 'timer', ack.timer);
  });

  it('timer:pause freezes the remaining time ({paused, remainingMs}) for everyone; pausing a stopped timer is CONFLICT', async () => {
    const start = await command(room.expert.socket, 'timer:start', { boardId: room.boardId, seconds: 60 });
    expect(start.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    const pause = await command(room.expert.socket, 'timer:pause', { boardId: room.boardId });
    expect(pause.ok).toBe(true);
    expect(pause.timer).toEqual({ status: 'paused', remainingMs: start.timer.endsAt - pause.serverNow, durationMs: 60_000 });
    expect(pause.timer.remainingMs).toBeLessThan(60_000);
    expect(pause.timer.remainingMs).toBeGreaterThan(0);
    await everyoneSees(room, 'timer', pause.timer);
    expect(await command(room.facilitator.socket, 'timer:pause', { boardId: room.boardId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The refused pause changed nothing.
    await everyoneSees(room, 'timer', pause.timer);
  });

  it('timer:reset clears the timer to null for everyone; pausing after a reset is CONFLICT', async () => {
    expect((await command(room.facilitator.socket, 'timer:start', { boardId: room.boardId, seconds: 30 })).ok).toBe(true);
    expect(await command(room.facilitator.socket, 'timer:reset', { boardId: room.boardId })).toMatchObject({ ok: true, timer: null });
    await everyoneSees(room, 'timer', null);
    expect(await command(room.facilitator.socket, 'timer:pause', { boardId: room.boardId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('only moderators run the timer: a resident and the screen get FORBIDDEN', async () => {
    expect(await command(room.residents[0]!.socket, 'timer:start', { boardId: room.boardId, seconds: 10 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(room.screen.socket, 'timer:reset', { boardId: room.boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await everyoneSees(room, 'timer', null);
  });
});

describe('the spotlight', () => {
  let room: Room;
  afterAll(closeOpened);
  let noteId: string;
  let clusterId: string;
  let actionId: string;
  beforeAll(async () => {
    room = await openRoom();
    noteId = (await command(room.residents[0]!.socket, 'note:add', { boardId: room.boardId, text: 'The gate is broken' })).noteId as string;
    clusterId = (await command(room.facilitator.socket, 'cluster:add', { boardId: room.boardId, title: 'Gate', x: 0, y: 0 })).clusterId as string;
    actionId = (await command(room.facilitator.socket, 'action:add', { boardId: room.boardId, title: 'Fix the gate' })).actionId as string;
    expect([noteId, clusterId, actionId].every(Boolean)).toBe(true);
  });

  it('spotlight:set on a note, a theme or an action puts that id in board.spotlight for everyone', async () => {
    for (const targetId of [noteId, clusterId, actionId]) {
      expect(await command(room.facilitator.socket, 'spotlight:set', { boardId: room.boardId, targetId })).toMatchObject({ ok: true, spotlight: targetId });
      await everyoneSees(room, 'spotlight', targetId);
    }
  });

  it('spotlight:set on an id that is not on the board is NOT_FOUND and leaves the spotlight as it was', async () => {
    expect(await command(room.expert.socket, 'spotlight:set', { boardId: room.boardId, targetId: noteId })).toMatchObject({ ok: true });
    expect(await command(room.expert.socket, 'spotlight:set', { boardId: room.boardId, targetId: 'no-such-thing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await everyoneSees(room, 'spotlight', noteId);
  });

  it('spotlight:set with null clears the spotlight', async () => {
    expect(await command(room.facilitator.socket, 'spotlight:set', { boardId: room.boardId, targetId: null })).toMatchObject({ ok: true, spotlight: null });
    await everyoneSees(room, 'spotlight', null);
  });

  it('a resident cannot set the spotlight (FORBIDDEN)', async () => {
    expect(await command(room.residents[1]!.socket, 'spotlight:set', { boardId: room.boardId, targetId: noteId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await everyoneSees(room, 'spotlight', null);
  });
});

describe('bring everyone to a board', () => {
  afterEach(closeOpened);

  it('board:bring sends board:goto {boardId} to every socket of the session, residents and the screen included, and to no other session', async () => {
    const room = await openRoom();
    const other = await openRoom();
    const received = new Map<Member, unknown[]>();
    for (const m of [...room.everyone, ...other.everyone]) {
      received.set(m, []);
      m.socket.on('board:goto', (payload: unknown) => received.get(m)!.push(payload));
    }
    const ack = await command(room.facilitator.socket, 'board:bring', { boardId: room.boardId });
    expect(ack).toMatchObject({ ok: true, boardId: room.boardId });
    await eventually(() => {
      for (const m of room.everyone) expect(received.get(m)).toEqual([expect.objectContaining({ boardId: room.boardId })]);
    });
    // The other session's sockets had the same time to receive it and must not have.
    await new Promise((r) => setTimeout(r, 100));
    for (const m of other.everyone) expect(received.get(m)).toEqual([]);
  });

  it('a resident cannot bring everyone (FORBIDDEN) and nobody is moved', async () => {
    const room = await openRoom();
    let moved = 0;
    for (const m of room.everyone) m.socket.on('board:goto', () => moved++);
    expect(await command(room.residents[0]!.socket, 'board:bring', { boardId: room.boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(moved).toBe(0);
  });
});

describe('the ready check', () => {
  let room: Room;
  afterAll(closeOpened);
  beforeAll(async () => {
    room = await openRoom();
  });

  it('ready:set lists each ready participant once in board.ready; the ack carries readyCount', async () => {
    const [a, b] = room.residents as [Member, Member];
    expect(await command(a.socket, 'ready:set', { boardId: room.boardId, ready: true })).toMatchObject({ ok: true, ready: true, readyCount: 1 });
    await everyoneSees(room, 'ready', [a.participantId]);
    expect(await command(a.socket, 'ready:set', { boardId: room.boardId, ready: true })).toMatchObject({ ok: true, readyCount: 1 });
    expect(await command(b.socket, 'ready:set', { boardId: room.boardId, ready: true })).toMatchObject({ ok: true, readyCount: 2 });
    await everyoneSees(room, 'ready', [a.participantId, b.participantId]);
    expect(await command(a.socket, 'ready:set', { boardId: room.boardId, ready: false })).toMatchObject({ ok: true, ready: false, readyCount: 1 });
    await everyoneSees(room, 'ready', [b.participantId]);
  });

  it('concurrent ready signals are all counted', async () => {
    const acks = await Promise.all([room.facilitator, room.expert, ...room.residents].map((m) => command(m.socket, 'ready:set', { boardId: room.boardId, ready: true })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const expected = [room.facilitator, room.expert, ...room.residents].map((m) => m.participantId).sort();
    await eventually(() => {
      for (const m of room.everyone) expect([...(boardValue(m, 'ready') as string[])].sort()).toEqual(expected);
    });
  });

  it('the screen cannot signal ready (FORBIDDEN)', async () => {
    const before = boardValue(room.facilitator, 'ready');
    expect(await command(room.screen.socket, 'ready:set', { boardId: room.boardId, ready: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(boardValue(room.facilitator, 'ready')).toEqual(before);
    expect(before).not.toContain(room.screen.participantId);
  });

  it('a phase change clears the ready check', async () => {
    expect((boardValue(room.facilitator, 'ready') as string[]).length).toBeGreaterThan(0);
    expect(await command(room.facilitator.socket, 'phase:set', { boardId: room.boardId, phase: 'cluster' })).toMatchObject({ ok: true });
    await everyoneSees(room, 'ready', []);
    expect(await command(room.residents[0]!.socket, 'ready:set', { boardId: room.boardId, ready: true })).toMatchObject({ ok: true, readyCount: 1 });
  });
});

describe('settings', () => {
  afterEach(closeOpened);

  it('settings:set without a boardId changes the session: board.settings changes for everyone, the session keeps it, and the record has a settings.set entry', async () => {
    const room = await openRoom({ dotsPerParticipant: 3 });
    await everyoneSees(room, 'settings', expect.objectContaining({ dotsPerParticipant: 3, capPerTarget: 3 }));
    const ack = await command(room.facilitator.socket, 'settings:set', { settings: { dotsPerParticipant: 7, anonymous: true } });
    expect(ack).toMatchObject({ ok: true, settings: { dotsPerParticipant: 7, anonymous: true, capPerTarget: 3 } });
    await everyoneSees(room, 'settings', expect.objectContaining({ dotsPerParticipant: 7, anonymous: true, capPerTarget: 3, voteOn: 'notes' }));
    const stored = await server.app.storage.getSession(room.session.sessionId);
    expect(stored?.settings).toMatchObject({ dotsPerParticipant: 7, anonymous: true });
    const entries = (await recordEntries(room)).filter((e) => e.kind === 'settings.set');
    expect(entries).toEqual([
      expect.objectContaining({ boardId: null, actorId: room.facilitator.participantId, data: { settings: { dotsPerParticipant: 7, anonymous: true }, scope: 'session' } }),
    ]);
  });

  it('settings:set with a boardId changes that board, keeps its other settings, leaves the session alone, and is recorded', async () => {
    const room = await openRoom({ dotsPerParticipant: 4 });
    expect(await command(room.facilitator.socket, 'settings:set', { boardId: room.boardId, settings: { capPerTarget: 1 } })).toMatchObject({ ok: true, settings: { capPerTarget: 1, dotsPerParticipant: 4 } });
    await everyoneSees(room, 'settings', expect.objectContaining({ capPerTarget: 1, dotsPerParticipant: 4 }));
    const stored = await server.app.storage.getSession(room.session.sessionId);
    expect(stored?.settings).not.toHaveProperty('capPerTarget');
    const entries = (await recordEntries(room)).filter((e) => e.kind === 'settings.set');
    expect(entries).toEqual([expect.objectContaining({ boardId: room.boardId, data: { settings: { capPerTarget: 1 }, scope: 'board' } })]);
  });

  it('settings:set changes only the settings it names: the others keep their session values on the board and in the session', async () => {
    const custom = { dotsPerParticipant: 3, capPerTarget: 2, noteMaxLength: 100 };
    const room = await openRoom(custom);
    await everyoneSees(room, 'settings', expect.objectContaining(custom));
    expect(await command(room.facilitator.socket, 'settings:set', { settings: { anonymous: true } })).toMatchObject({ ok: true, settings: { ...custom, anonymous: true } });
    await everyoneSees(room, 'settings', expect.objectContaining({ ...custom, anonymous: true }));
    expect((await server.app.storage.getSession(room.session.sessionId))?.settings).toMatchObject({ ...custom, anonymous: true });
    expect(await command(room.facilitator.socket, 'settings:set', { boardId: room.boardId, settings: { voteOn: 'clusters' } })).toMatchObject({ ok: true, settings: { ...custom, anonymous: true, voteOn: 'clusters' } });
    await everyoneSees(room, 'settings', expect.objectContaining({ ...custom, anonymous: true, voteOn: 'clusters' }));
  });

  it('settings:set on a board of another session is NOT_FOUND', async () => {
    const room = await openRoom();
    const other = await openRoom();
    expect(await command(room.facilitator.socket, 'settings:set', { boardId: other.boardId, settings: { capPerTarget: 2 } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await everyoneSees(other, 'settings', expect.objectContaining({ capPerTarget: 3 }));
  });

  it('only the facilitator changes settings: an expert and a resident get FORBIDDEN', async () => {
    const room = await openRoom();
    expect(await command(room.expert.socket, 'settings:set', { settings: { dotsPerParticipant: 2 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(room.expert.socket, 'settings:set', { boardId: room.boardId, settings: { dotsPerParticipant: 2 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(room.residents[0]!.socket, 'settings:set', { settings: { dotsPerParticipant: 2 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await everyoneSees(room, 'settings', expect.objectContaining({ dotsPerParticipant: 5 }));
    expect((await recordEntries(room)).some((e) => e.kind === 'settings.set')).toBe(false);
  });

  it('out-of-range or unknown settings are VALIDATION and change nothing', async () => {
    const room = await openRoom();
    for (const settings of [{ dotsPerParticipant: 99 }, { noteMaxLength: 5 }, { voteOn: 'people' }, { colour: 'red' }]) {
      expect(await command(room.facilitator.socket, 'settings:set', { settings })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    await everyoneSees(room, 'settings', expect.objectContaining({ dotsPerParticipant: 5, noteMaxLength: 280, voteOn: 'notes' }));
    expect(room.facilitator.yjs.doc.getMap('board').toJSON().settings).not.toHaveProperty('colour');
  });

  it('a changed noteMaxLength is enforced by note:add', async () => {
    const room = await openRoom();
    const resident = room.residents[0]!.socket;
    expect((await command(resident, 'note:add', { boardId: room.boardId, text: 'x'.repeat(100) })).ok).toBe(true);
    expect((await command(room.facilitator.socket, 'settings:set', { settings: { noteMaxLength: 40 } })).ok).toBe(true);
    expect(await command(resident, 'note:add', { boardId: room.boardId, text: 'x'.repeat(41) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await command(resident, 'note:add', { boardId: room.boardId, text: 'y'.repeat(40) })).toMatchObject({ ok: true });
  });

  it("voteOn: 'clusters' makes vote:cast on a note NOT_FOUND and on a theme ok", async () => {
    const room = await openRoom();
    const noteId = (await command(room.residents[0]!.socket, 'note:add', { boardId: room.boardId, text: 'Bins overflow' })).noteId as string;
    const clusterId = (await command(room.facilitator.socket, 'cluster:add', { boardId: room.boardId, title: 'Waste', x: 0, y: 0 })).clusterId as string;
    expect((await command(room.facilitator.socket, 'settings:set', { boardId: room.boardId, settings: { voteOn: 'clusters' } })).ok).toBe(true);
    await command(room.facilitator.socket, 'phase:set', { boardId: room.boardId, phase: 'cluster' });
    expect(await command(room.facilitator.socket, 'phase:set', { boardId: room.boardId, phase: 'vote' })).toMatchObject({ ok: true });
    const voter = room.residents[1]!.socket;
    expect(await command(voter, 'vote:cast', { boardId: room.boardId, targetId: noteId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await command(voter, 'vote:cast', { boardId: room.boardId, targetId: clusterId })).toMatchObject({ ok: true, onTarget: 1 });
    expect(await command(voter, 'vote:mine', { boardId: room.boardId })).toMatchObject({ ok: true, votes: { [clusterId]: 1 } });
  });
});
