/** Destructive moderator actions are recorded and can be undone from the record, restoring exactly what was there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, synced, type ProviderClient } from './helpers/clients.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
let fac: Socket;
let view: ProviderClient;

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url);
  boardId = session.boards[0]!.id;
  fac = await connectSocket(server.url, session.facilitatorToken);
  view = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
  await synced(view);
});
afterAll(async () => {
  view?.destroy();
  fac?.close();
  await server?.close();
});

const state = () => ({
  notes: view.doc.getMap('notes').toJSON(),
  clusters: view.doc.getMap('clusters').toJSON(),
  actions: view.doc.getMap('actions').toJSON(),
});

async function lastEntry(kind: string): Promise<{ seq: number; data: unknown }> {
  const r = await api<{ entries: { seq: number; kind: string; data: unknown }[] }>(server.url, 'GET', `/api/sessions/${session.sessionId}/record`, undefined, session.facilitatorToken);
  const found = r.body.entries.filter((e) => e.kind === kind).pop();
  if (!found) throw new Error(`no ${kind} entry`);
  return found;
}

describe('undo from the record', () => {
  it('undoing a merge restores the source theme and puts its notes back, exactly', async () => {
    const a = (await command(fac, 'cluster:add', { boardId, title: 'Lift', x: 10, y: 10 })).clusterId as string;
    const b = (await command(fac, 'cluster:add', { boardId, title: 'Elevator', x: 400, y: 10 })).clusterId as string;
    const n1 = (await command(fac, 'note:add', { boardId, text: 'Lift broken' })).noteId as string;
    const n2 = (await command(fac, 'note:add', { boardId, text: 'Elevator stuck' })).noteId as string;
    const n3 = (await command(fac, 'note:add', { boardId, text: 'Slow lift' })).noteId as string;
    await command(fac, 'note:move', { boardId, noteId: n1, x: 20, y: 60, clusterId: a });
    await command(fac, 'note:move', { boardId, noteId: n2, x: 410, y: 60, clusterId: b });
    await command(fac, 'note:move', { boardId, noteId: n3, x: 420, y: 120, clusterId: b });
    await eventually(() => expect(Object.keys(state().notes)).toHaveLength(3));
    await eventually(() => expect((state().notes as Record<string, { clusterId: string }>)[n3]!.clusterId).toBe(b));
    const before = state();

    expect(await command(fac, 'cluster:merge', { boardId, sourceId: b, targetId: a })).toMatchObject({ ok: true, moved: 2 });
    await eventually(() => expect(Object.keys(state().clusters)).toEqual([a]));
    const merged = await lastEntry('cluster.merged');
    expect(merged.data).toMatchObject({ targetId: a, noteIds: expect.arrayContaining([n2, n3]) });

    expect(await command(fac, 'record:undo', { seq: merged.seq })).toMatchObject({ ok: true, kind: 'cluster.merged' });
    await eventually(() => expect(state()).toEqual(before));
    expect(await command(fac, 'record:undo', { seq: merged.seq })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('undoing a note delete restores the note with every field', async () => {
    const r = await join(server.url, session.joinCode, { name: 'Lin' });
    const rs = await connectSocket(server.url, r.token);
    const id = (await command(rs, 'note:add', { boardId, text: 'Please fix the gate', color: 'pink' })).noteId as string;
    await eventually(() => expect(state().notes).toHaveProperty(id));
    const before = state();
    expect(await command(fac, 'note:delete', { boardId, noteId: id })).toMatchObject({ ok: true });
    await eventually(() => expect(state().notes).not.toHaveProperty(id));
    const deleted = await lastEntry('note.deleted');
    expect(await command(fac, 'record:undo', { seq: deleted.seq })).toMatchObject({ ok: true });
    await eventually(() => expect(state()).toEqual(before));
    rs.close();
  });

  it('undoing a theme delete brings the theme back with its notes', async () => {
    const t = (await command(fac, 'cluster:add', { boardId, title: 'Lighting', x: 800, y: 10 })).clusterId as string;
    const n = (await command(fac, 'note:add', { boardId, text: 'Dark stairwell' })).noteId as string;
    await command(fac, 'note:move', { boardId, noteId: n, x: 810, y: 60, clusterId: t });
    await eventually(() => expect((state().notes as Record<string, { clusterId: string }>)[n]?.clusterId).toBe(t));
    const before = state();
    expect(await command(fac, 'cluster:delete', { boardId, clusterId: t })).toMatchObject({ ok: true });
    await eventually(() => expect((state().notes as Record<string, { clusterId: string | null }>)[n]?.clusterId).toBe(null));
    const entry = await lastEntry('cluster.deleted');
    expect(await command(fac, 'record:undo', { seq: entry.seq })).toMatchObject({ ok: true });
    await eventually(() => expect(state()).toEqual(before));
  });

  it('an entry that is not destructive cannot be undone', async () => {
    await command(fac, 'board:lock', { boardId, locked: true });
    await command(fac, 'board:lock', { boardId, locked: false });
    const entry = await lastEntry('board.unlocked');
    expect(await command(fac, 'record:undo', { seq: entry.seq })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await command(fac, 'record:undo', { seq: 999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
