import { isDeepStrictEqual } from 'node:util';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { Roots, type Phase } from '../../../shared/board-schema.ts';
import type { Role } from '../../../shared/roles.ts';
import { MaxDraftTextLength, allowedLeaf } from '../../../shared/write-paths.ts';
import { checkUpdate, describeGuardRejection, type GuardContext, type GuardResult } from '../update-guard.ts';

type Entry = Y.Map<unknown>;
const entry = (doc: Y.Doc, root: string, id: string): Entry => doc.getMap<Entry>(root).get(id)!;
const title = (doc: Y.Doc, id = 'a1'): Y.Text => entry(doc, 'actions', id).get('title') as Y.Text;

/** What server commands do: entries are Y.Maps (an action's title a Y.Text), written by the server. */
function addEntry(doc: Y.Doc, root: string, id: string, fields: Record<string, unknown>): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  doc.getMap<Entry>(root).set(id, m);
}

function serverBoard(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const board = doc.getMap('board');
    board.set('phase', 'act');
    board.set('locked', false);
    board.set('settings', { dotsPerParticipant: 3 });
    const note = { text: 'Street lights broken', authorId: 'p1', x: 10, y: 20, clusterId: null, createdAt: 1, color: 'yellow' };
    addEntry(doc, 'notes', 'n1', { id: 'n1', ...note });
    addEntry(doc, 'notes', 'n2', { id: 'n2', ...note, text: 'No bus after 9' });
    addEntry(doc, 'clusters', 'c1', { id: 'c1', title: 'Safety', x: 0, y: 0, createdAt: 2 });
    addEntry(doc, 'actions', 'a1', { id: 'a1', title: new Y.Text('Fix the lights'), owner: 'Ms Li', due: null, status: 'planned', clusterId: 'c1', createdAt: 3 });
  }, 'server');
  // Some history: a deleted note leaves deleted items and GC structs in the store.
  doc.transact(() => addEntry(doc, 'notes', 'n3', { id: 'n3', text: 'dup', x: 1, y: 1 }), 'server');
  doc.transact(() => doc.getMap('notes').delete('n3'), 'server');
  return doc;
}

function join(server: Y.Doc): Y.Doc {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return client;
}

/** The update a client's edit emits (one transaction). */
function edit(client: Y.Doc, change: () => void): Uint8Array {
  const parts: Uint8Array[] = [];
  const capture = (u: Uint8Array) => parts.push(u);
  client.on('update', capture);
  client.transact(change);
  client.off('update', capture);
  return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
}

function ctx(role: Role, phase: Phase = 'act', locked = false, mayUseClientId = (_id: number) => true): GuardContext {
  return { role, phase, locked, mayUseClientId };
}

function expectRejected(r: GuardResult): void {
  expect(r.ok, r.ok ? 'expected a rejection' : r.reason).toBe(false);
}

/** Hand-made updates: blocks of structs (written by Yjs' own Item/GC.write), then a delete set. */
function craft(blocks: { client: number; clock: number; structs: (Y.Item | Y.GC)[] }[], ds: [number, number, number][] = []): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, blocks.length);
  for (const b of blocks) {
    encoding.writeVarUint(enc.restEncoder, b.structs.length);
    enc.writeClient(b.client);
    encoding.writeVarUint(enc.restEncoder, b.clock);
    for (const s of b.structs) s.write(enc, 0);
  }
  encoding.writeVarUint(enc.restEncoder, ds.length);
  for (const [client, clock, len] of ds) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, 1);
    enc.writeDsClock(clock);
    enc.writeDsLen(len);
  }
  return enc.toUint8Array();
}

function item(client: number, clock: number, at: { origin?: Y.ID; right?: Y.ID; parent?: string | Y.ID; sub?: string }, content: unknown): Y.Item {
  // Before integration Item.parent holds a root name or the parent's ID.
  const parent = (at.parent ?? null) as Y.AbstractType<unknown> | null;
  return new Y.Item(Y.createID(client, clock), null, at.origin ?? null, null, at.right ?? null, parent, at.sub ?? null, content as Y.ContentAny);
}

