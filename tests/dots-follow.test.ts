/**
 * Dots follow their concern (docs/API.md §7 "Dot-voting", "Where dots go when a concern moves"):
 * a merge moves them onto the kept concern, hide and delete give them back, restore and undo
 * put them back as far as each voter's budget allows; each in the act's own commit and record,
 * with `board.tallies` following after a reveal. And a merge keeps the theme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, synced, type ProviderClient } from './helpers/clients.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

interface Board {
  sessionId: string;
  boardId: string;
  fac: Socket;
  facToken: string;
  /** Two residents' sockets and ids. */
  r: { id: string; sock: Socket }[];
  notes: string[];
  view: ProviderClient;
  close(): void;
}

/** A board in the vote step with three concerns (A, B, C), 3 dots each and at most 2 on one item. */
async function votingBoard(): Promise<Board> {
  const s = await createSession(server.url, 'Dots follow', { dotsPerParticipant: 3, capPerTarget: 2 });
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(server.url, s.facilitatorToken);
  const r: Board['r'] = [];
  for (const name of ['Ana', 'Bo']) {
    const j = await join(server.url, s.joinCode, { name });
    r.push({ id: j.participantId, sock: await connectSocket(server.url, j.token) });
  }
  const notes: string[] = [];
  for (const text of ['A: the lift', 'B: the elevator', 'C: the bins']) notes.push((await command(r[0]!.sock, 'note:add', { boardId, text })).noteId as string);
  for (const phase of ['cluster', 'vote']) expect((await command(fac, 'phase:set', { boardId, phase })).ok).toBe(true);
  const view = connectProvider(server.wsUrl, boardId, s.facilitatorToken);
  await synced(view);
  return { sessionId: s.sessionId, boardId, fac, facToken: s.facilitatorToken, r, notes, view, close: () => [fac, ...r.map((x) => x.sock)].forEach((x) => x.close()) };
}

const cast = (b: Board, who: number, target: string) => command(b.r[who]!.sock, 'vote:cast', { boardId: b.boardId, targetId: target });
const mine = (b: Board, who: number) => command(b.r[who]!.sock, 'vote:mine', { boardId: b.boardId });
const docTallies = (b: Board) => b.view.doc.getMap('board').get('tallies');
/** Every stored dot of the board, as voter → target → count (what survives a restart). */
async function stored(b: Board): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const v of await server.app.storage.listVotes(b.boardId)) (out[v.participantId] ??= {})[v.targetId] = v.count;
  return out;
}
async function lastEntry(b: Board, kind: string): Promise<{ seq: number; data: Record<string, unknown> }> {
  const r = await api<{ entries: { seq: number; kind: string; data: Record<string, unknown> }[] }>(server.url, 'GET', `/api/sessions/${b.sessionId}/record`, undefined, b.facToken);
  const found = r.body.entries.filter((e) => e.kind === kind).pop();
  if (!found) throw new Error(`no ${kind} entry`);
  return found;
}

