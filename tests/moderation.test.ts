/**
 * Moderation and inclusion over real sockets: private writing, screening, hiding, anonymity,
 * scribes, joining control, participation balance. Content some people may not see is checked
 * frame by frame on the screen's and another resident's connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectSocket, createSession, eventually, join } from './helpers/clients.ts';
import { connectRaw, type RawClient } from './helpers/raw-yjs-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

/** A participant with both transports open, recording every frame it receives as text. */
interface Watcher {
  sock: Socket;
  yjs: RawClient;
  frames: string[];
  close(): void;
}

async function watch(boardId: string, token: string): Promise<Watcher> {
  const yjs = await connectRaw(server.wsUrl, boardId, token);
  await yjs.synced;
  const sock = await connectSocket(server.url, token);
  const frames: string[] = [];
  sock.io.engine.on('packet', (packet: { data?: unknown }) => frames.push(JSON.stringify(packet.data ?? '')));
  for (const f of yjs.frames) frames.push(Buffer.from(f).toString('utf8'));
  yjs.ws.on('message', (d: Buffer) => frames.push(d.toString('utf8')));
  return { sock, yjs, frames, close: () => { sock.close(); yjs.close(); } };
}

async function setup(settings: object) {
  const s = await createSession(server.url, 'Moderation', settings);
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(server.url, s.facilitatorToken);
  const author = await join(server.url, s.joinCode, { name: 'Author' });
  const authorSock = await connectSocket(server.url, author.token);
  const other = await watch(boardId, (await join(server.url, s.joinCode, { name: 'Other' })).token);
  const screen = await watch(boardId, (await join(server.url, s.joinCode, { role: 'screen' })).token);
  const docHas = (w: Watcher, id: string) => w.yjs.doc.getMap('notes').has(id);
  const leaked = (text: string) => [other, screen].filter((w) => w.frames.some((f) => f.includes(text)));
  return { s, boardId, fac, author, authorSock, other, screen, docHas, leaked, close: () => [fac, authorSock].forEach((x) => x.close()) };
}

/** A round trip through the server so that anything that would be relayed has arrived. */
async function settle(sock: Socket, boardId: string) {
  await command(sock, 'vote:status', { boardId });
  await new Promise((r) => setTimeout(r, 150));
}

describe('private writing', () => {
  it('before reveal no other resident or screen receives a private note; the author sees it; after reveal everyone does', async () => {
    const t = await setup({ privateGather: true });
    const ack = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'PRIVATE-可见性-1' });
    expect(ack).toMatchObject({ ok: true, state: 'private' });
    await settle(t.fac, t.boardId);
    expect(t.docHas(t.other, ack.noteId)).toBe(false);
    expect(t.docHas(t.screen, ack.noteId)).toBe(false);
    expect(t.leaked('PRIVATE-可见性-1')).toEqual([]);
    expect(await command(t.authorSock, 'notes:held', { boardId: t.boardId })).toMatchObject({ notes: [{ note: { id: ack.noteId, text: 'PRIVATE-可见性-1' }, state: 'private' }] });
    expect(await command(t.other.sock, 'notes:held', { boardId: t.boardId })).toMatchObject({ ok: true, notes: [] });
    expect(await command(t.other.sock, 'notes:reveal', { boardId: t.boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await command(t.fac, 'notes:reveal', { boardId: t.boardId })).toMatchObject({ ok: true, revealed: 1 });
    await eventually(() => {
      expect(t.docHas(t.other, ack.noteId)).toBe(true);
      expect(t.docHas(t.screen, ack.noteId)).toBe(true);
    });
    expect(t.leaked('PRIVATE-可见性-1')).toHaveLength(2);
    t.other.close();
    t.screen.close();
    t.close();
  });
});

describe('private writing with screening', () => {
  it('revealing private notes sends them all to the screening queue at once, not to the board', async () => {
    const t = await setup({ privateGather: true, screening: true });
    const ids = [];
    for (const text of ['PS-one', 'PS-two', 'PS-three']) ids.push((await command(t.authorSock, 'note:add', { boardId: t.boardId, text })).noteId as string);
    expect(await command(t.fac, 'notes:reveal', { boardId: t.boardId })).toMatchObject({ ok: true, revealed: 3, toScreening: true });
    const queue = await command(t.fac, 'notes:held', { boardId: t.boardId });
    expect(queue.notes.map((h: { state: string }) => h.state)).toEqual(['pending', 'pending', 'pending']);
    await settle(t.fac, t.boardId);
    for (const id of ids) expect(t.docHas(t.screen, id)).toBe(false);
    expect(t.leaked('PS-')).toEqual([]);
    t.other.close();
    t.screen.close();
    t.close();
  });
});

