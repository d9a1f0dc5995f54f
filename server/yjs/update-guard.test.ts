import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Roots } from '../../shared/board-schema.ts';
import { MaxDraftTextLength, allowedLeaf } from '../../shared/write-paths.ts';
import { checkUpdate, type GuardResult } from './update-guard.ts';
import { addEntry, craft, type Entry, ctx, edit, entry, expectRejected, item, join, serverBoard, title } from './guard-fixtures.ts';

describe('update guard: moderators write layout and action fields', () => {
  it('moderator moves a note (x, y) and the update applies as sent', () => {
    const server = serverBoard();
    const client = join(server);
    const u = edit(client, () => {
      const n = entry(client, 'notes', 'n1');
      n.set('x', 300);
      n.set('y', -40.5);
    });
    expect(checkUpdate(server, u, ctx('facilitator'))).toEqual({ ok: true, clientIds: [client.clientID], newClaims: [client.clientID], empty: false });
    Y.applyUpdate(server, u);
    expect(entry(server, 'notes', 'n1').toJSON()).toMatchObject({ x: 300, y: -40.5, text: 'Street lights broken' });
  });

  it.each(['c1', 'no-such-theme', null])('a moderator cannot file a note into a theme directly (clusterId %s): only note:move checks the theme exists', (value) => {
    const server = serverBoard();
    const client = join(server);
    const u = edit(client, () => entry(client, 'notes', 'n1').set('clusterId', value));
    const r = checkUpdate(server, u, ctx('facilitator'));
    expectRejected(r);
    expect(!r.ok && r.reason).toMatch(/clusterId/);
  });

  it('moderator renames a cluster; an expert sets action owner, due and status', () => {
    const server = serverBoard();
    const client = join(server);
    const rename = edit(client, () => entry(client, 'clusters', 'c1').set('title', 'Safety at night'));
    expect(checkUpdate(server, rename, ctx('facilitator')).ok).toBe(true);
    Y.applyUpdate(server, rename); // the client's next update continues its clock
    const u = edit(client, () => {
      const a = entry(client, 'actions', 'a1');
      a.set('owner', 'Mr Wang');
      a.set('due', '2026-03-31');
      a.set('status', 'in_progress');
    });
    expect(checkUpdate(server, u, ctx('expert', 'act', false, { [client.clientID]: 'me' })).ok).toBe(true);
  });

  it.each([
    ['notes', 'n1', 'x', 'abc'],
    ['notes', 'n1', 'y', 1e9],
    ['actions', 'a1', 'due', '2026-13-40'],
    ['actions', 'a1', 'status', 'bogus'],
    ['notes', 'n1', 'text', 'rewritten'],
    ['notes', 'n1', 'toString', 1],
    ['notes', 'n1', 'constructor', 1],
  ])('a moderator value that fails its check is rejected: %s.%s.%s = %s', (root, id, field, value) => {
    const server = serverBoard();
    const client = join(server);
    expectRejected(checkUpdate(server, edit(client, () => entry(client, root, id).set(field, value)), ctx('facilitator')));
  });

  it('content that is not one plain value is rejected in a field: nested types, overwriting the title text', () => {
    const server = serverBoard();
    const client = join(server);
    expectRejected(checkUpdate(server, edit(client, () => entry(client, 'notes', 'n1').set('x', new Y.Map())), ctx('facilitator')));
    expectRejected(checkUpdate(server, edit(client, () => entry(client, 'actions', 'a1').set('title', 'plain')), ctx('facilitator')));
  });
});

