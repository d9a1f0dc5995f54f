/**
 * A whole consultation over real sockets: a facilitator, an expert, five residents and a big
 * screen go gather → cluster → vote → act → done, and every client's document is checked at
 * every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, joinAsExpert, synced, type ProviderClient } from './helpers/clients.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

interface Person {
  name: string;
  role: string;
  participantId: string;
  socket: Socket;
  yjs: ProviderClient;
}

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
let facilitator: Person;
let expert: Person;
let residents: Person[];
let screen: Person;
let everyone: Person[];

async function person(name: string, role: string, token: string, participantId: string): Promise<Person> {
  const socket = await connectSocket(server.url, token);
  const yjs = connectProvider(server.wsUrl, boardId, token);
  await synced(yjs);
  return { name, role, participantId, socket, yjs };
}

const board = (p: Person) => p.yjs.doc.getMap('board');
const notes = (p: Person) => p.yjs.doc.getMap('notes').toJSON() as Record<string, { text: string; clusterId: string | null; authorId: string }>;
const clusters = (p: Person) => p.yjs.doc.getMap('clusters').toJSON() as Record<string, { title: string }>;
const actions = (p: Person) => p.yjs.doc.getMap('actions').toJSON() as Record<string, { title: string; owner: string; due: string | null; status: string }>;

async function everyoneSees(check: (p: Person) => void): Promise<void> {
  await eventually(() => {
    for (const p of everyone) check(p);
  });
}

async function setPhase(phase: string): Promise<void> {
  const ack = await command(facilitator.socket, 'phase:set', { boardId, phase });
  expect(ack).toMatchObject({ ok: true, phase });
  await everyoneSees((p) => expect(board(p).get('phase')).toBe(phase));
}

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, '3号楼电梯维修 / Building 3 lift', { dotsPerParticipant: 3, capPerTarget: 2 });
  boardId = session.boards[0]!.id;
  facilitator = await person('facilitator', 'facilitator', session.facilitatorToken, session.participantId);
  const ex = await joinAsExpert(server.url, session.sessionId, session.facilitatorToken, 'Engineer Liu');
  expert = await person('expert', 'expert', ex.token, ex.participantId);
  residents = [];
  for (let i = 0; i < 5; i++) {
    const r = await join(server.url, session.joinCode, { name: `Resident ${i}` });
    residents.push(await person(`resident ${i}`, 'resident', r.token, r.participantId));
  }
  const s = await join(server.url, session.joinCode, { role: 'screen' });
  screen = await person('screen', 'screen', s.token, s.participantId);
  everyone = [facilitator, expert, ...residents, screen];
}, 60_000);

afterAll(async () => {
  for (const p of everyone ?? []) {
    p.socket.close();
    p.yjs.destroy();
  }
  await server?.close();
});

describe('a whole consultation', () => {
  const noteIds: string[] = [];
  let liftTheme = '';
  let parkingTheme = '';
  let actionId = '';

  it('gather: residents post concerns; everyone, the screen included, sees them; the screen cannot post', async () => {
    await everyoneSees((p) => expect(board(p).get('phase')).toBe('gather'));
    const texts = ['电梯经常坏 The lift breaks down', 'Lift too slow at rush hour', 'No parking for visitors', 'Cars block the fire lane', '楼道灯不亮 Stairwell lights out'];
    for (const [i, r] of residents.entries()) {
      const ack = await command(r.socket, 'note:add', { boardId, text: `  ${texts[i]}  ` });
      expect(ack.ok).toBe(true);
      noteIds.push(ack.noteId as string);
    }
    await everyoneSees((p) => {
      expect(Object.keys(notes(p)).sort()).toEqual([...noteIds].sort());
      expect(notes(p)[noteIds[0]!]!.text).toBe(texts[0]);
      expect(notes(p)[noteIds[2]!]!.authorId).toBe(residents[2]!.participantId);
    });
    expect(await command(screen.socket, 'note:add', { boardId, text: 'from the screen' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(residents[0]!.socket, 'note:add', { boardId, text: '   ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await command(residents[0]!.socket, 'note:add', { boardId, text: 'x'.repeat(281) })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('a resident edits and deletes only their own concern', async () => {
    expect(await command(residents[1]!.socket, 'note:edit', { boardId, noteId: noteIds[1]!, text: 'Lift is too slow at rush hour' })).toMatchObject({ ok: true });
    expect(await command(residents[1]!.socket, 'note:edit', { boardId, noteId: noteIds[0]!, text: 'hijack' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await everyoneSees((p) => expect(notes(p)[noteIds[1]!]!.text).toBe('Lift is too slow at rush hour'));
  });

  it('cluster: moderators make themes and sort concerns; residents cannot', async () => {
    await setPhase('cluster');
    expect(await command(residents[0]!.socket, 'note:add', { boardId, text: 'late concern' })).toMatchObject({ ok: false, error: { code: 'PHASE' } });
    expect(await command(residents[0]!.socket, 'cluster:add', { boardId, title: 'Mine', x: 0, y: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    liftTheme = (await command(expert.socket, 'cluster:add', { boardId, title: '电梯 Lift', x: 100, y: 600 })).clusterId as string;
    parkingTheme = (await command(facilitator.socket, 'cluster:add', { boardId, title: 'Parking', x: 600, y: 600 })).clusterId as string;
    // By command (a theme is assigned only by command, which checks it exists), and laid out by a direct collaborative write from the expert's provider.
    expect(await command(facilitator.socket, 'note:move', { boardId, noteId: noteIds[0]!, x: 110, y: 650, clusterId: liftTheme })).toMatchObject({ ok: true });
    expect(await command(facilitator.socket, 'note:move', { boardId, noteId: noteIds[1]!, x: 120, y: 700, clusterId: liftTheme })).toMatchObject({ ok: true });
    for (const id of [noteIds[2]!, noteIds[3]!]) expect(await command(expert.socket, 'note:move', { boardId, noteId: id, x: 610, y: 650, clusterId: parkingTheme })).toMatchObject({ ok: true });
    const expertNotes = expert.yjs.doc.getMap('notes');
    // Laid out once the expert's document has the moves (a write concurrent with them could lose to the server's).
    await eventually(() => expect(notes(expert)[noteIds[3]!]!.clusterId).toBe(parkingTheme));
    expert.yjs.doc.transact(() => {
      for (const [i, id] of [noteIds[2]!, noteIds[3]!].entries()) (expertNotes.get(id) as Y.Map<unknown>).set('y', 650 + 60 * i);
    });
    expect(await command(residents[0]!.socket, 'note:move', { boardId, noteId: noteIds[4]!, x: 1, y: 1, clusterId: liftTheme })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await everyoneSees((p) => {
      expect(Object.keys(clusters(p)).sort()).toEqual([liftTheme, parkingTheme].sort());
      expect(notes(p)[noteIds[0]!]!.clusterId).toBe(liftTheme);
      expect(notes(p)[noteIds[3]!]!.clusterId).toBe(parkingTheme);
      expect((notes(p)[noteIds[3]!] as unknown as { y: number }).y).toBe(710);
      expect(notes(p)[noteIds[4]!]!.clusterId).toBe(null);
    });
  });

  it('vote: dots within budget and cap, hidden from everyone until the reveal, then the same tallies everywhere', async () => {
    await setPhase('vote');
    const casts: [number, number][] = [[0, 0], [0, 0], [0, 2], [1, 0], [1, 1], [2, 3], [3, 0], [4, 4], [4, 1]];
    for (const [r, n] of casts) expect(await command(residents[r]!.socket, 'vote:cast', { boardId, targetId: noteIds[n]! })).toMatchObject({ ok: true });
    expect(await command(residents[0]!.socket, 'vote:cast', { boardId, targetId: noteIds[1]! })).toMatchObject({ ok: false, error: { code: 'BUDGET' } });
    expect(await command(residents[1]!.socket, 'vote:cast', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: true, remaining: 0 });
    expect(await command(residents[2]!.socket, 'vote:cast', { boardId, targetId: noteIds[3]! })).toMatchObject({ ok: true, remaining: 1 });
    expect(await command(residents[2]!.socket, 'vote:cast', { boardId, targetId: noteIds[3]! })).toMatchObject({ ok: false, error: { code: 'CAP' } });
    expect(await command(residents[0]!.socket, 'vote:mine', { boardId })).toMatchObject({ ok: true, remaining: 0, votes: { [noteIds[0]!]: 2, [noteIds[2]!]: 1 } });
    expect(await command(screen.socket, 'vote:cast', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(residents[2]!.socket, 'vote:reveal', { boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const status = await command(facilitator.socket, 'vote:status', { boardId });
    // Residents 0 and 1 spent all 3 dots; residents 2, 3, 4 have dots left (the expert and the facilitator cast none: not counted).
    expect(status).toMatchObject({ ok: true, voters: 5, withDotsLeft: 3 });
    await new Promise((r) => setTimeout(r, 150));
    for (const p of everyone) expect(board(p).get('tallies')).toBeUndefined();

    const reveal = await command(facilitator.socket, 'vote:reveal', { boardId });
    const expected = { [noteIds[0]!]: 5, [noteIds[1]!]: 2, [noteIds[2]!]: 1, [noteIds[3]!]: 2, [noteIds[4]!]: 1 };
    expect(reveal).toMatchObject({ ok: true, tallies: expected });
    await everyoneSees((p) => expect(board(p).get('tallies')).toEqual(expected));
  });

  it('act: a moderator drafts an action, residents co-draft its text live, moderators set owner and due date', async () => {
    expect(await command(residents[0]!.socket, 'action:add', { boardId, title: 'Mine' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await setPhase('act');
    const ack = await command(facilitator.socket, 'action:add', { boardId, title: 'Repair the lift', clusterId: liftTheme });
    expect(ack.ok).toBe(true);
    actionId = ack.actionId as string;
    await everyoneSees((p) => expect(actions(p)[actionId]?.title).toBe('Repair the lift'));
    const title = (residents[3]!.yjs.doc.getMap('actions').get(actionId) as Y.Map<unknown>).get('title') as Y.Text;
    title.insert(title.length, ' before winter');
    const m = expert.yjs.doc.getMap('actions').get(actionId) as Y.Map<unknown>;
    expert.yjs.doc.transact(() => {
      m.set('owner', 'Property office');
      m.set('due', '2026-12-20');
      m.set('status', 'in_progress');
    });
    await everyoneSees((p) => expect(actions(p)[actionId]).toMatchObject({ title: 'Repair the lift before winter', owner: 'Property office', due: '2026-12-20', status: 'in_progress', clusterId: liftTheme }));
    expect(residents[3]!.yjs.provider.wsconnected).toBe(true);
  });

  it('done: the board is closed to new concerns and the record holds every step', async () => {
    await setPhase('done');
    expect(await command(residents[0]!.socket, 'note:add', { boardId, text: 'after the end' })).toMatchObject({ ok: false, error: { code: 'PHASE' } });
    const res = await fetch(`${server.url}/api/sessions/${session.sessionId}/record`, { headers: { authorization: `Bearer ${session.facilitatorToken}` } });
    const body = (await res.json()) as { entries: { kind: string; data: { to?: string } }[] };
    expect(body.entries.filter((e) => e.kind === 'phase.set').map((e) => e.data.to)).toEqual(['cluster', 'vote', 'act', 'done']);
    expect(body.entries.some((e) => e.kind === 'vote.revealed')).toBe(true);
    const residentRes = await fetch(`${server.url}/api/sessions/${session.sessionId}/record`, { headers: { authorization: `Bearer ${screen.yjs.provider.params.token}` } });
    expect(residentRes.status).toBe(403);
  });
});