describe('screening', () => {
  it('the screen never receives an unapproved note; a rejected one never appears; an approved one does', async () => {
    const t = await setup({ screening: true });
    const bad = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'REJECT-ME insults' });
    const good = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'APPROVE-ME the gate is broken' });
    expect(bad).toMatchObject({ ok: true, state: 'pending' });
    const queue = await command(t.fac, 'notes:held', { boardId: t.boardId });
    expect(queue.notes.map((h: { state: string }) => h.state)).toEqual(['pending', 'pending']);
    expect(await command(t.fac, 'note:reject', { boardId: t.boardId, noteId: bad.noteId, reason: 'abusive' })).toMatchObject({ ok: true });
    expect(await command(t.fac, 'note:approve', { boardId: t.boardId, noteId: good.noteId })).toMatchObject({ ok: true });
    await eventually(() => expect(t.docHas(t.screen, good.noteId)).toBe(true));
    await settle(t.fac, t.boardId);
    expect(t.docHas(t.screen, bad.noteId)).toBe(false);
    expect(t.leaked('REJECT-ME')).toEqual([]);
    // The author sees the rejection and its reason.
    expect(await command(t.authorSock, 'notes:held', { boardId: t.boardId })).toMatchObject({ notes: [{ note: { id: bad.noteId }, state: 'rejected', reason: 'abusive' }] });
    t.other.close();
    t.screen.close();
    t.close();
  });

  it('concerns approved after screening land in places of their own, not on top of each other', async () => {
    const t = await setup({ screening: true });
    const ids: string[] = [];
    for (const text of ['first held', 'second held', 'third held']) ids.push((await command(t.authorSock, 'note:add', { boardId: t.boardId, text })).noteId);
    for (const noteId of ids) expect(await command(t.fac, 'note:approve', { boardId: t.boardId, noteId })).toMatchObject({ ok: true });
    await eventually(() => expect(ids.every((id) => t.docHas(t.screen, id))).toBe(true));
    const notes = t.screen.yjs.doc.getMap('notes') as unknown as Map<string, { get(k: string): unknown }>;
    const places = new Set(ids.map((id) => `${notes.get(id)!.get('x')},${notes.get(id)!.get('y')}`));
    expect(places.size).toBe(3);
    t.other.close();
    t.screen.close();
    t.close();
  });

  it('undoing a moderator’s delete of a pending concern puts it back in the queue, not on the board', async () => {
    const t = await setup({ screening: true });
    const n = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'UNDO-PENDING please check' });
    expect(await command(t.fac, 'note:delete', { boardId: t.boardId, noteId: n.noteId })).toMatchObject({ ok: true });
    const rec = await api<{ entries: { seq: number; kind: string }[] }>(server.url, 'GET', `/api/sessions/${t.s.sessionId}/record`, undefined, t.s.facilitatorToken);
    const seq = rec.body.entries.filter((e) => e.kind === 'note.deleted').pop()!.seq;
    expect(await command(t.fac, 'record:undo', { seq })).toMatchObject({ ok: true });
    expect(await command(t.fac, 'notes:held', { boardId: t.boardId })).toMatchObject({ notes: [{ note: { id: n.noteId }, state: 'pending' }] });
    await settle(t.fac, t.boardId);
    expect(t.docHas(t.screen, n.noteId)).toBe(false);
    expect(t.leaked('UNDO-PENDING')).toEqual([]);
    t.other.close();
    t.screen.close();
    t.close();
  });
});

