/** Awareness is stamped by the server, one id per connection, coalesced, and relayed only to moderators. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { createSession, eventually, join } from './helpers/clients.ts';
import { connectRaw, type RawClient } from './helpers/raw-yjs-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** Every awareness entry a client received, in order. */
function received(c: RawClient): { clientId: number; clock: number; state: Record<string, unknown> | null }[] {
  const out: { clientId: number; clock: number; state: Record<string, unknown> | null }[] = [];
  for (const f of c.frames) {
    const d = decoding.createDecoder(f);
    if (decoding.readVarUint(d) !== 1) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const n = decoding.readVarUint(inner);
    for (let i = 0; i < n; i++) out.push({ clientId: decoding.readVarUint(inner), clock: decoding.readVarUint(inner), state: JSON.parse(decoding.readVarString(inner)) });
  }
  return out;
}

async function setup(settings?: object) {
  const s = await createSession(server.url, 'Awareness', settings);
  const boardId = s.boards[0]!.id;
  const fac = await connectRaw(server.wsUrl, boardId, s.facilitatorToken);
  const a = await join(server.url, s.joinCode, { name: 'Chen' });
  const b = await join(server.url, s.joinCode, { name: 'Zhou' });
  const ra = await connectRaw(server.wsUrl, boardId, a.token);
  const rb = await connectRaw(server.wsUrl, boardId, b.token);
  await Promise.all([fac.synced, ra.synced, rb.synced]);
  return { s, boardId, fac, a, ra, rb };
}

describe('awareness', () => {
  it('is stamped with the sender’s real identity: nobody can present as someone else', async () => {
    const { fac, a, ra, rb } = await setup();
    ra.sendRaw(awarenessFrame([{ clientId: ra.doc.clientID, clock: 1, state: { user: { name: 'The Facilitator', participantId: 'forged', role: 'facilitator' }, cursor: { x: 5, y: 6 } } }]));
    await eventually(() => expect(received(fac).filter((e) => e.clientId === ra.doc.clientID)).toHaveLength(1));
    const [entry] = received(fac).filter((e) => e.clientId === ra.doc.clientID);
    expect(entry!.state).toEqual({ user: { participantId: a.participantId, role: 'resident', name: 'Chen' }, cursor: { x: 5, y: 6 } });
    // Residents receive no cursors at all (they get head-counts over Socket.IO).
    await new Promise((r) => setTimeout(r, 250));
    expect(received(rb)).toEqual([]);
    for (const c of [fac, ra, rb]) c.close();
  });

  it('allows one awareness id per connection; entries for other ids are dropped', async () => {
    const { fac, ra, rb } = await setup();
    ra.sendRaw(awarenessFrame([{ clientId: ra.doc.clientID, clock: 1, state: { cursor: 1 } }]));
    await eventually(() => expect(received(fac).some((e) => e.clientId === ra.doc.clientID)).toBe(true));
    // Another id from the same connection, and an attempt to overwrite someone else's id.
    ra.sendRaw(awarenessFrame([{ clientId: 4242, clock: 1, state: { cursor: 2 } }, { clientId: rb.doc.clientID, clock: 9, state: { cursor: 3 } }]));
    rb.sendRaw(awarenessFrame([{ clientId: rb.doc.clientID, clock: 1, state: { cursor: 'b' } }]));
    await eventually(() => expect(received(fac).some((e) => e.clientId === rb.doc.clientID)).toBe(true));
    await new Promise((r) => setTimeout(r, 250));
    const ids = received(fac).map((e) => e.clientId);
    expect(ids).not.toContain(4242);
    expect(received(fac).filter((e) => e.clientId === rb.doc.clientID).map((e) => e.state?.cursor)).toEqual(['b']);
    for (const c of [fac, ra, rb]) c.close();
  });

  it('coalesces a burst into a few frames and announces a departure as a null state', async () => {
    const { fac, ra, rb } = await setup();
    const start = Date.now();
    for (let clock = 1; clock <= 100; clock++) ra.sendRaw(awarenessFrame([{ clientId: ra.doc.clientID, clock, state: { cursor: clock } }]));
    await eventually(() => expect(received(fac).some((e) => e.state?.cursor === 100)).toBe(true));
    const elapsed = Date.now() - start;
    const mine = received(fac).filter((e) => e.clientId === ra.doc.clientID);
    // One flush per ~100 ms tick, not one frame per update.
    expect(mine.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(mine.length).toBeLessThan(20);
    ra.close();
    await eventually(() => expect(received(fac).filter((e) => e.clientId === ra.doc.clientID).pop()?.state).toBeNull());
    fac.close();
    rb.close();
  });

  it('carries no display name in an anonymous session', async () => {
    const { fac, a, ra, rb } = await setup({ anonymous: true });
    ra.sendRaw(awarenessFrame([{ clientId: ra.doc.clientID, clock: 1, state: { cursor: 1 } }]));
    await eventually(() => expect(received(fac).some((e) => e.clientId === ra.doc.clientID)).toBe(true));
    expect(received(fac).find((e) => e.clientId === ra.doc.clientID)!.state).toEqual({ cursor: 1, user: { participantId: a.participantId, role: 'resident', name: null } });
    for (const c of [fac, ra, rb]) c.close();
  });

  it('closes 4403 on a malformed awareness update', async () => {
    const { fac, ra, rb } = await setup();
    const bad = encoding.createEncoder();
    encoding.writeVarUint(bad, 1);
    encoding.writeVarUint8Array(bad, new Uint8Array([5, 1, 1, 3, 0x7b]));
    ra.sendRaw(encoding.toUint8Array(bad));
    expect((await ra.closed).code).toBe(4403);
    fac.close();
    rb.close();
  });
});
