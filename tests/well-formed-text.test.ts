/**
 * Text must be well-formed Unicode: a lone surrogate (U+D800–U+DFFF without its pair) in any
 * command or HTTP field is refused with VALIDATION naming the field, instead of being turned
 * into U+FFFD on the way to storage. Emoji and CJK (surrogate pairs) pass untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { notesMap } from '../shared/board-doc.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';
import { api, command, connectProvider, connectSocket, createSession, join, synced } from './helpers/clients.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';

// Built from code units so no editor or tool can "repair" them.
const HIGH = String.fromCharCode(0xd83d); // the first half of 😀
const LOW = String.fromCharCode(0xde00); // the second half of 😀
const EMOJI_CJK = '电梯坏了 😀👍🏽 𠮷野家'; // 😀, 👍🏽 and 𠮷 are surrogate pairs

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
let fac: Socket;

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url);
  boardId = session.boards[0]!.id;
  fac = await connectSocket(server.url, session.facilitatorToken);
});
afterAll(async () => {
  fac?.close();
  await server?.close();
});

describe('commands over Socket.IO', () => {
  it('refuse a lone high or low surrogate with VALIDATION naming the field, and apply nothing', async () => {
    for (const text of [`broken ${HIGH}`, `${LOW} broken`, `a${LOW}${HIGH}b`]) {
      const r = await command(fac, 'note:add', { boardId, text });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(r.error?.message).toMatch(/^text: contains an unpaired surrogate/);
    }
    const nested = await command(fac, 'note:add', { boardId, text: 'fine', onBehalfOf: { name: `Wang${HIGH}` } });
    expect(nested).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(nested.error?.message).toMatch(/^onBehalfOf\.name: contains an unpaired surrogate/);
    const rename = await command(fac, 'cluster:add', { boardId, title: `Lift${LOW}`, x: 0, y: 0 });
    expect(rename.error?.message).toMatch(/^title: /);
    const room = await server.app.rooms.get(boardId, session.sessionId);
    expect(notesMap(room.doc).size).toBe(0);
  });

  it('accept emoji and CJK text (surrogate pairs) and store them unchanged', async () => {
    const r = await command(fac, 'note:add', { boardId, text: EMOJI_CJK });
    expect(r).toMatchObject({ ok: true });
    // Read back as a new client would, through the board document the server encodes.
    const p = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
    try {
      await synced(p);
      expect(notesMap(p.doc).get(r.noteId as string)?.get('text')).toBe(EMOJI_CJK);
    } finally {
      p.destroy();
    }
  });
});

describe('HTTP JSON bodies', () => {
  it('refuse a lone surrogate with 400 VALIDATION naming the field', async () => {
    const created = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/sessions', { title: `Lift ${HIGH}` });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^title: contains an unpaired surrogate \(U\+D83D at 5\)/) });
    const joined = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/join', { joinCode: session.joinCode, name: `${LOW}Li` });
    expect(joined.status).toBe(400);
    expect(joined.body.error.message).toMatch(/^name: contains an unpaired surrogate/);
  });

  it('accept emoji and CJK (surrogate pairs) in titles and names, stored unchanged', async () => {
    const created = await createSession(server.url, EMOJI_CJK);
    const me = await api<{ title: string }>(server.url, 'GET', '/api/me', undefined, created.facilitatorToken);
    expect(me.body.title).toBe(EMOJI_CJK);
    const resident = await join(server.url, created.joinCode, { name: '李 😀' });
    expect((await server.app.storage.getParticipant(resident.participantId))?.name).toBe('李 😀');
  });
});