describe('dots follow their concern', () => {
  it('a merge moves the folded concern’s dots onto the kept one, above the per-item cap; the tallies follow; undo moves them back', async () => {
    const b = await votingBoard();
    const [A, B] = [b.notes[0]!, b.notes[1]!];
    for (const t of [A, A, B]) expect((await cast(b, 0, t)).ok).toBe(true);
    expect((await cast(b, 1, A)).ok).toBe(true);
    expect(await command(b.fac, 'vote:reveal', { boardId: b.boardId })).toMatchObject({ ok: true, tallies: { [A]: 3, [B]: 1 } });

    expect(await command(b.fac, 'note:mergeInto', { boardId: b.boardId, noteIds: [A], into: { noteId: B } })).toMatchObject({ ok: true, merged: 1 });
    // Ana chose both: 3 dots on B although the cap is 2; her budget is unchanged.
    expect(await mine(b, 0)).toMatchObject({ votes: { [B]: 3 }, remaining: 0 });
    expect(await mine(b, 1)).toMatchObject({ votes: { [B]: 1 }, remaining: 2 });
    expect(await stored(b)).toEqual({ [b.r[0]!.id]: { [B]: 3 }, [b.r[1]!.id]: { [B]: 1 } });
    await eventually(() => expect(docTallies(b)).toEqual({ [B]: 4 }));
    const merged = await lastEntry(b, 'notes.merged');
    expect(merged.data.dots).toEqual(expect.arrayContaining([{ participantId: b.r[0]!.id, from: A, count: 2 }, { participantId: b.r[1]!.id, from: A, count: 1 }]));

    expect(await command(b.fac, 'record:undo', { seq: merged.seq })).toMatchObject({ ok: true });
    expect(await mine(b, 0)).toMatchObject({ votes: { [A]: 2, [B]: 1 } });
    expect(await mine(b, 1)).toMatchObject({ votes: { [A]: 1 } });
    await eventually(() => expect(docTallies(b)).toEqual({ [A]: 3, [B]: 1 }));
    expect((await lastEntry(b, 'undo')).data).toMatchObject({ of: merged.seq, dots: expect.arrayContaining([{ participantId: b.r[0]!.id, to: A, count: 2 }]) });
    b.view.destroy();
    b.close();
  });

  it('hide gives the dots back; restore puts back only what each voter’s budget still allows, and records both', async () => {
    const b = await votingBoard();
    const [A, B, C] = b.notes as [string, string, string];
    for (const t of [A, A, B]) expect((await cast(b, 0, t)).ok).toBe(true);
    expect((await cast(b, 1, A)).ok).toBe(true);

    expect((await command(b.fac, 'note:hide', { boardId: b.boardId, noteId: A, reason: 'off topic' })).ok).toBe(true);
    expect(await mine(b, 0)).toMatchObject({ votes: { [B]: 1 }, remaining: 2 });
    expect(await mine(b, 1)).toMatchObject({ votes: {}, remaining: 3 });
    expect(await stored(b)).toEqual({ [b.r[0]!.id]: { [B]: 1 } });
    expect((await lastEntry(b, 'note.hidden')).data).toMatchObject({ noteId: A, dots: expect.arrayContaining([{ participantId: b.r[0]!.id, count: 2 }, { participantId: b.r[1]!.id, count: 1 }]) });

    // Ana spends one of the two refunded dots elsewhere: only one can come back.
    expect((await cast(b, 0, C)).ok).toBe(true);
    expect((await command(b.fac, 'note:restore', { boardId: b.boardId, noteId: A })).ok).toBe(true);
    expect(await mine(b, 0)).toMatchObject({ votes: { [A]: 1, [B]: 1, [C]: 1 }, remaining: 0 });
    expect(await mine(b, 1)).toMatchObject({ votes: { [A]: 1 } });
    expect((await lastEntry(b, 'note.restored')).data).toMatchObject({
      noteId: A,
      dots: { restored: expect.arrayContaining([{ participantId: b.r[0]!.id, count: 1 }, { participantId: b.r[1]!.id, count: 1 }]), refunded: [{ participantId: b.r[0]!.id, count: 1 }] },
    });
    b.view.destroy();
    b.close();
  });

  it('a moderator’s delete gives the dots back and updates the revealed tallies; undo puts back what budgets allow', async () => {
    const b = await votingBoard();
    const [A, B, C] = b.notes as [string, string, string];
    for (const t of [A, A, B]) expect((await cast(b, 0, t)).ok).toBe(true);
    expect((await cast(b, 1, A)).ok).toBe(true);
    expect((await command(b.fac, 'vote:reveal', { boardId: b.boardId })).ok).toBe(true);

    expect((await command(b.fac, 'note:delete', { boardId: b.boardId, noteId: A })).ok).toBe(true);
    await eventually(() => expect(docTallies(b)).toEqual({ [B]: 1 }));
    expect(await mine(b, 0)).toMatchObject({ votes: { [B]: 1 }, remaining: 2 });
    const deleted = await lastEntry(b, 'note.deleted');
    expect(deleted.data.dots).toEqual(expect.arrayContaining([{ participantId: b.r[0]!.id, count: 2 }, { participantId: b.r[1]!.id, count: 1 }]));

    expect((await command(b.fac, 'vote:reopen', { boardId: b.boardId })).ok).toBe(true);
    for (const t of [C, C]) expect((await cast(b, 0, t)).ok).toBe(true);
    expect(await command(b.fac, 'record:undo', { seq: deleted.seq })).toMatchObject({ ok: true });
    // Ana has no dot left to give back: hers stay refunded; Bo's comes back.
    expect(await mine(b, 0)).toMatchObject({ votes: { [B]: 1, [C]: 2 }, remaining: 0 });
    expect(await mine(b, 1)).toMatchObject({ votes: { [A]: 1 } });
    await eventually(() => expect(docTallies(b)).toEqual({ [A]: 1, [B]: 1, [C]: 2 }));
    expect((await lastEntry(b, 'undo')).data).toMatchObject({ of: deleted.seq, dots: { restored: [{ participantId: b.r[1]!.id, count: 1 }], refunded: [{ participantId: b.r[0]!.id, count: 2 }] } });
    b.view.destroy();
    b.close();
  });

  it('an author deleting their own concern gives its dots back too, recorded as votes.refunded', async () => {
    const b = await votingBoard();
    const A = b.notes[0]!;
    expect((await cast(b, 1, A)).ok).toBe(true);
    expect((await command(b.fac, 'phase:set', { boardId: b.boardId, phase: 'gather' })).ok).toBe(true);
    expect((await command(b.r[0]!.sock, 'note:delete', { boardId: b.boardId, noteId: A })).ok).toBe(true);
    expect(await mine(b, 1)).toMatchObject({ votes: {}, remaining: 3 });
    expect((await lastEntry(b, 'votes.refunded')).data).toEqual({ noteId: A, dots: [{ participantId: b.r[1]!.id, count: 1 }] });
    b.view.destroy();
    b.close();
  });
});

