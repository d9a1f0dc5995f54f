/**
 * The write guard against hand-made frames over the wire (docs/API.md §5): GC and Skip structs,
 * client ids that stay their owner's across disconnects and restarts, the new-id budget, and the
 * per-frame and per-connection limits. Each attack checks what is stored afterwards too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced } from './helpers/clients.ts';
import { connectRaw, syncFrame, type RawClient } from './helpers/raw-yjs-client.ts';
import { clientIdBudgetFor } from '../server/yjs/frame-limits.ts';
import { craft } from '../server/yjs/guard-fixtures.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

let dataDir: string;
let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
let actionId: string;
let resident: { token: string; participantId: string };
let resident2: { token: string; participantId: string };

const gc = (client: number, clock: number, len: number) => new Y.GC(Y.createID(client, clock), len);
const skip = (client: number, clock: number, len: number) => new Y.Skip(Y.createID(client, clock), len);

/** What a device joining now would download: the full state, and how many clients its state vector lists. */
async function boardAsStored(): Promise<{ bytes: number; clients: number; title: string }> {
  const c = await connectRaw(server.wsUrl, boardId, session.facilitatorToken);
  await c.synced;
  const full = Y.encodeStateAsUpdate(c.doc);
  const out = { bytes: full.length, clients: Y.decodeStateVector(Y.encodeStateVector(c.doc)).size, title: actionTitle(c.doc).toString() };
  c.close();
  return out;
}
const actionTitle = (doc: Y.Doc) => (doc.getMap('actions').get(actionId) as Y.Map<unknown>).get('title') as Y.Text;

async function rawSynced(token: string, doc?: Y.Doc): Promise<RawClient> {
  const c = await connectRaw(server.wsUrl, boardId, token, doc ? { doc } : {});
  await c.synced;
  return c;
}

/** A stock provider types into the action's title from a fresh doc (a fresh client id), then leaves. */
async function typeAsNewDevice(token: string, text: string): Promise<{ code: number } | 'ok'> {
  const p = connectProvider(server.wsUrl, boardId, token);
  await synced(p);
  const closed = p.closed.then((e) => ({ code: e.code }));
  actionTitle(p.doc).insert(0, text);
  const outcome = await Promise.race([closed, eventually(async () => expect((await boardAsStored()).title).toContain(text), 4000).then(() => 'ok' as const)]).catch(() => ({ code: -1 }));
  p.destroy();
  return outcome;
}

async function startOn(dir: string): Promise<TestServer> {
  return startServer({ dataDir: dir }, { keepData: true });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'yishi-guard-'));
  server = await startOn(dataDir);
  session = await createSession(server.url);
  boardId = session.boards[0]!.id;
  const fac = await connectSocket(server.url, session.facilitatorToken);
  const ack = await command(fac, 'action:add', { boardId, title: 'Fix the lift' });
  expect(ack.ok).toBe(true);
  actionId = ack.actionId as string;
  expect(await command(fac, 'phase:set', { boardId, phase: 'act', reason: 'test: straight to drafting' })).toMatchObject({ ok: true });
  fac.close();
  resident = await join(server.url, session.joinCode, { name: 'Wang' });
  resident2 = await join(server.url, session.joinCode, { name: 'Li' });
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('GC and Skip structs over the wire', () => {
  it("attack: a resident's one frame of GC structs for 60,000 new client ids is refused (4403) and the board a joining device downloads is unchanged", async () => {
    const before = await boardAsStored();
    const c = await rawSynced(resident.token);
    const flood = craft(Array.from({ length: 60_000 }, (_, i) => ({ client: 1_000_000 + i, clock: 0, structs: [gc(1_000_000 + i, 0, 1)] })));
    expect(flood.length).toBeGreaterThan(400_000);
    c.sendUpdate(flood);
    const closed = await c.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/more than 500 structs/);
    expect(await boardAsStored()).toEqual(before);
  });

  it('a single GC struct claiming 10^12 clocks is refused, and so is a Skip of that length', async () => {
    for (const s of [gc(777_001, 0, 1e12), skip(777_002, 0, 1e12)]) {
      const c = await rawSynced(resident.token);
      c.sendUpdate(craft([{ client: s.id.client, clock: 0, structs: [s] }]));
      const closed = await c.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/claims 1000000000000 clocks/);
    }
    expect((await boardAsStored()).clients).toBeLessThan(10);
  });

  it("attack: a resident's GC struct at an offline facilitator's next clock is refused; the facilitator's queued edit arrives when it reconnects", async () => {
    // The facilitator co-drafts from a device, then drops off the network with an edit queued.
    const facDoc = new Y.Doc();
    const fac = await rawSynced(session.facilitatorToken, facDoc);
    const sv = Y.encodeStateVector(facDoc);
    actionTitle(facDoc).insert(0, 'Urgent: ');
    fac.sendUpdate(Y.encodeStateAsUpdate(facDoc, sv));
    await eventually(async () => expect((await boardAsStored()).title).toBe('Urgent: Fix the lift'));
    fac.close();
    await fac.closed;
    const queuedFrom = Y.encodeStateVector(facDoc);
    actionTitle(facDoc).insert(8, 'today ');

    // The resident reads the facilitator's client id and clock from its own copy of the board.
    const attacker = await rawSynced(resident.token);
    const next = Y.getState(attacker.doc.store, facDoc.clientID);
    expect(next).toBeGreaterThan(0);
    attacker.sendUpdate(craft([{ client: facDoc.clientID, clock: next, structs: [gc(facDoc.clientID, next, 1)] }]));
    const closed = await attacker.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/belongs to another participant/);

    // The facilitator's device comes back and sends what it queued: nothing was taken from it.
    const back = await rawSynced(session.facilitatorToken, facDoc);
    back.sendUpdate(Y.encodeStateAsUpdate(facDoc, queuedFrom));
    await eventually(async () => expect((await boardAsStored()).title).toBe('Urgent: today Fix the lift'));
    back.close();
  });

  it("GC and Skip structs under another participant's id are refused; under the resident's own id in Act they are accepted", async () => {
    // Resident 1 claims an id by co-drafting with it.
    const ownDoc = new Y.Doc();
    const own = await rawSynced(resident.token, ownDoc);
    const sv = Y.encodeStateVector(ownDoc);
    actionTitle(ownDoc).insert(0, 'A');
    own.sendUpdate(Y.encodeStateAsUpdate(ownDoc, sv));
    await eventually(async () => expect((await boardAsStored()).title.startsWith('A')).toBe(true));
    const id = ownDoc.clientID;
    const at = Y.getState(ownDoc.store, id);
    for (const s of [gc(id, at, 1), skip(id, at, 1)]) {
      const other = await rawSynced(resident2.token);
      other.sendUpdate(craft([{ client: id, clock: at, structs: [s] }]));
      const closed = await other.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/belongs to another participant/);
    }
    // The owner's own GC run (what Yjs sends for its text once the action is gone) is fine.
    own.sendUpdate(craft([{ client: id, clock: at, structs: [gc(id, at, 2)] }]));
    await new Promise((r) => setTimeout(r, 200));
    expect(own.ws.readyState).toBe(own.ws.OPEN);
    own.close();
  });
});