describe('hiding', () => {
  it('hiding removes a note from every client’s document, restore brings it back, and the record has both', async () => {
    const t = await setup({});
    const n = await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'to be hidden' });
    await eventually(() => expect(t.docHas(t.screen, n.noteId)).toBe(true));
    expect(await command(t.fac, 'note:hide', { boardId: t.boardId, noteId: n.noteId, reason: 'personal data' })).toMatchObject({ ok: true });
    await eventually(() => {
      expect(t.docHas(t.screen, n.noteId)).toBe(false);
      expect(t.docHas(t.other, n.noteId)).toBe(false);
    });
    // A newcomer's full sync does not carry the hidden text either.
    const late = await connectRaw(server.wsUrl, t.boardId, (await join(server.url, t.s.joinCode)).token);
    await late.synced;
    expect(late.frames.some((f) => Buffer.from(f).toString('utf8').includes('to be hidden'))).toBe(false);
    late.close();
    expect(await command(t.fac, 'note:restore', { boardId: t.boardId, noteId: n.noteId })).toMatchObject({ ok: true });
    await eventually(() => expect(t.docHas(t.screen, n.noteId)).toBe(true));
    const rec = await api<{ entries: { kind: string; data: { reason?: string } }[] }>(server.url, 'GET', `/api/sessions/${t.s.sessionId}/record`, undefined, t.s.facilitatorToken);
    expect(rec.body.entries.filter((e) => e.kind === 'note.hidden' || e.kind === 'note.restored').map((e) => e.kind)).toEqual(['note.hidden', 'note.restored']);
    expect(rec.body.entries.find((e) => e.kind === 'note.hidden')!.data.reason).toBe('personal data');
    t.other.close();
    t.screen.close();
    t.close();
  });
});

describe('anonymity', () => {
  it('in an anonymous session no frame a resident or the screen receives carries a display name, and moderators see none either', async () => {
    for (const anonymous of [false, true]) {
      const t = await setup({ anonymous });
      const name = `Name-${anonymous ? 'A' : 'N'}-${Math.random().toString(36).slice(2, 8)}`;
      const modFrames: string[] = [];
      t.fac.io.engine.on('packet', (p: { data?: unknown }) => modFrames.push(JSON.stringify(p.data ?? '')));
      const named = await join(server.url, t.s.joinCode, { name });
      const w = await watch(t.boardId, named.token);
      expect((await command(w.sock, 'note:add', { boardId: t.boardId, text: 'hello' })).ok).toBe(true);
      await settle(t.fac, t.boardId);
      await new Promise((r) => setTimeout(r, 300));
      expect(t.leaked(name)).toEqual([]);
      // Control: moderators get the name in the roster only when the session is not anonymous.
      expect(modFrames.some((f) => f.includes(name))).toBe(!anonymous);
      w.close();
      t.other.close();
      t.screen.close();
      t.close();
    }
  });
});