describe('update guard: residents co-draft action titles', () => {
  const typeInTitle = (client: Y.Doc) => edit(client, () => title(client).insert(3, ' all'));

  it('resident edits action title text in phase act', () => {
    const server = serverBoard();
    const client = join(server);
    const u = typeInTitle(client);
    expect(checkUpdate(server, u, ctx('resident', 'act'))).toMatchObject({ ok: true, empty: false });
    Y.applyUpdate(server, u);
    expect(title(server).toString()).toBe('Fix all the lights');
  });

  it('resident title edits are rejected in gather and when the board is locked', () => {
    const server = serverBoard();
    expectRejected(checkUpdate(server, typeInTitle(join(server)), ctx('resident', 'gather')));
    expectRejected(checkUpdate(server, typeInTitle(join(server)), ctx('resident', 'act', true)));
  });

  it('resident deletes title characters in act; formatting and embeds are rejected', () => {
    const server = serverBoard();
    const client = join(server);
    expect(checkUpdate(server, edit(client, () => title(client).delete(0, 4)), ctx('resident')).ok).toBe(true);
    const c2 = join(server);
    expectRejected(checkUpdate(server, edit(c2, () => title(c2).format(0, 3, { bold: true })), ctx('resident')));
    const c3 = join(server);
    expectRejected(checkUpdate(server, edit(c3, () => title(c3).insertEmbed(0, { image: 'x' })), ctx('facilitator')));
  });

  it('items created and deleted within the same update are fine (type then backspace)', () => {
    const server = serverBoard();
    const client = join(server);
    const u = edit(client, () => {
      title(client).insert(14, ' now!');
      title(client).delete(17, 2);
    });
    expect(checkUpdate(server, u, ctx('resident')).ok).toBe(true);
    Y.applyUpdate(server, u);
    expect(title(server).toString()).toBe('Fix the lights no');
  });

  it(`a title may not grow past ${MaxDraftTextLength} characters, but may be replaced at that size`, () => {
    const server = serverBoard();
    const long = 'x'.repeat(MaxDraftTextLength - 10);
    const c1 = join(server);
    expectRejected(checkUpdate(server, edit(c1, () => title(c1).insert(0, long)), ctx('resident')));
    const c2 = join(server);
    expect(checkUpdate(server, edit(c2, () => (title(c2).delete(0, 14), title(c2).insert(0, long))), ctx('resident')).ok).toBe(true);
  });

  it('resident writes note x → rejected; the screen writes anything → rejected', () => {
    const server = serverBoard();
    const client = join(server);
    expectRejected(checkUpdate(server, edit(client, () => entry(client, 'notes', 'n1').set('x', 5)), ctx('resident')));
    expectRejected(checkUpdate(server, typeInTitle(join(server)), ctx('screen')));
    const gc = craft([{ client: 77, clock: 0, structs: [new Y.GC(Y.createID(77, 0), 3)] }]);
    expectRejected(checkUpdate(server, gc, ctx('screen')));
    expect(checkUpdate(server, gc, ctx('resident'))).toEqual({ ok: true, clientIds: [77], newClaims: [77], empty: false });
  });
});

describe('update guard: structure belongs to the server', () => {
  it('expert deletes a note entry (notes.delete) → rejected', () => {
    const server = serverBoard();
    const client = join(server);
    const r = checkUpdate(server, edit(client, () => client.getMap('notes').delete('n1')), ctx('expert'));
    expectRejected(r);
  });

  it('creating a note entry, a new root or a field of the board map via Yjs → rejected', () => {
    const server = serverBoard();
    const c = join(server);
    expectRejected(checkUpdate(server, edit(c, () => c.getMap('notes').set('n9', new Y.Map())), ctx('facilitator')));
    expectRejected(checkUpdate(server, edit(c, () => c.getMap('notes').set('n1', new Y.Map())), ctx('facilitator')));
    expectRejected(checkUpdate(server, edit(c, () => c.getMap('evil').set('a', 1)), ctx('facilitator')));
    expectRejected(checkUpdate(server, edit(c, () => c.getMap('board').set('phase', 'publish')), ctx('facilitator')));
    expectRejected(checkUpdate(server, edit(c, () => c.getArray('notes2').insert(0, [1])), ctx('facilitator')));
  });

  it('checking never changes the document', () => {
    const server = serverBoard();
    const before = Y.encodeStateAsUpdate(server);
    const c = join(server);
    checkUpdate(server, edit(c, () => c.getMap('evil').set('a', 1)), ctx('facilitator'));
    checkUpdate(server, edit(c, () => title(c).insert(2, 'abc')), ctx('resident'));
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    expect([...server.share.keys()].sort()).toEqual(['actions', 'board', 'clusters', 'notes']);
  });
});

