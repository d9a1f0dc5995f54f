/**
 * The guard's rules for structs that name no place in the document (GC and Skip), for client ids
 * (claimed for good, budgeted) and for what one frame may carry (docs/API.md §5).
 */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from './update-guard.ts';
import { prescanUpdate } from './update-prescan.ts';
import { UpdateFrameLimits } from './frame-limits.ts';
import { craft, ctx, edit, expectRejected, item, join, serverBoard, title } from './guard-fixtures.ts';

const gc = (client: number, clock: number, len: number) => new Y.GC(Y.createID(client, clock), len);
const skip = (client: number, clock: number, len: number) => new Y.Skip(Y.createID(client, clock), len);
const reason = (r: ReturnType<typeof checkUpdate>) => (r.ok ? 'allowed' : r.reason);

describe('GC structs: only from those who may write through Yjs, under their own ids', () => {
  it('a GC struct under a fresh id is refused from a resident outside Act or on a locked board and from the screen; allowed (and claimed) for a resident in Act and a moderator', () => {
    const server = serverBoard();
    const u = craft([{ client: 901, clock: 0, structs: [gc(901, 0, 3)] }]);
    expect(reason(checkUpdate(server, u, ctx('resident', 'gather')))).toMatch(/resident may not send GC structs/);
    expect(reason(checkUpdate(server, u, ctx('resident', 'act', true)))).toMatch(/resident may not send GC structs/);
    expect(reason(checkUpdate(server, u, ctx('screen', 'act')))).toMatch(/screen may not send GC structs/);
    expect(checkUpdate(server, u, ctx('resident', 'act'))).toEqual({ ok: true, clientIds: [901], newClaims: [901], empty: false });
    expect(checkUpdate(server, u, ctx('expert', 'vote', true))).toEqual({ ok: true, clientIds: [901], newClaims: [901], empty: false });
  });

  it("attack: a resident's GC struct at a facilitator's next clock is refused while the facilitator is away (the claim is the facilitator's, not the connection's)", () => {
    const server = serverBoard();
    const fac = join(server);
    const first = edit(fac, () => title(fac).insert(0, 'Urgent: '));
    Y.applyUpdate(server, first);
    const claims = { [fac.clientID]: 'facilitator-1' };
    // The resident read the facilitator's id and clock from its own copy of the board.
    const next = Y.getState(server.store, fac.clientID);
    const attack = craft([{ client: fac.clientID, clock: next, structs: [gc(fac.clientID, next, 1)] }]);
    expect(reason(checkUpdate(server, attack, ctx('resident', 'act', false, claims)))).toMatch(/belongs to another participant/);
    // The facilitator's own offline edit at that clock still goes through.
    const offline = edit(fac, () => title(fac).insert(0, '!'));
    expect(checkUpdate(server, offline, { ...ctx('facilitator', 'act', false, claims), participantId: 'facilitator-1' }).ok).toBe(true);
  });

  it('an id in the board that nobody claimed (the server, or written before claims were kept) takes no new structs of any kind', () => {
    const server = serverBoard();
    const sid = server.clientID;
    const legacy = join(server);
    Y.applyUpdate(server, edit(legacy, () => title(legacy).insert(0, 'old ')));
    for (const client of [legacy.clientID]) {
      const at = Y.getState(server.store, client);
      const text = title(server)._item!.id;
      for (const u of [
        craft([{ client, clock: at, structs: [gc(client, at, 1)] }]),
        craft([{ client, clock: at, structs: [item(client, at, { parent: text }, new Y.ContentString('x'))] }]),
        craft([{ client, clock: at, structs: [skip(client, at, 1)] }]),
      ]) expect(reason(checkUpdate(server, u, ctx('facilitator')))).toMatch(/no recorded owner/);
    }
    const at = Y.getState(server.store, sid);
    expect(reason(checkUpdate(server, craft([{ client: sid, clock: at, structs: [gc(sid, at, 1)] }]), ctx('facilitator')))).toMatch(/server's/);
  });

  it('a GC struct claiming 10^12 clocks is refused before Yjs decodes the update; a long honest run passes', () => {
    const server = serverBoard();
    const huge = craft([{ client: 902, clock: 0, structs: [gc(902, 0, 1e12)] }]);
    expect(reason(checkUpdate(server, huge, ctx('facilitator')))).toMatch(/claims 1000000000000 clocks/);
    const deleted = craft([{ client: 903, clock: 0, structs: [item(903, 0, { parent: title(server)._item!.id }, new Y.ContentDeleted(1e12))] }]);
    expect(reason(checkUpdate(server, deleted, ctx('facilitator')))).toMatch(/claims 1000000000000 clocks/);
    expect(checkUpdate(server, craft([{ client: 902, clock: 0, structs: [gc(902, 0, 50_000)] }]), ctx('facilitator')).ok).toBe(true);
  });

  it('attack: one frame of GC structs under 60,000 new ids is refused and the board is unchanged', () => {
    const server = serverBoard();
    const before = Y.encodeStateAsUpdate(server);
    const flood = craft(Array.from({ length: 60_000 }, (_, i) => ({ client: 10_000 + i, clock: 0, structs: [gc(10_000 + i, 0, 1)] })));
    expect(flood.length).toBeGreaterThan(300_000);
    expectRejected(checkUpdate(server, flood, ctx('resident')));
    expectRejected(checkUpdate(server, flood, ctx('facilitator')));
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });

  it("new ids are budgeted: more fresh ids than the participant has left are refused; ids already the participant's cost nothing", () => {
    const server = serverBoard();
    const three = craft([901, 902, 903].map((client) => ({ client, clock: 0, structs: [gc(client, 0, 1)] })));
    expect(reason(checkUpdate(server, three, ctx('resident', 'act', false, {}, 2)))).toMatch(/3 new client ids, 2 left/);
    expect(checkUpdate(server, three, ctx('resident', 'act', false, {}, 3)).ok).toBe(true);
    const mine = { 901: 'me', 902: 'me', 903: 'me' };
    expect(checkUpdate(server, three, ctx('resident', 'act', false, mine, 0))).toEqual({ ok: true, clientIds: [901, 902, 903], newClaims: [], empty: false });
  });
});

describe('Skip structs', () => {
  it('are refused from residents outside Act and from the screen, and under an id that is not the sender’s', () => {
    const server = serverBoard();
    const u = craft([{ client: 904, clock: 0, structs: [skip(904, 0, 10)] }]);
    expect(reason(checkUpdate(server, u, ctx('resident', 'gather')))).toMatch(/may not send skip structs/);
    expect(reason(checkUpdate(server, u, ctx('screen')))).toMatch(/may not send skip structs/);
    expect(reason(checkUpdate(server, u, ctx('resident', 'act', false, { 904: 'someone-else' })))).toMatch(/belongs to another participant/);
  });

  it('under the sender’s own id a trailing Skip is allowed and adds nothing (no claim, nothing to store)', () => {
    const server = serverBoard();
    const before = Y.encodeStateAsUpdate(server);
    const u = craft([{ client: 904, clock: 0, structs: [skip(904, 0, 10)] }]);
    expect(checkUpdate(server, u, ctx('resident', 'act'))).toEqual({ ok: true, clientIds: [], newClaims: [], empty: true });
    expect(reason(checkUpdate(server, craft([{ client: 904, clock: 0, structs: [skip(904, 0, 1e12)] }]), ctx('facilitator')))).toMatch(/claims 1000000000000 clocks/);
    Y.applyUpdate(server, u);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });
});

describe('what one frame may carry (read before Yjs decodes it)', () => {
  const many = (client: number, n: number) => craft([{ client, clock: 0, structs: Array.from({ length: n }, (_, i) => gc(client, i, 1)) }]);

  it('every role sends at most 500 structs and blocks a frame; the refusal names the limit', () => {
    const server = serverBoard();
    expect(reason(checkUpdate(server, many(905, 500), ctx('resident')))).toMatch(/more than 500 structs/); // 500 structs + 1 block
    expect(checkUpdate(server, many(905, 499), ctx('resident')).ok).toBe(true);
    expect(checkUpdate(server, many(905, 499), ctx('facilitator')).ok).toBe(true);
    expect(reason(checkUpdate(server, many(905, 100_000), ctx('facilitator')))).toMatch(/more than 500 structs/);
  });

  it('empty client blocks count as structs (each costs Yjs a loop)', () => {
    const e = new Y.UpdateEncoderV1();
    encoding.writeVarUint(e.restEncoder, 5_000);
    for (let i = 0; i < 5_000; i++) {
      encoding.writeVarUint(e.restEncoder, 0);
      e.writeClient(20_000 + i);
      encoding.writeVarUint(e.restEncoder, 0);
    }
    encoding.writeVarUint(e.restEncoder, 0);
    expect(reason(checkUpdate(serverBoard(), e.toUint8Array(), ctx('facilitator')))).toMatch(/more than 500 structs/);
  });

  it('a delete set of more than 20,000 ranges is refused for every role', () => {
    const server = serverBoard();
    const sid = server.clientID;
    const ranges: [number, number, number][] = Array.from({ length: 20_001 }, (_, i) => [sid, 2 * i, 1]);
    expect(reason(checkUpdate(server, craft([], ranges), ctx('facilitator')))).toMatch(/more than 20000 deleted ranges/);
    expect(reason(checkUpdate(server, craft([], ranges.slice(0, 3)), ctx('facilitator')))).not.toMatch(/deleted ranges/);
  });

  it('the prescan reads honest updates exactly as Yjs does (struct counts agree on random edits)', () => {
    const server = serverBoard();
    const client = join(server);
    let seed = 11;
    const int = (n: number) => ((seed = (seed * 16807) % 2147483647) % n);
    const unbounded = { maxStructs: 1e9, maxDeleteRanges: 1e9, maxStructLength: 1e9, maxClocks: 1e9 };
    for (let round = 0; round < 200; round++) {
      const u = edit(client, () => {
        const t = title(client);
        for (let k = int(8) + 1; k > 0; k--) {
          if (t.length > 20 && int(3) === 0) t.delete(int(t.length - 5), 1 + int(4));
          else t.insert(int(t.length + 1), ['a', '议事', '😀', 'xyz'][int(4)]!);
        }
        if (int(5) === 0) client.getMap('notes').set(`n${round}`, { x: int(100), tags: ['a', { b: [1, null, true] }] });
      });
      const full = Y.encodeStateAsUpdate(client);
      for (const x of [u, full]) {
        const { structs } = Y.decodeUpdate(x);
        const blocks = new Set(structs.map((s) => s.id.client)).size;
        expect(prescanUpdate(x, unbounded).structs).toBe(structs.length + blocks);
        expect(prescanUpdate(x, unbounded).deleteRanges).toBe([...Y.decodeUpdate(x).ds.clients.values()].reduce((n, r) => n + Math.max(1, r.length), 0));
      }
    }
  });

  it("positive control: a resident's sync reply after drafting a title offline (typing, backspaces, 40 typo fixes) is within the resident's limits and accepted", () => {
    const server = serverBoard();
    const client = join(server);
    const serverSv = Y.encodeStateVector(server);
    const t = title(client);
    for (let i = 0; i < 400; i++) {
      client.transact(() => t.insert(t.length, i % 7 === 0 ? '议' : 'a'));
      if (i % 25 === 24) client.transact(() => t.delete(t.length - 2, 2));
    }
    for (let i = 0; i < 40; i++) client.transact(() => t.insert((i * 37) % t.length, 'x'));
    const reply = Y.encodeStateAsUpdate(client, serverSv);
    expect(() => prescanUpdate(reply, UpdateFrameLimits)).not.toThrow();
    expect(checkUpdate(server, reply, ctx('resident')).ok).toBe(true);
  });
});
