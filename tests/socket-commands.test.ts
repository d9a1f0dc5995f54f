/** Socket.IO: authentication, the command envelope, idempotency (also across a restart), rate limiting. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { startServer, testSecret, type TestServer } from './helpers/test-server.ts';
import { command, connectSocket, createSession, eventually, join } from './helpers/clients.ts';
import { issueToken } from '../server/auth/tokens.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';
import type * as Y from 'yjs';

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url);
  boardId = session.boards[0]!.id;
});
afterAll(async () => {
  await server?.close();
});

async function connectError(token: unknown): Promise<{ message: string; data?: { code: string } }> {
  const socket = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected with a bad token')));
      socket.once('connect_error', (err) => resolve(err as unknown as { message: string; data?: { code: string } }));
    });
  } finally {
    socket.close();
  }
}

describe('authentication', () => {
  it('refuses missing, forged, expired and revoked tokens with UNAUTHORIZED', async () => {
    const resident = await join(server.url, session.joinCode);
    const errors = [
      await connectError(undefined),
      await connectError(issueToken('wrong', resident.participantId, 1, Date.now() + 60_000)),
      await connectError(issueToken(testSecret, resident.participantId, 1, Date.now() - 5)),
    ];
    const p = (await server.app.storage.getParticipant(resident.participantId))!;
    await server.app.storage.commit([{ op: 'participant.put', participant: { ...p, revoked: true } }]);
    errors.push(await connectError(resident.token));
    for (const e of errors) expect(e.data?.code).toBe('UNAUTHORIZED');
  });
});

describe('the command envelope', () => {
  it('answers an unknown command and a malformed payload with VALIDATION naming the problem', async () => {
    const s = await connectSocket(server.url, session.facilitatorToken);
    const unknown = await command(s, 'no:such', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const bad = await command(s, 'note:add', { boardId, text: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.error?.message).toContain('text');
    const notObject = await command(s, 'note:add', 'hello');
    expect(notObject).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const badKey = await command(s, 'note:add', { boardId, text: 'x', idempotencyKey: 'no spaces allowed' });
    expect(badKey).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    s.close();
  });

  it('answers a board of another session with NOT_FOUND', async () => {
    const other = await createSession(server.url, 'Other');
    const s = await connectSocket(server.url, session.facilitatorToken);
    expect(await command(s, 'note:add', { boardId: other.boards[0]!.id, text: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    s.close();
  });

  it('rate-limits a flood of commands with RATE_LIMITED and keeps serving', async () => {
    const s = await connectSocket(server.url, session.facilitatorToken);
    const acks = await Promise.all(Array.from({ length: 120 }, () => command(s, 'no:such', {})));
    expect(acks.filter((a) => a.error?.code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await command(s, 'no:such', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    s.close();
  });
});

describe('idempotency keys', () => {
  it('a replayed key returns the first result and applies once, even when the replays are concurrent', async () => {
    const resident = await join(server.url, session.joinCode);
    const s = await connectSocket(server.url, resident.token);
    const payload = { boardId, text: 'Street lights are out', idempotencyKey: 'outbox-1-abcdef' };
    const acks = await Promise.all([command(s, 'note:add', payload), command(s, 'note:add', payload), command(s, 'note:add', payload)]);
    const ids = new Set(acks.map((a) => a.noteId as string));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(ids.size).toBe(1);
    const again = await command(s, 'note:add', payload);
    expect(again.noteId as string).toBe([...ids][0]);
    const room = await server.app.rooms.get(boardId, session.sessionId);
    const texts = [...room.doc.getMap('notes').values()].map((m) => (m as Y.Map<unknown>).get('text'));
    expect(texts.filter((t) => t === 'Street lights are out')).toHaveLength(1);
    s.close();
  });

  it('the same key with a different payload is IDEMPOTENCY_CONFLICT; the key is scoped to the participant', async () => {
    const a = await join(server.url, session.joinCode);
    const b = await join(server.url, session.joinCode);
    const sa = await connectSocket(server.url, a.token);
    const sb = await connectSocket(server.url, b.token);
    expect((await command(sa, 'note:add', { boardId, text: 'one', idempotencyKey: 'shared-key-123' })).ok).toBe(true);
    expect(await command(sa, 'note:add', { boardId, text: 'two', idempotencyKey: 'shared-key-123' })).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_CONFLICT' } });
    const other = await command(sb, 'note:add', { boardId, text: 'two', idempotencyKey: 'shared-key-123' });
    expect(other.ok).toBe(true);
    sa.close();
    sb.close();
  });

  it('an idempotency key replayed after a server restart applies once', async () => {
    const first = await startServer({}, { keepData: true });
    const s0 = await createSession(first.url, 'Restart');
    const resident = await join(first.url, s0.joinCode);
    const payload = { boardId: s0.boards[0]!.id, text: 'Bins overflow on Mondays', idempotencyKey: 'offline-outbox-42' };
    let sock = await connectSocket(first.url, resident.token);
    const ack1 = await command(sock, 'note:add', payload);
    expect(ack1.ok).toBe(true);
    sock.close();
    await first.app.close();
    const second = await startServer({ dataDir: first.dataDir });
    try {
      sock = await connectSocket(second.url, resident.token);
      const ack2 = await command(sock, 'note:add', payload);
      expect(ack2).toMatchObject({ ok: true, noteId: ack1.noteId as string });
      const room = await second.app.rooms.get(payload.boardId, s0.sessionId);
      expect(room.doc.getMap('notes').size).toBe(1);
      sock.close();
    } finally {
      await second.close();
    }
  });

  it('results are kept for the longest token lifetime, whoever stored them, and then expire', async () => {
    // Residents' tokens live 1.5 s here, facilitators' 5 s: every result is kept the 5 s.
    const short = await startServer({ tokenTtl: { moderator: 5_000, participant: 1_500 } });
    try {
      const s0 = await createSession(short.url, 'Expiry');
      const resident = await join(short.url, s0.joinCode);
      const board = s0.boards[0]!.id;
      const fac = await connectSocket(short.url, s0.facilitatorToken);
      const res = await connectSocket(short.url, resident.token);
      const facPayload = { boardId: board, text: 'Facilitator note', idempotencyKey: 'fac-outbox-1' };
      const first = await command(fac, 'note:add', facPayload);
      expect((await command(res, 'note:add', { boardId: board, text: 'Resident note', idempotencyKey: 'res-outbox-1' })).ok).toBe(true);
      res.close();
      const stored = () => Promise.all([
        short.app.storage.getIdempotency(s0.participantId, 'fac-outbox-1'),
        short.app.storage.getIdempotency(resident.participantId, 'res-outbox-1'),
      ]);
      // Past the resident's token lifetime, within the facilitator's: both results are still there.
      await new Promise((r) => setTimeout(r, 2_000));
      expect((await stored()).map((row) => row !== null)).toEqual([true, true]);
      expect(await command(fac, 'note:add', facPayload)).toMatchObject({ ok: true, replayed: true, noteId: first.noteId as string });
      fac.close();
      // Once the longest lifetime has passed, the next sweep deletes them.
      await eventually(async () => expect(await stored()).toEqual([null, null]), 8_000);
    } finally {
      await short.close();
    }
  });
});