describe('client ids are claimed for good and budgeted per participant per board', () => {
  it('a claim survives the owner leaving, the board unloading and a server restart; the budget is stored, so reconnecting does not reset it', async () => {
    // Resident 2 writes once from a device, which claims that device's id.
    const deviceDoc = new Y.Doc();
    const device = await rawSynced(resident2.token, deviceDoc);
    let sv = Y.encodeStateVector(deviceDoc);
    actionTitle(deviceDoc).insert(0, 'B');
    device.sendUpdate(Y.encodeStateAsUpdate(deviceDoc, sv));
    await eventually(async () => expect((await boardAsStored()).title.startsWith('B')).toBe(true));
    device.close();
    await device.closed;

    // Use up resident 2's budget from fresh devices (each a new id), one connection each.
    const budget = clientIdBudgetFor('resident');
    for (let i = 1; i < budget; i++) expect(await typeAsNewDevice(resident2.token, `#${i}#`)).toBe('ok');
    expect(await typeAsNewDevice(resident2.token, 'X')).toEqual({ code: 4403 });

    await server.close();
    server = await startOn(dataDir);

    // After the restart: still over budget, the claim is still resident 2's, and resident 2's own id still works.
    expect(await typeAsNewDevice(resident2.token, 'Y')).toEqual({ code: 4403 });
    const at = Y.getState(deviceDoc.store, deviceDoc.clientID);
    const thief = await rawSynced(resident.token);
    thief.sendUpdate(craft([{ client: deviceDoc.clientID, clock: at, structs: [gc(deviceDoc.clientID, at, 1)] }]));
    expect((await thief.closed).code).toBe(4403);
    const again = await rawSynced(resident2.token, deviceDoc);
    sv = Y.encodeStateVector(deviceDoc);
    actionTitle(deviceDoc).insert(0, 'C');
    again.sendUpdate(Y.encodeStateAsUpdate(deviceDoc, sv));
    await eventually(async () => expect((await boardAsStored()).title.startsWith('C')).toBe(true));
    again.close();
  });
});

describe('frame and connection limits', () => {
  it('a state vector listing more than 10,000 clients is refused before the board is diffed', async () => {
    const c = await connectRaw(server.wsUrl, boardId, resident.token, { sync: false });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 10_001);
    for (let i = 0; i < 10_001; i++) {
      encoding.writeVarUint(e, i + 1);
      encoding.writeVarUint(e, 1);
    }
    c.sendRaw(syncFrame(0, encoding.toUint8Array(e)));
    const closed = await c.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/more than 10000 clients/);
  });

  it('a burst of updates past the connection rate closes with 1013 (the stock provider backs off and reconnects); nothing is lost for honest typing speed', async () => {
    const c = await rawSynced(resident.token);
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    for (let i = 0; i < 400; i++) c.sendUpdate(empty);
    const closed = await c.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/too many update frames/);
  });

  it('awareness past the rate is coalesced: the latest state still arrives, and only a sustained flood closes (1013)', async () => {
    const observer = await rawSynced(session.facilitatorToken);
    const c = await rawSynced(resident.token);
    const frame = (clock: number) => {
      const u = encoding.createEncoder();
      encoding.writeVarUint(u, 1);
      encoding.writeVarUint(u, c.doc.clientID);
      encoding.writeVarUint(u, clock);
      encoding.writeVarString(u, JSON.stringify({ cursor: clock }));
      const f = encoding.createEncoder();
      encoding.writeVarUint(f, 1);
      encoding.writeVarUint8Array(f, encoding.toUint8Array(u));
      return encoding.toUint8Array(f);
    };
    for (let clock = 1; clock <= 100; clock++) c.sendRaw(frame(clock));
    const seen = () => observer.frames.filter((f) => f[0] === 1).map((f) => new TextDecoder().decode(f)).join('');
    await eventually(() => expect(seen()).toContain('"cursor":100'));
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    for (let clock = 101; clock <= 20_100; clock++) c.sendRaw(frame(clock));
    expect((await c.closed).code).toBe(1013);
    observer.close();
  });
});