describe('update guard: clientIDs, re-sent state and causality', () => {
  it("an update using a clientID claimed by another participant → rejected; the server clientID too", () => {
    const server = serverBoard();
    const client = join(server);
    const u = edit(client, () => title(client).insert(0, 'A'));
    expectRejected(checkUpdate(server, u, ctx('resident', 'act', false, { [client.clientID]: 'someone-else' })));
    expect(checkUpdate(server, u, ctx('resident', 'act', false, { [client.clientID]: 'me' }))).toEqual({ ok: true, clientIds: [client.clientID], newClaims: [], empty: false });
    const spoof = craft([{ client: server.clientID, clock: Y.getState(server.store, server.clientID), structs: [new Y.GC(Y.createID(server.clientID, 0), 1)] }]);
    expectRejected(checkUpdate(server, spoof, ctx('facilitator')));
  });

  it("a client's full state re-sent after reconnect is ok and empty, for every role", () => {
    const server = serverBoard();
    const client = join(server);
    const u = edit(client, () => title(client).insert(0, 'Now: '));
    Y.applyUpdate(server, u);
    for (const role of ['screen', 'resident', 'facilitator'] as const) {
      expect(checkUpdate(server, Y.encodeStateAsUpdate(client), ctx(role, 'gather', true))).toEqual({ ok: true, clientIds: [], newClaims: [], empty: true });
    }
  });

  it('a delete set covering already-deleted items is ok and empty', () => {
    const server = serverBoard();
    const client = join(server);
    const resync = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(resync).ds.clients.size).toBeGreaterThan(0);
    expect(checkUpdate(server, resync, ctx('screen'))).toEqual({ ok: true, clientIds: [], newClaims: [], empty: true });
  });

  it('a delete set for clocks the server does not know → rejected', () => {
    const server = serverBoard();
    const sid = server.clientID;
    expectRejected(checkUpdate(server, craft([], [[sid, Y.getState(server.store, sid), 5]]), ctx('facilitator')));
    expectRejected(checkUpdate(server, craft([], [[4242, 0, 1]]), ctx('facilitator')));
    // The same, made by editing: the client deletes text another client wrote that the server lacks.
    const other = join(server);
    const fromOther = edit(other, () => title(other).insert(0, 'Urgent: '));
    const client = join(server);
    Y.applyUpdate(client, fromOther);
    expectRejected(checkUpdate(server, edit(client, () => title(client).delete(0, 8)), ctx('resident')));
    expect(checkUpdate(server, Y.mergeUpdates([fromOther, edit(client, () => title(client).insert(0, '!'))]), ctx('resident')).ok).toBe(true);
  });

  it('structs that depend on structs the server lacks are rejected (Yjs would keep them pending)', () => {
    const server = serverBoard();
    const a = join(server);
    const ua1 = edit(a, () => title(a).insert(0, 'A'));
    const ua2 = edit(a, () => title(a).insert(1, 'B'));
    expectRejected(checkUpdate(server, ua2, ctx('resident'))); // gap in a's clocks
    const b = join(server);
    Y.applyUpdate(b, ua1);
    const ub = edit(b, () => title(b).insert(1, 'C')); // origin: a's item
    expectRejected(checkUpdate(server, ub, ctx('resident')));
    expect(checkUpdate(server, Y.mergeUpdates([ua1, ub]), ctx('resident'))).toMatchObject({ ok: true });
    Y.applyUpdate(server, ua1);
    expect(checkUpdate(server, ub, ctx('resident')).ok).toBe(true);
    expect(checkUpdate(server, ua2, ctx('resident', 'act', false, { [a.clientID]: 'me' })).ok).toBe(true);
  });

  it('hand-made causality tricks are rejected: cycles, own later clocks, repeated client blocks, unknown roots', () => {
    const server = serverBoard();
    const textItem = title(server)._item!.id;
    const s = (c: number, k: number, at: Parameters<typeof item>[2]) => item(c, k, at, new Y.ContentString('z'));
    const cycle = craft([
      { client: 50, clock: 0, structs: [s(50, 0, { origin: Y.createID(51, 0) })] },
      { client: 51, clock: 0, structs: [s(51, 0, { origin: Y.createID(50, 0) })] },
    ]);
    const later = craft([{ client: 50, clock: 0, structs: [s(50, 0, { parent: textItem }), s(50, 1, { origin: Y.createID(50, 5) })] }]);
    const twice = craft([
      { client: 50, clock: 0, structs: [s(50, 0, { parent: textItem })] },
      { client: 50, clock: 0, structs: [] },
    ]);
    const known = craft([{ client: server.clientID, clock: 0, structs: [s(server.clientID, 0, { parent: 'x'.repeat(9) })] }]);
    for (const u of [cycle, later, twice, known]) expectRejected(checkUpdate(server, u, ctx('facilitator')));
    // Why: Yjs itself would keep the first two pending (to apply later, unchecked) or throw half-way.
    for (const u of [cycle, later]) {
      const clone = join(server);
      let threw = false;
      try {
        Y.applyUpdate(clone, u);
      } catch {
        threw = true;
      }
      expect(threw || clone.store.pendingStructs !== null).toBe(true);
    }
    expect(checkUpdate(server, craft([{ client: 50, clock: 0, structs: [s(50, 0, { parent: textItem })] }]), ctx('resident')).ok).toBe(true);
  });

  it('a partly known struct must continue where the doc has its first part', () => {
    const server = serverBoard();
    server.transact(() => addEntry(server, 'actions', 'a2', { title: new Y.Text('Second') }));
    const client = join(server);
    Y.applyUpdate(server, edit(client, () => title(client).insert(0, 'abc')));
    const c = client.clientID;
    // Honest: a re-sent run that overlaps what the server has (a stale state vector).
    const resent = edit(client, () => title(client).insert(3, 'de'));
    const honest = craft([{ client: c, clock: 1, structs: [item(c, 1, { origin: Y.createID(c, 0) }, new Y.ContentString('bcde'))] }]);
    const mine = ctx('resident', 'act', false, { [c]: 'me' });
    expect(checkUpdate(server, honest, mine).ok).toBe(true);
    expect(checkUpdate(server, resent, mine).ok).toBe(true);
    const elsewhere = craft([{ client: c, clock: 1, structs: [item(c, 1, { origin: title(server, 'a2')._start!.id }, new Y.ContentString('bcde'))] }]);
    expectRejected(checkUpdate(server, elsewhere, mine));
  });

  it('an item whose origin was garbage-collected becomes a GC: allowed, and it changes nothing', () => {
    const server = serverBoard();
    const gc = server.store.clients.get(server.clientID)!.find((x) => x instanceof Y.GC)!;
    const u = craft([{ client: 60, clock: 0, structs: [item(60, 0, { origin: gc.id }, new Y.ContentAny(['anything']))] }]);
    const before = server.toJSON();
    expect(checkUpdate(server, u, ctx('resident'))).toEqual({ ok: true, clientIds: [60], newClaims: [60], empty: false });
    Y.applyUpdate(server, u);
    expect(server.toJSON()).toEqual(before);
  });

  it('honest concurrent clients are never rejected, while the server creates and deletes entries', () => {
    const server = serverBoard();
    let seed = 7;
    const int = (n: number) => ((seed = (seed * 16807) % 2147483647) % n);
    const claims = new Map<number, string>();
    const clients = (['facilitator', 'expert', 'resident', 'resident'] as const).map((role, i) => {
      const c = { role, id: `p${i}`, doc: join(server), outbox: [] as Uint8Array[], send: ['each', 'merged', 'diff'][i % 3] };
      c.doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'server' && c.outbox.push(u));
      return c;
    });
    const rejections: string[] = [];
    const send = (c: (typeof clients)[number], u: Uint8Array) => {
      const r = checkUpdate(server, u, { ...ctx(c.role), participantId: c.id, claimOf: (id) => claims.get(id) });
      if (r.ok) {
        for (const id of r.newClaims) claims.set(id, c.id);
        Y.applyUpdate(server, u);
      } else rejections.push(r.reason);
    };
    for (let step = 0; step < 3_000; step++) {
      const c = clients[int(clients.length)]!;
      const ids = (root: string) => [...c.doc.getMap(root).keys()];
      const k = int(20);
      if (k === 0) {
        server.transact(() => addEntry(server, 'actions', `a${step}`, { title: new Y.Text('new'), status: 'planned' }));
        const old = [...server.getMap('actions').keys()].filter((id) => id !== 'a1');
        if (old.length > 2) server.getMap('actions').delete(old[0]!);
      } else if (k < 8 && c.role !== 'resident') entry(c.doc, 'notes', ids('notes')[int(2)]!).set(k < 5 ? 'x' : 'y', int(900));
      else if (k < 12) {
        const t = title(c.doc, ids('actions')[int(ids('actions').length)]);
        if (t.length > 200 || (k === 11 && t.length > 0)) t.delete(int(t.length), 3);
        else t.insert(int(t.length + 1), 'ab');
      } else if (k < 17 && c.outbox.length > 0) {
        if (c.send === 'each') c.outbox.forEach((u) => send(c, u));
        else send(c, c.send === 'merged' ? Y.mergeUpdates(c.outbox) : Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(server)));
        c.outbox = [];
      } else if (c.outbox.length === 0) Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c.doc)), 'server');
    }
    expect(rejections).toEqual([]);
    expect(server.store.pendingStructs).toBeNull();
  });

  it('a long chain of dependent structs is checked without recursion (no stack overflow)', () => {
    const server = serverBoard();
    const client = join(server);
    const u = edit(client, () => {
      for (let i = 0; i < 20_000; i++) title(client).insert(0, 'x');
      title(client).delete(0, 19_990);
    });
    expect(Y.decodeUpdate(u).structs.length).toBeGreaterThan(19_000);
    // Past the per-frame limits (frame-limits.ts), which exist for the event loop's sake; the
    // guard must not recurse per struct whatever limits it is given (bench:stall measures its cost).
    const unbounded = { maxStructs: 1e9, maxDeleteRanges: 1e9, maxStructLength: 1e9, maxClocks: 1e9 };
    expect(checkUpdate(server, u, { ...ctx('resident'), limits: unbounded }).ok).toBe(true);
    expect(checkUpdate(server, u, ctx('resident'))).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 500 structs/) });
  });
});

