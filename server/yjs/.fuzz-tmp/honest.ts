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
            if (!(v instanceof Y.Text) || v.length > MaxDraftTextLength) out.push(`${root}.${id}.title`);
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
const roles: Role[] = ['facilitator', 'expert', 'resident', 'resident', 'facilitator'];
const clients = roles.map((role) => ({ role, doc: join(server), outbox: [] as Uint8Array[], mode: pick(['each', 'merge', 'diff']) }));
for (const c of clients) c.doc.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'remote') c.outbox.push(u); });
let sent = 0, bad = 0;
const send = (c: typeof clients[number], u: Uint8Array) => {
  sent++;
  const r = checkUpdate(server, u, ctx(c.role));
  if (!r.ok) { bad++; if (bad < 10) console.log('FALSE REJECTION', c.role, c.mode, r.reason); return; }
  if (!r.empty) Y.applyUpdate(server, u, 'client');
};
const steps = Number(process.argv[3] ?? 3000);
for (let step = 0; step < steps; step++) {
  if (rand() < 0.05) {
    server.transact(() => {
      const k = step;
      if (rand() < 0.5) addEntry(server, 'actions', 'a' + k, { id: 'a' + k, title: new Y.Text('t' + k), owner: '', due: null, status: 'planned', clusterId: null, createdAt: k });
      else addEntry(server, 'notes', 'n' + k, { id: 'n' + k, text: 'x', x: 1, y: 1, clusterId: null });
      const victims = [...server.getMap('notes').keys(), ...server.getMap('actions').keys()].filter((id) => id !== 'n1' && id !== 'n2' && id !== 'a1');
      if (victims.length > 3) { const v = pick(victims); server.getMap(v.startsWith('n') ? 'notes' : 'actions').delete(v); }
    }, 'server');
    continue;
  }
  const c = pick(clients);
  const r = rand();
  if (r < 0.6) {
    const d = c.doc;
    d.transact(() => {
      const k = int(6);
      if (c.role !== 'resident' && k === 0) entry(d, 'notes', pick([...d.getMap('notes').keys()])).set(pick(['x', 'y']), int(2000) - 1000);
      else if (c.role !== 'resident' && k === 1) entry(d, 'notes', pick([...d.getMap('notes').keys()])).set('clusterId', pick(['c1', null]));
      else if (c.role !== 'resident' && k === 2) entry(d, 'actions', 'a1').set('status', pick(['planned', 'done', 'in_progress']));
      else if (c.role !== 'resident' && k === 3) entry(d, 'clusters', 'c1').set('title', 'T' + int(100));
      else {
        const t = title(d, pick([...d.getMap('actions').keys()]));
        if (t.length > 300 || (rand() < 0.4 && t.length > 0)) { const at = int(t.length); t.delete(at, Math.min(1 + int(5), t.length - at)); }
        else t.insert(int(t.length + 1), pick(['a', 'bc', ' ', 'xyz']));
      }
    });
  } else if (r < 0.85) {
    // flush outbox
    if (c.outbox.length === 0) continue;
    if (c.mode === 'each') for (const u of c.outbox) send(c, u);
    else if (c.mode === 'merge') send(c, Y.mergeUpdates(c.outbox));
    else send(c, Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(server)));
    c.outbox = [];
  } else {
    // receive what the server has (only if nothing unsent, like a provider that flushed first) 
    if (c.outbox.length) continue;
    Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c.doc)), 'remote');
    if (rand() < 0.3) send(c, Y.encodeStateAsUpdate(c.doc)); // reconnect: full state re-sent
  }
}
for (const c of clients) { if (c.outbox.length) send(c, Y.mergeUpdates(c.outbox)); c.outbox = []; }
for (const c of clients) Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c.doc)), 'remote');
const js = (d: Y.Doc) => Object.fromEntries(['board','notes','clusters','actions'].map((r) => [r, d.getMap(r).toJSON()]));
const converged = clients.every((c) => isDeepStrictEqual(js(c.doc), js(server)));
console.log('sent', sent, 'false rejections', bad, 'converged', converged, 'pending', !!server.store.pendingStructs, title(server).toString().slice(0, 40));
