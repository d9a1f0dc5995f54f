/**
 * Pushes between processes without Redis (issue 21): three processes on one PostgreSQL database
 * and no REDIS_URL. A session owned by A, its facilitator on B and a resident on C: pushes of
 * commands (which run at A) reach the sockets on B and C over the internal channel, once each.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { command, connectSocket, createSession, eventually, join } from './helpers/clients.ts';
import { useOpenClients } from './helpers/open-clients.ts';
import { createTestSchema, usePostgresServers } from './helpers/postgres.ts';

const { db: database, start } = usePostgresServers();
const clients = useOpenClients();

function collect(sock: Socket, event: string): unknown[] {
  const got: unknown[] = [];
  sock.on(event, (payload: unknown) => got.push(payload));
  return got;
}

describe('pushes between processes without Redis', () => {
  it('a command sent through B and run at A pushes to the session’s sockets on A, B and C, once each', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b, c] = [await start(url, { serverId: 'a' }), await start(url, { serverId: 'b' }), await start(url, { serverId: 'c' })];
    for (const server of [a, b, c]) expect(server.app.presence.kind).toBe('memory');
    const s = await createSession(a.url, 'Market noise 菜市场噪音');
    const boardId = s.boards[0]!.id;
    expect(a.app.ownership.current(s.sessionId)).toBeDefined();

    const facB = await connectSocket(b.url, s.facilitatorToken);
    const resC = await connectSocket(c.url, (await join(c.url, s.joinCode)).token);
    const resA = await connectSocket(a.url, (await join(a.url, s.joinCode)).token);
    clients.sockets.push(facB, resC, resA);
    const [onB, onC, onA] = [collect(facB, 'board:goto'), collect(resC, 'board:goto'), collect(resA, 'board:goto')];

    // B and C ask A for the session's pushes as their first client connects; the first push
    // after that reaches them (asking is not acknowledged to the client, so wait for one).
    await eventually(async () => {
      expect(await command(facB, 'board:bring', { boardId })).toMatchObject({ ok: true });
      expect(onC.length).toBeGreaterThan(0);
    }, 10_000);
    expect(b.app.ownership.current(s.sessionId)).toBeUndefined();
    expect(c.app.ownership.current(s.sessionId)).toBeUndefined();
    // Pushes of the attempts above may still be on their way to C.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const before = [onA.length, onB.length, onC.length];
    expect(await command(facB, 'board:bring', { boardId })).toMatchObject({ ok: true });
    await eventually(() => expect([onA.length, onB.length, onC.length]).toEqual(before.map((n) => n + 1)));
    expect(onC.at(-1)).toMatchObject({ boardId });
    // Once each: no second copy arrives later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([onA.length, onB.length, onC.length]).toEqual(before.map((n) => n + 1));
  });
});