/** Everything a client may change, checked on a document the update was applied to. */
function shapeViolations(before: Record<string, Record<string, Record<string, unknown>>>, after: Y.Doc): string[] {
  const out: string[] = [];
  if (after.store.pendingStructs || after.store.pendingDs) out.push('pending structs or deletes');
  for (const name of after.share.keys()) if (!(Object.values(Roots) as string[]).includes(name)) out.push(`root ${name}`);
  if (!isDeepStrictEqual(after.getMap('board').toJSON(), before.board)) out.push('board changed');
  const writable: Record<string, string[]> = { notes: ['x', 'y'], clusters: ['title', 'x', 'y'], actions: ['owner', 'due', 'status', 'clusterId'] };
  for (const root of ['notes', 'clusters', 'actions']) {
    const now = after.getMap<Entry>(root);
    if (!isDeepStrictEqual([...now.keys()].sort(), Object.keys(before[root]!).sort())) out.push(`${root} entries changed`);
    for (const [id, m] of now) {
      if (!(m instanceof Y.Map)) out.push(`${root}.${id} replaced`);
      else
        for (const field of new Set([...m.keys(), ...Object.keys(before[root]![id] as object)])) {
          const v: unknown = m.get(field);
          if (root === 'actions' && field === 'title') {
            if (!(v instanceof Y.Text) || v.length > MaxDraftTextLength || v.length !== v.toString().length) out.push(`${root}.${id}.title`);
          } else if (!isDeepStrictEqual(v, (before[root]![id] as Record<string, unknown>)[field])) {
            const ok = writable[root]!.includes(field) && (v === undefined || allowedLeaf('facilitator', { kind: 'field', root, entryId: id, field }, { phase: 'act', locked: false }, v));
            if (!ok) out.push(`${root}.${id}.${field} = ${JSON.stringify(v)}`);
          }
        }
    }
  }
  return out;
}

