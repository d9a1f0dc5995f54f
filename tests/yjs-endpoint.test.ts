/** The y-websocket endpoint with real clients: convergence, authority (the guard), tokens, bad frames. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, testSecret, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, joinAsExpert, synced } from './helpers/clients.ts';
import { connectRaw, syncFrame } from './helpers/raw-yjs-client.ts';
import { issueToken } from '../server/auth/tokens.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
let noteIds: string[];
let expertToken: string;
let residentToken: string;
let residentId: string;
let screenToken: string;

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url);
  boardId = session.boards[0]!.id;
  const fac = await connectSocket(server.url, session.facilitatorToken);
  noteIds = [];
  for (const text of ['Broken lift', 'Parking at night', 'Noisy market']) {
    const ack = await command(fac, 'note:add', { boardId, text });
    expect(ack.ok).toBe(true);
    noteIds.push(ack.noteId as string);
  }
  fac.close();
  expertToken = (await joinAsExpert(server.url, session.sessionId, session.facilitatorToken)).token;
  const resident = await join(server.url, session.joinCode, { name: 'Wang' });
  residentToken = resident.token;
  residentId = resident.participantId;
  screenToken = (await join(server.url, session.joinCode, { role: 'screen' })).token;
});

afterAll(async () => {
  await server?.close();
});

describe('sync', () => {
  it('two stock WebsocketProvider clients (facilitator, expert) converge on a board', async () => {
    const a = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
    const b = connectProvider(server.wsUrl, boardId, expertToken);
    await Promise.all([synced(a), synced(b)]);
    expect(Object.keys(a.doc.getMap('notes').toJSON()).sort()).toEqual([...noteIds].sort());
    (a.doc.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).set('x', 500);
    (b.doc.getMap('notes').get(noteIds[1]!) as Y.Map<unknown>).set('y', 700);
    await eventually(() => {
      expect(a.doc.getMap('notes').toJSON()).toEqual(b.doc.getMap('notes').toJSON());
      expect((b.doc.getMap('notes').toJSON() as Record<string, { x: number }>)[noteIds[0]!]!.x).toBe(500);
      expect((a.doc.getMap('notes').toJSON() as Record<string, { y: number }>)[noteIds[1]!]!.y).toBe(700);
    });
    a.destroy();
    b.destroy();
  });

  it('a new client joining after a commit since the last new client gets the change, then the shared full state, and holds the commit the moment it counts itself synced (stock provider)', async () => {
    // A session of its own: the other tests count this board's notes.
    const own = await createSession(server.url);
    const ownBoard = own.boards[0]!.id;
    const resident = await join(server.url, own.joinCode, { name: 'Li' });
    const fac = await connectSocket(server.url, own.facilitatorToken);
    // Enough on the board that one more concern is a small change next to the whole.
    for (let i = 0; i < 20; i++) expect((await command(fac, 'note:add', { boardId: ownBoard, text: `Concern ${i}` })).ok).toBe(true);
    const first = connectProvider(server.wsUrl, ownBoard, resident.token);
    await synced(first);
    const ack = await command(fac, 'note:add', { boardId: ownBoard, text: 'Benches by the pond' });
    expect(ack.ok).toBe(true);
    fac.close();
    // Relayed to the first client: nothing of it is still waiting in the fan-out to reach a joiner.
    await eventually(() => expect(first.doc.getMap('notes').has(ack.noteId as string)).toBe(true));
    const raw = await connectRaw(server.wsUrl, ownBoard, resident.token);
    const late = connectProvider(server.wsUrl, ownBoard, resident.token);
    await Promise.all([raw.synced, synced(late)]);
    // Nothing else has arrived since the provider's sync event: the change came before the step 2.
    expect(late.doc.getMap('notes').has(ack.noteId as string)).toBe(true);
    // On the wire: greeting (step 1), an update with the change since, then the step 2 (the full state as cached).
    const sync = () => raw.frames.filter((f) => f[0] === 0).map((f) => f[1]);
    expect(sync().slice(0, 3)).toEqual([0, 2, 1]);
    expect(raw.doc.getMap('notes').has(ack.noteId as string)).toBe(true);
    for (const c of [first, late]) c.destroy();
    raw.close();
  });

  it('a relayed update is not echoed to its sender', async () => {
    const writer = await connectRaw(server.wsUrl, boardId, expertToken);
    const observer = await connectRaw(server.wsUrl, boardId, session.facilitatorToken);
    await Promise.all([writer.synced, observer.synced]);
    const before = writer.frames.length;
    const note = writer.doc.getMap('notes').get(noteIds[2]!) as Y.Map<unknown>;
    const sv = Y.encodeStateVector(writer.doc);
    note.set('x', 1234);
    writer.sendUpdate(Y.encodeStateAsUpdate(writer.doc, sv));
    await eventually(() => expect((observer.doc.getMap('notes').get(noteIds[2]!) as Y.Map<unknown>).get('x')).toBe(1234));
    await new Promise((r) => setTimeout(r, 100));
    // Awareness frames (type 1) may arrive; no sync update (type 0, step 2) may.
    expect(writer.frames.slice(before).filter((f) => f[0] === 0 && f[1] === 2)).toEqual([]);
    writer.close();
    observer.close();
  });
});

describe('the guard refuses writes a role may not make (close 4403) and nobody else sees them', () => {
  /** Connects an observer, runs `attack`, then makes an allowed write as a barrier and checks the observer never saw the attack. */
  async function expectRefused(token: string, attack: (doc: Y.Doc) => void, forbidden: (observed: Y.Doc) => boolean) {
    const observer = connectProvider(server.wsUrl, boardId, session.facilitatorToken);
    await synced(observer);
    const attacker = await connectRaw(server.wsUrl, boardId, token);
    await attacker.synced;
    const sv = Y.encodeStateVector(attacker.doc);
    attack(attacker.doc);
    attacker.sendUpdate(Y.encodeStateAsUpdate(attacker.doc, sv));
    const closed = await attacker.closed;
    expect(closed.code).toBe(4403);
    // Barrier: an allowed write made after the attack reaches the observer; the attack must not have.
    const marker = Math.floor(Math.random() * 10_000);
    const ally = await connectRaw(server.wsUrl, boardId, expertToken);
    await ally.synced;
    const sv2 = Y.encodeStateVector(ally.doc);
    (ally.doc.getMap('notes').get(noteIds[1]!) as Y.Map<unknown>).set('x', marker);
    ally.sendUpdate(Y.encodeStateAsUpdate(ally.doc, sv2));
    await eventually(() => expect((observer.doc.getMap('notes').get(noteIds[1]!) as Y.Map<unknown>).get('x')).toBe(marker));
    expect(forbidden(observer.doc)).toBe(false);
    const fresh = await connectRaw(server.wsUrl, boardId, session.facilitatorToken);
    await fresh.synced;
    expect(forbidden(fresh.doc)).toBe(false);
    fresh.close();
    ally.close();
    observer.destroy();
    return closed;
  }

  it('a screen writing anything is refused', async () => {
    const closed = await expectRefused(screenToken, (d) => (d.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).set('x', 9999), (d) => (d.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).get('x') === 9999);
    expect(closed.reason.length).toBeGreaterThan(0);
  });

  it('a resident writing outside action text (a note position) is refused', async () => {
    await expectRefused(residentToken, (d) => (d.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).set('y', 4242), (d) => (d.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).get('y') === 4242);
  });

  it('an expert deleting a note through Yjs is refused', async () => {
    await expectRefused(expertToken, (d) => d.getMap('notes').delete(noteIds[0]!), (d) => !d.getMap('notes').has(noteIds[0]!));
  });

  it('creating a note through Yjs is refused (notes are created by command)', async () => {
    await expectRefused(expertToken, (d) => {
      const m = new Y.Map<unknown>();
      m.set('text', 'sneaky');
      d.getMap('notes').set('sneaky', m);
    }, (d) => d.getMap('notes').has('sneaky'));
  });

  it('a moderator filing a concern into a theme through Yjs is refused, an existing theme or not (only note:move checks it exists)', async () => {
    await expectRefused(expertToken, (d) => (d.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).set('clusterId', 'no-such-theme'), (d) => (d.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).get('clusterId') === 'no-such-theme');
  });

  it('writing the server-only board map is refused', async () => {
    await expectRefused(session.facilitatorToken, (d) => d.getMap('board').set('phase', 'done'), (d) => d.getMap('board').get('phase') === 'done');
  });

  it("an update reusing another participant's live clientID is refused", async () => {
    const owner = await connectRaw(server.wsUrl, boardId, expertToken);
    await owner.synced;
    const sv = Y.encodeStateVector(owner.doc);
    (owner.doc.getMap('notes').get(noteIds[2]!) as Y.Map<unknown>).set('y', 10);
    owner.sendUpdate(Y.encodeStateAsUpdate(owner.doc, sv));
    const stolen = owner.doc.clientID;
    await expectRefused(session.facilitatorToken, (d) => {
      d.clientID = stolen;
      (d.getMap('notes').get(noteIds[2]!) as Y.Map<unknown>).set('y', 3131);
    }, (d) => (d.getMap('notes').get(noteIds[2]!) as Y.Map<unknown>).get('y') === 3131);
    owner.close();
  });

  it('an allowed layout write from an expert goes through to a resident', async () => {
    const resident = connectProvider(server.wsUrl, boardId, residentToken);
    await synced(resident);
    const expert = connectProvider(server.wsUrl, boardId, expertToken);
    await synced(expert);
    (expert.doc.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).set('x', 321);
    await eventually(() => expect((resident.doc.getMap('notes').get(noteIds[0]!) as Y.Map<unknown>).get('x')).toBe(321));
    resident.destroy();
    expert.destroy();
  });
});

