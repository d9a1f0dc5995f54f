/**
 * The `participation` push (docs/API.md §6 "Server pushes"): it goes out when a concern is
 * added, not only when presence changes, and a roster change does not load boards that are not
 * in memory (their concerns are still counted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectSocket, createSession, eventually, join } from './helpers/clients.ts';
import type { ParticipationSummary } from '../shared/socket-protocol.ts';

let server: TestServer;
beforeAll(async () => {
  // Boards unload quickly, so a test can see whether a roster change loads them again.
  server = await startServer({ roomIdleMs: 200 });
});
afterAll(async () => {
  await server?.close();
});

/** Every `participation` push a socket receives, in order. */
function pushes(sock: Socket): ParticipationSummary[] {
  const seen: ParticipationSummary[] = [];
  sock.on('participation', (p: ParticipationSummary) => seen.push(p));
  return seen;
}

const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('participation push', () => {
  it('goes out to moderators when a concern is added, with no presence change', async () => {
    const s = await createSession(server.url, 'Balance live');
    const boardId = s.boards[0]!.id;
    const resident = await join(server.url, s.joinCode, { group: 'courier', consent: true });
    const fac = await connectSocket(server.url, s.facilitatorToken);
    const seen = pushes(fac);
    const rs = await connectSocket(server.url, resident.token);
    // Presence settles: the pushes of the two connections have arrived.
    await eventually(() => expect(seen.at(-1)?.residents.present).toBe(1));
    await quiet(400);
    const before = seen.length;
    expect(seen.at(-1)?.residents.notes).toBe(0);

    expect((await command(rs, 'note:add', { boardId, text: 'The lift is broken again' })).ok).toBe(true);
    await eventually(() => expect(seen.at(-1)?.byGroup.courier).toEqual({ joined: 1, present: 1, notes: 1 }), 3_000);
    expect(seen.length).toBe(before + 1);
    // A change that leaves the figures as they were sends nothing.
    const noteId = ((await command(fac, 'note:add', { boardId, text: 'Facilitator aside' })).noteId) as string;
    expect((await command(fac, 'note:move', { boardId, noteId, x: 300, y: 300 })).ok).toBe(true);
    await quiet(500);
    expect(seen.length).toBe(before + 1);
    rs.close();
    fac.close();
  });

  it('a roster change counts the concerns of a board that is not in memory without loading it', async () => {
    const s = await createSession(server.url, 'Balance cold');
    const boardId = s.boards[0]!.id;
    const resident = await join(server.url, s.joinCode);
    const rs = await connectSocket(server.url, resident.token);
    await command(rs, 'note:add', { boardId, text: 'Bins overflow' });
    await command(rs, 'note:add', { boardId, text: 'No ramp at the gate' });
    rs.close();
    await eventually(() => expect(server.app.rooms.peek(boardId)).toBeUndefined(), 5_000);

    const fac = await connectSocket(server.url, s.facilitatorToken);
    const seen = pushes(fac);
    const again = await connectSocket(server.url, resident.token); // a roster change
    await eventually(() => expect(seen.at(-1)?.residents).toEqual({ joined: 1, present: 1, notes: 2 }), 3_000);
    expect(server.app.rooms.peek(boardId)).toBeUndefined();
    again.close();
    fac.close();
  });
});
