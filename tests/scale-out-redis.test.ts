/**
 * Two server processes with REDIS_URL: rosters are shared through Redis presence, Socket.IO
 * broadcasts cross through the Redis adapter, and a kick closes connections in both.
 * (Both use one SQLite file here, which SQLite's WAL allows on one host.)
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisPair, type TestServer } from './helpers/test-server.ts';
import { command, connectSocket, createSession, eventually, join } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';
import type { RosterPush } from '../shared/socket-protocol.ts';

let a: TestServer;
let b: TestServer;
let dataDir: string;

beforeAll(async () => {
  ({ a, b, dataDir } = await startRedisPair('proc'));
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('scale-out through Redis', () => {
  it('health reports Redis presence on both processes', async () => {
    for (const s of [a, b]) {
      const h = (await (await fetch(`${s.url}/healthz`)).json()) as { presence: { kind: string; ok: boolean } };
      expect(h.presence).toMatchObject({ kind: 'redis', ok: true });
    }
  });

  it('a facilitator on process A sees in the roster a resident connected to process B; residents get counts only', async () => {
    const s = await createSession(a.url, 'Two processes');
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(a.url, s.facilitatorToken);
    const rosters: RosterPush[] = [];
    fac.on('roster', (r: RosterPush) => rosters.push(r));
    const r = await join(b.url, s.joinCode, { name: 'Guo' });
    const rs = await connectSocket(b.url, r.token);
    const residentRosters: RosterPush[] = [];
    rs.on('roster', (p: RosterPush) => residentRosters.push(p));
    const ry = await connectRaw(b.wsUrl, boardId, r.token);
    await ry.synced;
    await eventually(() => {
      const last = rosters[rosters.length - 1];
      expect(last?.members?.find((m) => m.participantId === r.participantId)).toMatchObject({ name: 'Guo', role: 'resident', boards: [boardId] });
      expect(last?.byBoard[boardId]).toBe(1);
    });
    await eventually(() => expect(residentRosters.length).toBeGreaterThan(0));
    expect(residentRosters.every((p) => p.members === undefined)).toBe(true);
    ry.close();
    rs.close();
    await eventually(() => expect(rosters[rosters.length - 1]?.members?.some((m) => m.participantId === r.participantId)).toBe(false));
    fac.close();
  });

  it('a push from a command on A reaches sockets on B (board:bring through the adapter)', async () => {
    const s = await createSession(a.url, 'Bring');
    const fac = await connectSocket(a.url, s.facilitatorToken);
    const r = await join(b.url, s.joinCode);
    const rs = await connectSocket(b.url, r.token);
    const got = new Promise<{ boardId: string }>((resolve) => rs.once('board:goto', resolve));
    expect((await command(fac, 'board:bring', { boardId: s.boards[0]!.id })).ok).toBe(true);
    expect((await got).boardId).toBe(s.boards[0]!.id);
    rs.close();
    fac.close();
  });

  it('a kick on A closes the participant’s Socket.IO and Yjs connections on B', async () => {
    const s = await createSession(a.url, 'Kick');
    const boardId = s.boards[0]!.id;
    const fac = await connectSocket(a.url, s.facilitatorToken);
    const r = await join(b.url, s.joinCode);
    const rs = await connectSocket(b.url, r.token);
    const ry = await connectRaw(b.wsUrl, boardId, r.token);
    await ry.synced;
    const gone = new Promise<void>((resolve) => rs.once('disconnect', () => resolve()));
    expect((await command(fac, 'participant:kick', { participantId: r.participantId })).ok).toBe(true);
    await gone;
    expect((await ry.closed).code).toBe(4409);
    fac.close();
  });
});
