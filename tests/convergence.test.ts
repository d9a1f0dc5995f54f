/**
 * Converging again (docs/API.md, `session:converge`): idempotent per breakout action. A copy
 * deleted on the plenary stays deleted; a breakout's later edits travel unless the plenary's copy
 * was edited since, and then the plenary's copy wins and the ack says which were kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced, type ProviderClient } from './helpers/clients.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let session: CreateSessionResponse;
let fac: Socket;
let convener: Socket;
let breakoutId: string;
const open: ProviderClient[] = [];

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, 'Converging again');
  fac = await connectSocket(server.url, session.facilitatorToken);
  const r = await join(server.url, session.joinCode, { name: 'Convener' });
  convener = await connectSocket(server.url, r.token);
  const topicId = (await command(convener, 'topic:propose', { title: 'Lift' })).topicId as string;
  breakoutId = (await command(fac, 'topic:accept', { topicId })).boardId as string;
  expect(await command(convener, 'phase:set', { boardId: breakoutId, phase: 'act', reason: 'short breakout' })).toMatchObject({ ok: true });
}, 30_000);

afterAll(async () => {
  for (const p of open) p.destroy();
  convener?.close();
  fac?.close();
  await server?.close();
});

async function board(boardId: string): Promise<ProviderClient> {
  const p = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
  open.push(p);
  await synced(p);
  return p;
}

const action = (doc: Y.Doc, id: string) => (doc.getMap('actions').toJSON() as Record<string, { title: string; owner: string } | undefined>)[id];
const setOwner = (doc: Y.Doc, id: string, owner: string) => (doc.getMap('actions').get(id) as Y.Map<unknown>).set('owner', owner);

describe('session:converge, again', () => {
  it('keeps a deleted copy deleted, carries later breakout edits, and keeps a plenary copy edited since', async () => {
    const plenaryId = session.boards[0]!.id;
    const ids: string[] = [];
    for (const title of ['Deleted on the plenary', 'Edited on the breakout', 'Edited on both']) {
      ids.push((await command(convener, 'action:add', { boardId: breakoutId, title })).actionId as string);
    }
    const [deleted, carried, both] = ids as [string, string, string];
    expect(await command(fac, 'session:converge', {})).toMatchObject({ ok: true, converged: 3, carried: 0, kept: 0 });

    const plenary = await board(plenaryId);
    const breakout = await board(breakoutId);
    await eventually(() => expect(action(plenary.doc, both)).toBeDefined());
    expect(await command(fac, 'action:delete', { boardId: plenaryId, actionId: deleted })).toMatchObject({ ok: true });
    setOwner(breakout.doc, carried, 'Property office');
    setOwner(breakout.doc, both, 'Residents committee');
    setOwner(plenary.doc, both, 'Street office');
    // The edits are durable once another client sees them.
    const watcher = await board(breakoutId);
    await eventually(() => expect(action(watcher.doc, both)?.owner).toBe('Residents committee'));
    const plenaryWatcher = await board(plenaryId);
    await eventually(() => expect(action(plenaryWatcher.doc, both)?.owner).toBe('Street office'));

    const again = await command(fac, 'session:converge', {});
    expect(again).toMatchObject({ ok: true, converged: 0, carried: 1, kept: 1, keptIds: [both] });
    const after = await board(plenaryId);
    expect(action(after.doc, deleted)).toBeUndefined();
    expect(action(after.doc, carried)).toMatchObject({ title: 'Edited on the breakout', owner: 'Property office' });
    expect(action(after.doc, both)).toMatchObject({ owner: 'Street office' });

    // Once more with nothing new: nothing changes, and the conflict is still reported.
    expect(await command(fac, 'session:converge', {})).toMatchObject({ ok: true, converged: 0, carried: 0, kept: 1 });
  });
});