describe('update guard: adversarial input', () => {
  // Deterministic PRNG (mulberry32) so a failure can be replayed.
  let seed = 20240611;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rand() * n);

  it('5,000 random byte strings never throw and are checked fast', () => {
    const server = serverBoard();
    let threw = 0;
    const t0 = performance.now();
    for (let i = 0; i < 5_000; i++) {
      const bytes = Uint8Array.from({ length: int(200) }, () => (rand() < 0.5 ? int(4) : int(256)));
      try {
        checkUpdate(server, bytes, ctx(i % 2 ? 'facilitator' : 'resident'));
      } catch {
        threw++;
      }
    }
    expect(threw).toBe(0);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  /** Applies an accepted update to a copy of `server` and lists what it broke. */
  const applying = (server: Y.Doc) => {
    const state = Y.encodeStateAsUpdate(server);
    const before = server.toJSON() as Parameters<typeof shapeViolations>[0];
    return (u: Uint8Array): string[] => {
      const clone = new Y.Doc();
      Y.applyUpdate(clone, state);
      try {
        Y.applyUpdate(clone, u);
      } catch (err) {
        return [`apply threw: ${String(err)}`];
      }
      return shapeViolations(before, clone);
    };
  };

  it('5,000 single-byte mutations of valid updates never throw, and what passes only writes allowed leaves', () => {
    const server = serverBoard();
    // Each sample from its own fresh client, so each applies on its own.
    const sample = (change: (c: Y.Doc) => void) => {
      const c = join(server);
      return { c, u: edit(c, () => change(c)) };
    };
    const texts = sample((c) => (title(c).insert(3, ' quickly'), title(c).delete(0, 2)));
    const other = sample((c) => title(c).insert(0, 'Hi '));
    const samples = [
      sample((c) => (entry(c, 'notes', 'n1').set('x', 5), entry(c, 'notes', 'n2').set('y', 7))).u,
      sample((c) => entry(c, 'clusters', 'c1').set('title', 'Lights')).u,
      sample((c) => (entry(c, 'actions', 'a1').set('due', '2026-01-02'), entry(c, 'actions', 'a1').set('status', 'done'))).u,
      texts.u,
      Y.mergeUpdates([other.u, texts.u]),
      Y.encodeStateAsUpdate(texts.c, Y.encodeStateVector(server)),
    ];
    for (const u of samples) expect(checkUpdate(server, u, ctx('facilitator')).ok).toBe(true);
    const inspect = applying(server);
    let threw = 0;
    let accepted = 0;
    let elapsed = 0;
    const violations: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const u = Uint8Array.from(samples[i % samples.length]!);
      const at = int(u.length);
      u[at] = rand() < 0.5 ? int(256) : u[at]! ^ (1 << int(8));
      const t0 = performance.now();
      let r: GuardResult;
      try {
        r = checkUpdate(server, u, ctx(i % 3 === 0 ? 'resident' : 'facilitator'));
      } catch {
        threw++;
        continue;
      } finally {
        elapsed += performance.now() - t0;
      }
      if (!r.ok) continue;
      accepted++;
      violations.push(...inspect(u).map((v) => `#${i} ${v}`));
    }
    expect(threw).toBe(0);
    expect(violations).toEqual([]);
    expect(accepted).toBeGreaterThan(50);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('5,000 random hand-made updates (refs into doc and update, partial, GC, deletes): what passes applies fully and only writes allowed leaves', () => {
    const server = serverBoard();
    server.transact(() => addEntry(server, 'actions', 'a2', { title: new Y.Text('Second') }));
    const history: [number, (c: Y.Doc) => void][] = [
      [100, (c) => (title(c).insert(3, ' all'), title(c).delete(0, 1), entry(c, 'notes', 'n1').set('x', 7))],
      [101, (c) => (title(c, 'a2').insert(3, 'xyz'), title(c).insert(0, 'q'))],
    ];
    for (const [id, change] of history) {
      const c = join(server);
      c.clientID = id;
      Y.applyUpdate(server, edit(c, () => change(c)));
    }
    const pick = <T,>(a: T[]): T => a[int(a.length)]!;
    const docIds: Y.ID[] = [];
    const typeIds: Y.ID[] = [];
    for (const [client, structs] of server.store.clients) {
      for (const s of structs) {
        docIds.push(Y.createID(client, s.id.clock + int(s.length)));
        if (s instanceof Y.Item && s.content instanceof Y.ContentType) typeIds.push(s.id);
      }
    }
    const contents = [() => new Y.ContentAny([12]), () => new Y.ContentAny(['done']), () => new Y.ContentAny([1, 2]), () => new Y.ContentString('hi'), () => new Y.ContentDeleted(2)];
    const inspect = applying(server);
    const violations: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const fresh: Y.ID[] = [];
      const ref = () => (rand() < 0.4 ? undefined : rand() < 0.6 || fresh.length === 0 ? pick(docIds) : pick(fresh));
      const blocks = [102, 101, 100].filter(() => rand() < 0.6).map((client) => {
        const st = Y.getState(server.store, client);
        let clock = pick([st, st, Math.max(0, st - 2), 0]);
        const structs = Array.from({ length: 1 + int(3) }, () => {
          const at = { origin: ref(), right: ref(), parent: undefined as Y.ID | string | undefined, sub: rand() < 0.5 ? undefined : pick(['x', 'title', 'status', 'n1']) };
          if (!at.origin && !at.right) at.parent = rand() < 0.1 ? 'notes' : pick(rand() < 0.7 ? typeIds : docIds);
          const s = rand() < 0.1 ? new Y.GC(Y.createID(client, clock), 1) : item(client, clock, at, pick(contents)());
          for (let k = 0; k < s.length; k++) fresh.push(Y.createID(client, clock + k));
          clock += s.length;
          return s;
        });
        return { client, clock: structs[0]!.id.clock, structs };
      });
      const ds = Array.from({ length: int(3) }, (): [number, number, number] => {
        const id = pick(rand() < 0.5 || fresh.length === 0 ? docIds : fresh);
        return [id.client, id.clock, 1 + int(3)];
      });
      const u = craft(blocks, ds);
      const r = checkUpdate(server, u, ctx(pick(['facilitator', 'resident'] as const)));
      if (!r.ok) continue;
      accepted++;
      violations.push(...inspect(u).map((v) => `#${i} ${v}`));
    }
    expect(violations).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  });
});