describe('tokens and bad input on the Yjs endpoint', () => {
  it('refuses a missing, forged, expired or revoked token with 4401', async () => {
    const forged = issueToken('another-secret', residentId, 1, Date.now() + 60_000);
    const expired = issueToken(testSecret, residentId, 1, Date.now() - 1000);
    for (const token of ['', 'garbage', forged, expired]) {
      const c = await connectRaw(server.wsUrl, boardId, token, { sync: false });
      expect((await c.closed).code).toBe(4401);
    }
    const victim = await join(server.url, session.joinCode, { name: 'Revoked' });
    const p = (await server.app.storage.getParticipant(victim.participantId))!;
    await server.app.storage.commit([{ op: 'participant.put', participant: { ...p, revoked: true } }]);
    const c = await connectRaw(server.wsUrl, boardId, victim.token, { sync: false });
    expect((await c.closed).code).toBe(4401);
  });

  it('closes 4404 for an unknown board or a board of another session', async () => {
    const other = await createSession(server.url, 'Other');
    const c1 = await connectRaw(server.wsUrl, 'nope', session.facilitatorToken, { sync: false });
    expect((await c1.closed).code).toBe(4404);
    const c2 = await connectRaw(server.wsUrl, other.boards[0]!.id, session.facilitatorToken, { sync: false });
    expect((await c2.closed).code).toBe(4404);
  });

  it('closes 4403 on garbage binary frames and the process keeps serving', async () => {
    const garbage = [new Uint8Array([0xff, 0xff, 0xff]), new Uint8Array([0, 2, 200, 1, 2, 3]), new Uint8Array([7]), new Uint8Array([0, 9, 0])];
    for (const g of garbage) {
      const c = await connectRaw(server.wsUrl, boardId, expertToken);
      c.sendRaw(g);
      expect((await c.closed).code).toBe(4403);
    }
    const ok = await connectRaw(server.wsUrl, boardId, expertToken);
    await ok.synced;
    expect(ok.doc.getMap('notes').size).toBe(3);
    ok.close();
  });

  it('closes 1009 on a frame over the size limit, before decoding it', async () => {
    const c = await connectRaw(server.wsUrl, boardId, expertToken);
    c.sendRaw(syncFrame(2, new Uint8Array(server.app.config.maxYjsFrameBytes + 10)));
    expect((await c.closed).code).toBe(1009);
  });

  it('answers 404 to a WebSocket upgrade on an unknown path', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${server.wsUrl}/elsewhere`);
    const err = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(err.message).toMatch(/404/);
  });
});
