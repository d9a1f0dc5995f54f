/** Dot-voting: exact under concurrency, hidden until revealed (every frame checked), closed by the reveal until reopened, durable through SIGKILL. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { api, command, connectProvider, connectSocket, createSession, eventually, join, synced } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';
import { spawnServer } from './helpers/server-process.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
afterAll(async () => {
  await server?.close();
});
beforeAll(async () => {
  server = await startServer();
});

async function votingBoard(base: string, settings: object, notes = 3) {
  const s = await createSession(base, 'Vote', settings);
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(base, s.facilitatorToken);
  const noteIds: string[] = [];
  for (let i = 0; i < notes; i++) noteIds.push((await command(fac, 'note:add', { boardId, text: `option ${i}` })).noteId as string);
  expect((await command(fac, 'phase:set', { boardId, phase: 'cluster' })).ok).toBe(true);
  expect((await command(fac, 'phase:set', { boardId, phase: 'vote' })).ok).toBe(true);
  return { s, boardId, fac, noteIds };
}

describe('dot-voting', () => {
  it('50 concurrent casts from one resident with 5 dots: exactly 5 accepted', async () => {
    const { s, boardId, fac, noteIds } = await votingBoard(server.url, { dotsPerParticipant: 5, capPerTarget: 20 });
    const r = await join(server.url, s.joinCode);
    const sock = await connectSocket(server.url, r.token);
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => command(sock, 'vote:cast', { boardId, targetId: noteIds[i % noteIds.length]! })));
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    expect(acks.filter((a) => !a.ok).every((a) => a.error?.code === 'BUDGET')).toBe(true);
    expect([...new Set(acks.filter((a) => a.ok).map((a) => a.remaining))].sort()).toEqual([0, 1, 2, 3, 4]);
    const stored = await server.app.storage.listVotes(boardId);
    expect(stored.reduce((n, v) => n + v.count, 0)).toBe(5);
    expect(await command(sock, 'vote:mine', { boardId })).toMatchObject({ remaining: 0 });
    sock.close();
    fac.close();
  });

  it('retracting gives the dot back; casting outside the vote phase is PHASE', async () => {
    const { s, boardId, fac, noteIds } = await votingBoard(server.url, { dotsPerParticipant: 2 });
    const r = await join(server.url, s.joinCode);
    const sock = await connectSocket(server.url, r.token);
    expect(await command(sock, 'vote:cast', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: true, remaining: 1 });
    expect(await command(sock, 'vote:retract', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: true, remaining: 2 });
    expect(await command(sock, 'vote:retract', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await command(sock, 'vote:cast', { boardId, targetId: 'no-such-note' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await command(fac, 'phase:set', { boardId, phase: 'act' })).ok).toBe(true);
    expect(await command(sock, 'vote:cast', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: false, error: { code: 'PHASE' } });
    sock.close();
    fac.close();
  });

  it('before reveal, no frame the screen or another resident receives carries anyone else’s vote or a tally', async () => {
    const { s, boardId, fac, noteIds } = await votingBoard(server.url, { dotsPerParticipant: 3 });
    const voters = await Promise.all([join(server.url, s.joinCode), join(server.url, s.joinCode)]);
    const watcher = await join(server.url, s.joinCode);
    const screenJoin = await join(server.url, s.joinCode, { role: 'screen' });
    const frames: { who: string; text: string }[] = [];
    const observers: { sock: Socket; close: () => void }[] = [];
    for (const [who, token] of [['screen', screenJoin.token], ['resident', watcher.token]] as const) {
      const raw = await connectRaw(server.wsUrl, boardId, token);
      await raw.synced;
      const sock = await connectSocket(server.url, token);
      // Every engine.io packet, whatever its event, is recorded as text.
      sock.io.engine.on('packet', (packet: { data?: unknown }) => frames.push({ who, text: JSON.stringify(packet.data ?? '') }));
      observers.push({ sock, close: () => raw.close() });
      raw.ws.on('message', (data: Buffer) => frames.push({ who, text: data.toString('latin1') }));
    }
    const voterSocks = await Promise.all(voters.map((v) => connectSocket(server.url, v.token)));
    for (const [i, v] of voterSocks.entries()) {
      for (let k = 0; k < 3; k++) expect((await command(v, 'vote:cast', { boardId, targetId: noteIds[(i + k) % noteIds.length]! })).ok).toBe(true);
    }
    expect((await command(fac, 'vote:status', { boardId })).withDotsLeft).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    // The screen may see how many still have dots (a count, for the hall); residents not even that.
    const leaked = (f: { who: string; text: string }) => f.text.includes('tallies') || voters.some((v) => f.text.includes(v.participantId)) || (f.who === 'resident' && f.text.includes('withDotsLeft'));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter(leaked)).toEqual([]);

    // The same check catches the tallies once they are public: it is not blind.
    expect((await command(fac, 'vote:reveal', { boardId })).ok).toBe(true);
    await eventually(() => expect(frames.filter((f) => f.who === 'screen' && f.text.includes('tallies')).length).toBeGreaterThan(0));
    for (const o of observers) {
      o.sock.close();
      o.close();
    }
    for (const v of voterSocks) v.close();
    fac.close();
  });
});

describe('the end of a vote', () => {
  it('vote:reveal closes voting (board.voting, VOTE_CLOSED for cast and retract, also replayed with an idempotency key); a repeated reveal republishes; vote:reopen opens it again', async () => {
    const { s, boardId, fac, noteIds } = await votingBoard(server.url, { dotsPerParticipant: 3 });
    const r = await join(server.url, s.joinCode);
    const sock = await connectSocket(server.url, r.token);
    const view = connectProvider(server.wsUrl, boardId, r.token);
    await synced(view);
    expect((await command(sock, 'vote:cast', { boardId, targetId: noteIds[0]! })).ok).toBe(true);
    expect(await command(fac, 'vote:reveal', { boardId })).toMatchObject({ ok: true, tallies: { [noteIds[0]!]: 1 } });
    await eventually(() => expect(view.doc.getMap('board').get('voting')).toBe('closed'));

    expect(await command(sock, 'vote:cast', { boardId, targetId: noteIds[1]! })).toMatchObject({ ok: false, error: { code: 'VOTE_CLOSED' } });
    expect(await command(sock, 'vote:retract', { boardId, targetId: noteIds[0]! })).toMatchObject({ ok: false, error: { code: 'VOTE_CLOSED' } });
    // What a tablet's outbox sends when it comes back online after the close.
    expect(await command(sock, 'vote:cast', { boardId, targetId: noteIds[1]!, idempotencyKey: 'ob-offline-cast-0001' })).toMatchObject({ ok: false, error: { code: 'VOTE_CLOSED' } });
    expect(await command(sock, 'vote:mine', { boardId })).toMatchObject({ votes: { [noteIds[0]!]: 1 }, remaining: 2 });

    // Revealing again republishes the same tallies and leaves voting closed.
    expect(await command(fac, 'vote:reveal', { boardId })).toMatchObject({ ok: true, tallies: { [noteIds[0]!]: 1 } });
    expect(view.doc.getMap('board').get('voting')).toBe('closed');
    expect(await command(sock, 'vote:reopen', { boardId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await command(fac, 'vote:reopen', { boardId })).toMatchObject({ ok: true, voting: 'open' });
    await eventually(() => expect(view.doc.getMap('board').get('voting')).toBe('open'));
    expect(await command(sock, 'vote:cast', { boardId, targetId: noteIds[1]! })).toMatchObject({ ok: true, remaining: 1 });
    // The revealed tallies stay and follow the dot.
    await eventually(() => expect(view.doc.getMap('board').get('tallies')).toEqual({ [noteIds[0]!]: 1, [noteIds[1]!]: 1 }));
    // Reopening an open vote is a no-op: nothing more is recorded.
    expect(await command(fac, 'vote:reopen', { boardId })).toMatchObject({ ok: true, voting: 'open' });
    const record = await api<{ entries: { kind: string }[] }>(server.url, 'GET', `/api/sessions/${s.sessionId}/record`, undefined, s.facilitatorToken);
    expect(record.body.entries.map((e) => e.kind).filter((k) => k.startsWith('vote.'))).toEqual(['vote.revealed', 'vote.revealed', 'vote.reopened']);
    view.destroy();
    sock.close();
    fac.close();
  });

  it('the convener reopens the vote on their own breakout, and nowhere else', async () => {
    const s = await createSession(server.url, 'Convened vote');
    const fac = await connectSocket(server.url, s.facilitatorToken);
    const convener = await join(server.url, s.joinCode, { name: 'Convener' });
    const csock = await connectSocket(server.url, convener.token);
    const topicId = (await command(csock, 'topic:propose', { title: 'Bike sheds' })).topicId as string;
    const breakoutId = (await command(fac, 'topic:accept', { topicId })).boardId as string;
    for (const phase of ['cluster', 'vote']) expect((await command(csock, 'phase:set', { boardId: breakoutId, phase })).ok).toBe(true);
    expect((await command(csock, 'vote:reveal', { boardId: breakoutId })).ok).toBe(true);
    expect(await command(csock, 'vote:reopen', { boardId: breakoutId })).toMatchObject({ ok: true, voting: 'open' });
    const plenaryId = s.boards[0]!.id;
    expect(await command(csock, 'vote:reopen', { boardId: plenaryId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    csock.close();
    fac.close();
  });
});

describe('votes and budgets survive SIGKILL', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yishi-votes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every acknowledged vote is there after kill -9 and restart, budgets intact', async () => {
    const env = { DATA_DIR: dir, SECRET: 'votes-crash-secret' };
    const first = await spawnServer(env);
    const { s, boardId, fac, noteIds } = await votingBoard(first.url, { dotsPerParticipant: 4, capPerTarget: 4 }, 4);
    const residents = await Promise.all(Array.from({ length: 6 }, () => join(first.url, s.joinCode)));
    const socks: Socket[] = await Promise.all(residents.map((r) => connectSocket(first.url, r.token)));
    const acked = new Map<string, number>();
    // Casts in flight when the process dies: only acked ones are promised.
    const inflight = socks.flatMap((sock, i) =>
      Array.from({ length: 4 }, (_, k) =>
        command(sock, 'vote:cast', { boardId, targetId: noteIds[(i + k) % 4]! }).then(
          (a) => {
            if (a.ok) acked.set(residents[i]!.participantId, (acked.get(residents[i]!.participantId) ?? 0) + 1);
          },
          () => undefined,
        ),
      ),
    );
    await eventually(() => expect([...acked.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12), 10_000);
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.allSettled(inflight);
    for (const sock of socks) sock.close();
    fac.close();

    const second = await spawnServer(env);
    try {
      let total = 0;
      for (const r of residents) {
        const sock = await connectSocket(second.url, r.token);
        const mine = await command(sock, 'vote:mine', { boardId });
        const placed = Object.values(mine.votes as Record<string, number>).reduce((a, b) => a + b, 0);
        // Every acked dot is there; a dot may also be there whose ack was lost in the crash, never fewer.
        expect(placed).toBeGreaterThanOrEqual(acked.get(r.participantId) ?? 0);
        expect(mine.remaining).toBe(4 - placed);
        total += placed;
        sock.close();
      }
      const facSock = await connectSocket(second.url, s.facilitatorToken);
      const reveal = await command(facSock, 'vote:reveal', { boardId });
      expect(Object.values(reveal.tallies as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(total);
      facSock.close();
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  }, 60_000);
});

export type { CreateSessionResponse };