describe('scribes', () => {
  it('a scribed note and a scribed vote count against the represented person’s budget', async () => {
    const t = await setup({ dotsPerParticipant: 2 });
    const ack = await command(t.fac, 'note:add', { boardId: t.boardId, text: 'Grandma Wu: the stairs have no handrail', onBehalfOf: { name: 'Grandma Wu' } });
    expect(ack).toMatchObject({ ok: true, state: 'public', participantId: expect.any(String) });
    const wu = ack.participantId as string;
    await eventually(() => expect((t.screen.yjs.doc.getMap('notes').toJSON() as Record<string, unknown>)[ack.noteId]).toMatchObject({ authorId: wu, scribedBy: t.s.participantId }));
    expect(await command(t.authorSock, 'note:add', { boardId: t.boardId, text: 'x', onBehalfOf: { name: 'Someone' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await command(t.fac, 'phase:set', { boardId: t.boardId, phase: 'vote', reason: 'small meeting' });
    expect(await command(t.fac, 'vote:cast', { boardId: t.boardId, targetId: ack.noteId, onBehalfOf: wu })).toMatchObject({ ok: true, remaining: 1 });
    expect(await command(t.fac, 'vote:cast', { boardId: t.boardId, targetId: ack.noteId, onBehalfOf: wu })).toMatchObject({ ok: true, remaining: 0 });
    expect(await command(t.fac, 'vote:cast', { boardId: t.boardId, targetId: ack.noteId, onBehalfOf: wu })).toMatchObject({ ok: false, error: { code: 'BUDGET' } });
    // The scribe's own budget is untouched; a resident cannot vote for someone else.
    expect(await command(t.fac, 'vote:mine', { boardId: t.boardId })).toMatchObject({ remaining: 2 });
    expect(await command(t.fac, 'vote:mine', { boardId: t.boardId, onBehalfOf: wu })).toMatchObject({ remaining: 0, votes: { [ack.noteId]: 2 } });
    expect(await command(t.authorSock, 'vote:cast', { boardId: t.boardId, targetId: ack.noteId, onBehalfOf: wu })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await command(t.fac, 'vote:cast', { boardId: t.boardId, targetId: ack.noteId, onBehalfOf: t.author.participantId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A second concern for the same person is written under the same participant.
    await command(t.fac, 'phase:set', { boardId: t.boardId, phase: 'gather' });
    const second = await command(t.fac, 'note:add', { boardId: t.boardId, text: 'Grandma Wu: and the bench is broken', onBehalfOf: { participantId: wu } });
    expect(second).toMatchObject({ ok: true });
    await eventually(() => expect((t.screen.yjs.doc.getMap('notes').toJSON() as Record<string, { authorId: string }>)[second.noteId]?.authorId).toBe(wu));
    expect(await command(t.fac, 'note:add', { boardId: t.boardId, text: 'x', onBehalfOf: { participantId: t.author.participantId } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    t.other.close();
    t.screen.close();
    t.close();
  });
});

describe('joining control', () => {
  it('closing joining refuses joins; after rotation the old code is 404; a kept token rejoins as the same person with the same dots', async () => {
    const t = await setup({ dotsPerParticipant: 3 });
    const noteId = (await command(t.fac, 'note:add', { boardId: t.boardId, text: 'option' })).noteId as string;
    await command(t.fac, 'phase:set', { boardId: t.boardId, phase: 'vote', reason: 'test' });
    expect((await command(t.authorSock, 'vote:cast', { boardId: t.boardId, targetId: noteId })).ok).toBe(true);

    expect(await command(t.fac, 'session:joining', { open: false })).toMatchObject({ ok: true, joinOpen: false });
    const closed = await api<{ error: { code: string } }>(server.url, 'POST', '/api/join', { joinCode: t.s.joinCode });
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe('JOIN_CLOSED');
    expect((await command(t.fac, 'session:joining', { open: true })).ok).toBe(true);
    const rotated = await command(t.fac, 'session:rotateCode', {});
    expect(rotated.ok).toBe(true);
    expect((await api(server.url, 'POST', '/api/join', { joinCode: t.s.joinCode })).status).toBe(404);
    expect(rotated.joinCode).toMatch(/^[A-Z0-9]{8}$/);
    expect((await api(server.url, 'POST', '/api/join', { joinCode: rotated.joinCode })).status).toBe(200);
    expect(await command(t.other.sock, 'session:rotateCode', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // The author's device kept its token: reconnecting is the same participant with the same budget.
    t.authorSock.close();
    const again = await connectSocket(server.url, t.author.token);
    const me = await api<{ participantId: string }>(server.url, 'GET', '/api/me', undefined, t.author.token);
    expect(me.body.participantId).toBe(t.author.participantId);
    expect(await command(again, 'vote:mine', { boardId: t.boardId })).toMatchObject({ remaining: 2 });
    again.close();
    t.other.close();
    t.screen.close();
    t.close();
  });
});

describe('participation balance', () => {
  it('join asks consent for group and age band; moderators get people and concerns by group', async () => {
    const s = await createSession(server.url, 'Balance');
    const boardId = s.boards[0]!.id;
    const noConsent = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/join', { joinCode: s.joinCode, group: 'courier' });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.message).toContain('consent');
    expect((await api(server.url, 'POST', '/api/join', { joinCode: s.joinCode, group: 'astronaut', consent: true })).status).toBe(400);
    const courier = await join(server.url, s.joinCode, { group: 'courier', ageBand: '18_29', consent: true });
    await join(server.url, s.joinCode, { group: 'resident', ageBand: '60_74', consent: true });
    await join(server.url, s.joinCode);
    const cs = await connectSocket(server.url, courier.token);
    await command(cs, 'note:add', { boardId, text: 'Parcel lockers are full' });
    await command(cs, 'note:add', { boardId, text: 'No place to park the scooter' });
    const r = await api<{ residents: { joined: number; present: number; notes: number }; byGroup: Record<string, { joined: number; present: number; notes: number }>; byAgeBand: Record<string, unknown> }>(
      server.url, 'GET', `/api/sessions/${s.sessionId}/participation`, undefined, s.facilitatorToken);
    expect(r.status).toBe(200);
    expect(r.body.residents).toEqual({ joined: 3, present: 1, notes: 2 });
    expect(r.body.byGroup).toEqual({ courier: { joined: 1, present: 1, notes: 2 }, resident: { joined: 1, present: 0, notes: 0 }, unspecified: { joined: 1, present: 0, notes: 0 } });
    expect(Object.keys(r.body.byAgeBand).sort()).toEqual(['18_29', '60_74', 'unspecified']);
    expect((await api(server.url, 'GET', `/api/sessions/${s.sessionId}/participation`, undefined, courier.token)).status).toBe(403);
    cs.close();
  });
});
