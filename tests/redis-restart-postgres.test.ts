/**
 * Issue 21: Redis restarts (killed, back empty) while a session runs on three processes sharing
 * PostgreSQL. Forwarding and pushes between processes use the internal channel, not Redis, so
 * commands sent through a process that does not own the session, boards synced through one and
 * pushes to the session's sockets on the others keep working through the outage; once Redis is
 * back, presence is written back and the roster is whole again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterPush } from '../shared/socket-protocol.ts';
import { notesMap } from '../shared/board-doc.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, synced } from './helpers/clients.ts';
import { useOpenClients } from './helpers/open-clients.ts';
import { createTestSchema, usePostgresServers } from './helpers/postgres.ts';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.ts';

const { db: database, start } = usePostgresServers();
const clients = useOpenClients();
let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('a Redis restart during a session on three processes', () => {
  it('commands through a non-owner, boards relayed through another, pushes to the others: all keep working; presence comes back', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b, c] = [await start(url, { redisUrl: redis.url, serverId: 'a' }), await start(url, { redisUrl: redis.url, serverId: 'b' }), await start(url, { redisUrl: redis.url, serverId: 'c' })];
    const s = await createSession(a.url, 'Lift 电梯');
    const boardId = s.boards[0]!.id;
    expect(a.app.ownership.current(s.sessionId)).toBeDefined();

    const facB = await connectSocket(b.url, s.facilitatorToken);
    clients.sockets.push(facB);
    const rosters: RosterPush[] = [];
    facB.on('roster', (r: RosterPush) => rosters.push(r));
    const resident = await join(c.url, s.joinCode, { name: 'On C' });
    const resC = await connectSocket(c.url, resident.token);
    clients.sockets.push(resC);
    const boardOnC = connectProvider(c.wsUrl, boardId, resident.token);
    const boardOnA = connectProvider(a.wsUrl, boardId, s.facilitatorToken);
    clients.providers.push(boardOnC, boardOnA);
    await Promise.all([synced(boardOnC), synced(boardOnA)]);
    await eventually(() => expect(rosters.at(-1)?.online).toBeGreaterThanOrEqual(2), 10_000);
    const onlineBefore = rosters.at(-1)!.online;

    await redis.kill();
    await eventually(async () => expect((await api<{ presence: { ok: boolean } }>(b.url, 'GET', '/healthz')).body.presence.ok).toBe(false), 10_000);
    // Commands through B and C reach A, the owner, over the internal channel; the board relayed
    // through C shows them.
    const fromB = await command(facB, 'note:add', { boardId, text: 'Lift stuck again 电梯又卡了', idempotencyKey: 'outage-b' });
    expect(fromB).toMatchObject({ ok: true });
    const fromC = await command(resC, 'note:add', { boardId, text: 'Stairs too dark 楼梯太暗' });
    expect(fromC).toMatchObject({ ok: true });
    await eventually(() => expect([...notesMap(boardOnC.doc).keys()].sort()).toEqual([fromB.noteId, fromC.noteId].sort()), 10_000);
    // And a change made on the relayed board reaches the owner.
    notesMap(boardOnA.doc).get(fromB.noteId as string)!.set('x', 140);
    await eventually(() => expect(notesMap(boardOnC.doc).get(fromB.noteId as string)?.get('x')).toBe(140), 10_000);
    // Pushes from A reach C's sockets over the internal channel, Redis or not.
    const gotoDuringOutage = new Promise((resolve) => resC.once('board:goto', resolve));
    expect(await command(facB, 'board:bring', { boardId })).toMatchObject({ ok: true });
    await expect(gotoDuringOutage).resolves.toMatchObject({ boardId });
    // Past node-redis's 5 s queue: nothing the outage failed may go unhandled (vitest would say so).
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(await command(facB, 'note:add', { boardId, text: 'Lift stuck again 电梯又卡了', idempotencyKey: 'outage-b' })).toMatchObject({ ok: true, replayed: true, noteId: fromB.noteId });

    await redis.restart();
    for (const server of [a, b, c]) {
      await eventually(async () => expect((await api<{ ok: boolean; presence: { ok: boolean } }>(server.url, 'GET', '/healthz')).body).toMatchObject({ ok: true, presence: { ok: true } }), 15_000);
    }
    // Every process wrote its connections back: the roster on B counts C's too.
    const sinceRestart = rosters.length;
    await eventually(async () => {
      const rejoin = await connectSocket(c.url, (await join(c.url, s.joinCode)).token);
      clients.sockets.push(rejoin);
      expect(rosters.slice(sinceRestart).at(-1)?.online).toBeGreaterThanOrEqual(onlineBefore + 1);
    }, 15_000);
    // And pushes still reach C after it: a command on A (owner) pushes to the resident's socket on C.
    await eventually(async () => {
      const goto = new Promise((resolve, reject) => {
        resC.once('board:goto', resolve);
        setTimeout(() => reject(new Error('no board:goto within 1 s')), 1_000);
      });
      expect(await command(facB, 'board:bring', { boardId })).toMatchObject({ ok: true });
      await expect(goto).resolves.toMatchObject({ boardId });
    }, 15_000);
    expect(notesMap(boardOnC.doc).size).toBe(2);
  });
});