describe('a merge keeps the theme', () => {
  it('the kept concern takes the folded concern’s theme (its own if it has one); its author finds it listed; undo takes both back', async () => {
    const b = await votingBoard();
    const [A, B, C] = b.notes as [string, string, string];
    const lift = (await command(b.fac, 'cluster:add', { boardId: b.boardId, title: 'Lift', x: 0, y: 0 })).clusterId as string;
    const bins = (await command(b.fac, 'cluster:add', { boardId: b.boardId, title: 'Bins', x: 400, y: 0 })).clusterId as string;
    expect((await command(b.fac, 'note:move', { boardId: b.boardId, noteId: A, x: 10, y: 40, clusterId: lift })).ok).toBe(true);

    expect((await command(b.fac, 'note:mergeInto', { boardId: b.boardId, noteIds: [A], into: { noteId: B } })).ok).toBe(true);
    const note = (id: string) => (b.view.doc.getMap('notes').toJSON() as Record<string, Record<string, unknown>>)[id];
    await eventually(() => expect(note(B)).toMatchObject({ clusterId: lift, mergedFrom: [A], mergedNotes: [{ id: A, authorId: b.r[0]!.id, text: 'A: the lift' }] }));
    expect(Object.values(b.view.doc.getMap('notes').toJSON() as Record<string, { clusterId: string | null }>).filter((n) => n.clusterId === lift)).toHaveLength(1);

    // A concern that has a theme keeps its own.
    expect((await command(b.fac, 'note:move', { boardId: b.boardId, noteId: C, x: 410, y: 40, clusterId: bins })).ok).toBe(true);
    expect((await command(b.fac, 'note:mergeInto', { boardId: b.boardId, noteIds: [B], into: { noteId: C } })).ok).toBe(true);
    // Merges chain: the author of A still finds it, now on C.
    await eventually(() => expect(note(C)).toMatchObject({ clusterId: bins, mergedNotes: [{ id: B }, { id: A }] }));

    const second = await lastEntry(b, 'notes.merged');
    expect(await command(b.fac, 'record:undo', { seq: second.seq })).toMatchObject({ ok: true });
    await eventually(() => expect(note(C)).not.toHaveProperty('mergedNotes'));
    const first = (await api<{ entries: { seq: number; kind: string }[] }>(server.url, 'GET', `/api/sessions/${b.sessionId}/record`, undefined, b.facToken)).body.entries.filter((e) => e.kind === 'notes.merged')[0]!;
    expect(await command(b.fac, 'record:undo', { seq: first.seq })).toMatchObject({ ok: true });
    await eventually(() => {
      expect(note(B)!.clusterId).toBe(null);
      expect(note(B)).not.toHaveProperty('mergedNotes');
      expect(note(A)!.clusterId).toBe(lift);
    });
    b.view.destroy();
    b.close();
  });
});