/** Everything a client may change, checked on a document the update was applied to. */
function shapeViolations(before: Record<string, Record<string, Record<string, unknown>>>, after: Y.Doc): string[] {
  const out: string[] = [];
  if (after.store.pendingStructs || after.store.pendingDs) out.push('pending structs or deletes');
  for (const name of after.share.keys()) if (!(Object.values(Roots) as string[]).includes(name)) out.push(`root ${name}`);
  if (!isDeepStrictEqual(after.getMap('board').toJSON(), before.board)) out.push('board changed');
  const writable: Record<string, string[]> = { notes: ['x', 'y', 'clusterId'], clusters: ['title', 'x', 'y'], actions: ['owner', 'due', 'status', 'clusterId'] };
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

let seed = Number(process.argv[2] ?? 1);
const rand = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const int = (n: number) => Math.floor(rand() * n);
const pick = <T,>(a: T[]): T => a[int(a.length)]!;
const server = serverBoard();
// make some text history too
{ const c = join(server); c.clientID = 100; const u = edit(c, () => { title(c).insert(3, ' all'); title(c).delete(0, 1); entry(c,'notes','n1').set('x', 7); }); Y.applyUpdate(server, u); }
server.transact(() => addEntry(server, 'actions', 'a2', { title: new Y.Text('Second') }));
{ const c = join(server); c.clientID = 101; const u = edit(c, () => { title(c, 'a2').insert(3, 'xyz'); title(c).insert(0, 'q'); }); Y.applyUpdate(server, u); }
const state = Y.encodeStateAsUpdate(server);
const before = server.toJSON() as any;
const docIds: Y.ID[] = [];
const typeIds: Y.ID[] = [];
const goodIds: Y.ID[] = [];
for (const [client, structs] of server.store.clients) for (const s of structs) {
  docIds.push(Y.createID(client, s.id.clock + int(s.length)));
  if (s instanceof Y.Item && s.content instanceof Y.ContentType) typeIds.push(s.id);
  if (s instanceof Y.Item && (s.parent instanceof Y.Text || ['x','y','clusterId','status','due','owner'].includes(s.parentSub ?? ''))) for (let q = 0; q < 4; q++) goodIds.push(Y.createID(client, s.id.clock + int(s.length)));
}
const stats = { ok: 0, rejected: 0, violations: 0, reasons: new Map<string, number>() };
const N = Number(process.argv[3] ?? 20000);
for (let iter = 0; iter < N; iter++) {
  const clients = [100 + int(3), 100 + int(3), server.clientID].slice(0, 1 + int(3));
  const uniq = [...new Set(clients)];
  const blocks: { client: number; clock: number; structs: (Y.Item | Y.GC)[] }[] = [];
  const updIds: Y.ID[] = [];
  for (const client of uniq) {
    const st = Y.getState(server.store, client);
    let clock = pick([0, st, st, st, Math.max(0, st - 1), st + 1]);
    const structs: (Y.Item | Y.GC)[] = [];
    const nst = 1 + int(4);
    for (let k = 0; k < nst; k++) {
      let s: Y.Item | Y.GC;
      if (rand() < 0.1) s = new Y.GC(Y.createID(client, clock), 1 + int(2));
      else {
        const ref = () => { const r = rand(); return r < 0.35 ? null : r < 0.5 ? pick(goodIds) : r < 0.75 ? pick(docIds) : updIds.length ? pick(updIds) : Y.createID(pick([100,101,102]), int(4)); };
        const origin = ref(); const right = rand() < 0.5 ? null : ref();
        let parent: string | Y.ID | undefined; let sub: string | undefined;
        if (!origin && !right) {
          const r = rand(); parent = r < 0.15 ? pick(['notes', 'board', 'evil']) : r < 0.8 ? pick(typeIds) : pick(docIds);
          sub = rand() < 0.5 ? undefined : pick(['x', 'title', 'status', 'a1', 'n1', 'text', 'due']);
        }
        const content = pick<any>([() => new Y.ContentAny([5]), () => new Y.ContentAny(['abc']), () => new Y.ContentAny(['done']), () => new Y.ContentString('hi'), () => new Y.ContentString('yo'), () => new Y.ContentAny([12]), () => new Y.ContentDeleted(2), () => new Y.ContentAny([1, 2]), () => new Y.ContentAny([null])])();
        s = item(client, clock, { origin: origin ?? undefined, right: right ?? undefined, parent, sub }, content);
      }
      structs.push(s);
      for (let q = 0; q < s.length; q++) updIds.push(Y.createID(client, clock + q));
      clock += s.length;
    }
    blocks.push({ client, clock: blocks.length >= 0 ? structs[0]!.id.clock : 0, structs });
  }
  const ds: [number, number, number][] = [];
  for (let d = int(3); d > 0; d--) { const id = rand() < 0.5 ? pick(docIds) : updIds.length ? pick(updIds) : pick(docIds); ds.push([id.client, id.clock, 1 + int(3)]); }
  blocks.sort((a, b) => b.client - a.client);
  let u: Uint8Array;
  try { u = craft(blocks, ds); } catch { continue; }
  const role = pick(['facilitator', 'resident', 'expert'] as const);
  let r: GuardResult;
  try { r = checkUpdate(server, u, ctx(role)); } catch (e) { console.log('THREW', e); stats.violations++; continue; }
  if (!r.ok) { stats.rejected++; const k = r.reason.replace(/[-\d:.]+/g, '#'); stats.reasons.set(k, (stats.reasons.get(k) ?? 0) + 1); continue; }
  stats.ok++;
  const clone = new Y.Doc(); Y.applyUpdate(clone, state);
  try { Y.applyUpdate(clone, u); } catch (e) { console.log('APPLY THREW', iter, String(e)); stats.violations++; continue; }
  const v = shapeViolations(before, clone);
  if (v.length) { stats.violations++; if (stats.violations < 10) console.log('VIOLATION', iter, role, v, JSON.stringify(blocks.map(b => ({c: b.client, k: b.clock, s: b.structs.map(s => s instanceof Y.GC ? 'GC' + s.length : { o: s.origin, r: s.rightOrigin, p: s.parent, sub: s.parentSub, c: (s.content as any).constructor.name })}))), JSON.stringify(ds)); }
}
console.log(stats.ok, stats.rejected, stats.violations);
console.log([...stats.reasons].sort((a, b) => b[1] - a[1]).slice(0, 30));
