/**
 * The struct-level guard for client Yjs updates. It decides, without touching the board's
 * document, whether applying `update` would write only leaves the sender's role may write
 * (shared/write-paths.ts). It mirrors how Yjs 13.6 applies an update (readClientsStructRefs,
 * integrateStructs, Item.getMissing, readAndApplyDeleteSet) so that what is checked is what gets
 * applied, and it refuses anything Yjs would keep pending: pending structs and deletions are
 * applied later, unchecked, on top of whatever the server has written meanwhile.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { Roots, type Phase } from '../../shared/board-schema.ts';
import type { Role } from '../../shared/roles.ts';
import { MaxDraftTextLength, allowedLeaf, mayWriteThroughYjs, type DocPath } from '../../shared/write-paths.ts';
import { UpdateFrameLimits } from './frame-limits.ts';
import { PrescanRefusal, prescanUpdate, type UpdateLimits } from './update-prescan.ts';

export interface GuardContext {
  role: Role;
  phase: Phase;
  locked: boolean;
  /** The participant sending the update. */
  participantId: string;
  /** The participant who claimed a client id on this board, or undefined when nobody did. */
  claimOf: (clientId: number) => string | undefined;
  /** How many client ids the sender may still claim on this board. */
  newClientIdsLeft: number;
  /** Per-frame limits; by default UpdateFrameLimits (frame-limits.ts). */
  limits?: UpdateLimits;
}

export type GuardResult =
  | {
      ok: true;
      /** clientIDs that authored new structs in this update */
      clientIds: number[];
      /** Those of them nobody had claimed yet: the sender claims them with this update. */
      newClaims: number[];
      /** true when the update adds nothing new */
      empty: boolean;
    }
  | { ok: false; reason: string };

/** Thrown inside the guard to stop at the first refusal; never escapes checkUpdate. */
class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

/** A non-Skip struct of the update, as Yjs will meet it. */
interface Node {
  struct: Y.Item | Y.GC;
  client: number;
  clock: number;
  end: number;
  /** First clock the doc does not know yet (`end` or more when the struct is fully known). */
  newFrom: number;
  /** The same client's previous node (-1: none): Yjs integrates a client's structs in order. */
  prev: number;
  /** Other clients' nodes this one refers to: Yjs integrates them first. */
  deps: number[] | null;
  /** Where an integrated Item lands: a doc type, or 'gc' when Yjs turns it into a GC. */
  parent?: Parent;
  /** The Y.Text a new string run is inserted into (for the length limit). */
  text?: Y.AbstractType<unknown>;
}

type Parent = 'gc' | { type: Y.AbstractType<unknown>; sub: string | null };

/** A struct found by ID: in the doc's store, or (a number) a node of the update. */
type Found = Y.Item | Y.GC | number;

const rootNames: ReadonlySet<string> = new Set(Object.values(Roots));

/**
 * Checks a client's update (y-websocket's V1 encoding) against the board document.
 * Never mutates `doc`, never throws; time is linear in the update's size, plus the doc structs
 * its delete set covers.
 */
export function checkUpdate(doc: Y.Doc, update: Uint8Array, ctx: GuardContext): GuardResult {
  try {
    return check(doc, update, ctx);
  } catch (err) {
    if (err instanceof Refusal || err instanceof PrescanRefusal) return { ok: false, reason: err.message };
    return { ok: false, reason: `malformed update (${err instanceof Error ? err.message : String(err)})` };
  }
}

function check(doc: Y.Doc, update: Uint8Array, ctx: GuardContext): GuardResult {
  // 0. Bounded before anything is decoded: the cost of a refusal does not grow with the frame.
  prescanUpdate(update, ctx.limits ?? UpdateFrameLimits);
  const { structs, ds } = Y.decodeUpdate(update);
  const blockCount = decoding.readVarUint(decoding.createDecoder(update));
  const scan = new UpdateScan(doc);
  const { nodes, byClient } = scan;
  const writes = mayWriteThroughYjs(ctx.role, ctx);

  // 1. Index the update per client, in the order Yjs integrates it.
  const newClients = new Set<number>();
  const skipClients = new Set<number>();
  let list: number[] = [];
  let prevClient = -1;
  let integratedTo = 0;
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (client !== prevClient) {
      // Yjs keeps only the last block of a client listed twice: refuse rather than guess.
      if (byClient.has(client)) refuse(`client ${client} is listed twice`);
      byClient.set(client, (list = []));
      prevClient = client;
      integratedTo = scan.docState(client);
    }
    if (struct.length <= 0) refuse(`empty struct at ${client}:${clock}`);
    if (struct instanceof Y.Skip) {
      // A Skip names no place in the document: only a writer may send one, under its own ids.
      if (!writes) refuse(`${ctx.role} may not send skip structs now (${client}:${clock})`);
      skipClients.add(client);
      continue;
    }
    // A gap (including one left by a Skip) makes Yjs keep the rest pending.
    if (clock > integratedTo) refuse(`structs of client ${client} start at ${clock}, the board knows up to ${integratedTo}`);
    const end = clock + struct.length;
    const newFrom = Math.max(clock, scan.docState(client));
    integratedTo = Math.max(integratedTo, end);
    list.push(nodes.length);
    nodes.push({ struct, client, clock, end, newFrom, prev: list.length > 1 ? list[list.length - 2]! : -1, deps: null });
    if (newFrom < end) {
      newClients.add(client);
      // A GC struct names no place either: it only advances the clock, so only a writer may.
      if (struct instanceof Y.GC && !writes) refuse(`${ctx.role} may not send GC structs now (${client}:${clock})`);
    }
  }
  // A block with no structs still replaces an earlier one in Yjs; the counts must agree.
  if (byClient.size !== blockCount) refuse('empty or repeated client block');
  if (newClients.size > 0 && ctx.role === 'screen') refuse('the screen is read-only');
  const newClaims = checkClientIds(doc, scan, ctx, newClients, skipClients);

  // 2. Every reference of every Item (known ones too: Yjs resolves them before skipping) must
  // resolve now, in the doc or in the update, or Yjs would stall or throw half-way.
  for (const n of nodes) {
    const item = n.struct;
    if (!(item instanceof Y.Item)) continue;
    // Before integration Item.parent holds a root name (string) or the parent item's ID, whatever
    // the typings say; a root name Yjs does not know yet would be created by doc.get().
    const parent: unknown = item.parent;
    if (typeof parent === 'string' && !doc.share.has(parent) && !rootNames.has(parent)) refuse(`unknown root "${parent.slice(0, 40)}"`);
    if (item.origin) scan.reference(n, item.origin);
    if (item.rightOrigin) scan.reference(n, item.rightOrigin);
    if (parent instanceof Y.ID) scan.reference(n, parent);
  }
  const order = topologicalOrder(nodes);

  // 3. Where does each new Item land, and may this role put this content there?
  const textGrowth = new Map<Y.AbstractType<unknown>, number>();
  for (const i of order) {
    const n = nodes[i]!;
    const item = n.struct;
    if (!(item instanceof Y.Item) || n.newFrom >= n.end) continue;
    const content = item.content;
    if (!(content instanceof Y.ContentAny || content instanceof Y.ContentString || content instanceof Y.ContentDeleted)) {
      refuse(`${content.constructor.name} is not writable (${n.client}:${n.clock})`);
    }
    const parent = (n.parent = scan.resolveParent(item));
    if (parent === 'gc') continue;
    if (n.clock < n.newFrom) {
      // Yjs integrates a partly known struct to the right of the doc's struct before it, but in
      // the parent its origin gave: both must agree, or Yjs links it into another type's list.
      const left = scan.find(n.client, n.newFrom - 1);
      if (!(left instanceof Y.Item) || left.parent !== parent.type || left.parentSub !== parent.sub) refuse(`partly known struct ${n.client}:${n.clock} continues elsewhere`);
    }
    const path = scan.pathOf(parent.type, parent.sub);
    if (typeof path === 'string') refuse(`${path} (${n.client}:${n.clock})`);
    let ok: boolean;
    if (content instanceof Y.ContentDeleted) ok = allowedLeaf(ctx.role, path, ctx, undefined, true);
    else if (path.kind === 'field') ok = content instanceof Y.ContentAny && content.arr.length === 1 && allowedLeaf(ctx.role, path, ctx, content.arr[0]);
    else ok = content instanceof Y.ContentString && allowedLeaf(ctx.role, path, ctx);
    if (!ok) refuse(`${ctx.role} may not write ${describePath(path)} with this content`);
    if (path.kind === 'text' && content instanceof Y.ContentString) {
      n.text = parent.type;
      textGrowth.set(n.text, (textGrowth.get(n.text) ?? 0) + (n.end - n.newFrom));
    }
  }

  // 4. The delete set: re-sent deletions are fine, live doc items need a deletable path,
  // clocks nobody knows would stay pending in Yjs and hit later server writes.
  let deletesLive = false;
  for (const [client, ranges] of ds.clients) {
    const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
    const known = scan.docState(client);
    const own = byClient.get(client) ?? [];
    const updateEnd = own.length > 0 ? Math.max(known, nodes[own[own.length - 1]!]!.end) : known;
    let prevEnd = -1;
    for (const { clock, len } of sorted) {
      const end = clock + len;
      if (len <= 0 || clock < prevEnd) refuse(`empty or overlapping deletion at ${client}:${clock}`);
      prevEnd = end;
      if (end > updateEnd) refuse(`deletes unknown clocks ${client}:${Math.max(clock, updateEnd)}..${end}`);
      if (end > known) {
        // Deleting what this update inserts: only the text length bookkeeping cares.
        const from = Math.max(clock, known);
        for (let k = scan.position(client, from); k >= 0 && k < own.length && nodes[own[k]!]!.clock < end; k++) {
          const n = nodes[own[k]!]!;
          if (n.text) shrink(textGrowth, n.text, Math.min(end, n.end) - Math.max(from, n.newFrom));
        }
      }
      if (clock < known) deletesLive = scan.deleteDocRange(client, clock, Math.min(end, known), ctx, textGrowth) || deletesLive;
    }
  }

  for (const [text, growth] of textGrowth) {
    if (growth > 0 && text._length + growth > MaxDraftTextLength) refuse(`text would exceed ${MaxDraftTextLength} characters`);
  }
  return { ok: true, clientIds: [...newClients], newClaims, empty: newClients.size === 0 && !deletesLive };
}

/**
 * A client id belongs, for good, to the participant who first wrote with it on this board. New
 * structs (and Skips) may only come under the sender's own ids or fresh ones, within its budget;
 * an id already in the document that nobody claimed (written before claims were kept, or by the
 * server) is nobody's to extend. Returns the fresh ids this update claims.
 */
function checkClientIds(doc: Y.Doc, scan: UpdateScan, ctx: GuardContext, newClients: Set<number>, skipClients: Set<number>): number[] {
  const fresh: number[] = [];
  for (const client of new Set([...newClients, ...skipClients])) {
    if (client === doc.clientID) refuse(`clientID ${client} is the server's`);
    const owner = ctx.claimOf(client);
    if (owner === ctx.participantId) continue;
    if (owner !== undefined) refuse(`clientID ${client} belongs to another participant`);
    if (scan.docState(client) > 0) refuse(`clientID ${client} is in the board with no recorded owner`);
    if (newClients.has(client)) fresh.push(client);
  }
  if (fresh.length > ctx.newClientIdsLeft) refuse(`${fresh.length} new client ids, ${Math.max(0, ctx.newClientIdsLeft)} left for this participant on this board`);
  return fresh;
}

/** The doc and the update's nodes, with the lookups Yjs would do while integrating. */
class UpdateScan {
  readonly nodes: Node[] = [];
  /** Node indices per client, in clock order. */
  readonly byClient = new Map<number, number[]>();
  private readonly states = new Map<number, number>();
  private readonly roots = new Map<unknown, string>();
  private readonly paths = new Map<Y.AbstractType<unknown>, Map<string | null, DocPath | string>>();

  constructor(private readonly doc: Y.Doc) {
    for (const [name, type] of doc.share) this.roots.set(type, name);
  }

  docState(client: number): number {
    let s = this.states.get(client);
    if (s === undefined) this.states.set(client, (s = Y.getState(this.doc.store, client)));
    return s;
  }

  /** Place in byClient's list of the node holding `clock`, or -1. */
  position(client: number, clock: number): number {
    const list = this.byClient.get(client);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const n = this.nodes[list[mid]!]!;
      if (clock < n.clock) hi = mid - 1;
      else if (clock >= n.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  find(client: number, clock: number): Found | null {
    if (clock < this.docState(client)) {
      // `store.clients` holds every integrated struct, per client, sorted by clock.
      const list = this.doc.store.clients.get(client)!;
      return list[Y.findIndexSS(list, clock)]!;
    }
    const at = this.position(client, clock);
    return at < 0 ? null : this.byClient.get(client)![at]!;
  }

  /** Records that `n` refers to `ref`; refuses what Yjs could not find at that point. */
  reference(n: Node, ref: Y.ID): void {
    // Yjs looks up its own client's clocks without waiting: they must precede this struct.
    if (ref.client === n.client && ref.clock >= Math.max(this.docState(n.client), n.clock)) refuse(`${n.client}:${n.clock} refers to a later clock`);
    const found = this.find(ref.client, ref.clock);
    if (found === null) refuse(`${n.client}:${n.clock} refers to unknown ${ref.client}:${ref.clock}`);
    if (typeof found === 'number' && ref.client !== n.client) (n.deps ??= []).push(found);
  }

  private isGc(found: Found | null): boolean {
    if (found === null) return false;
    if (typeof found !== 'number') return found instanceof Y.GC;
    const n = this.nodes[found]!;
    return n.struct instanceof Y.GC || n.parent === 'gc';
  }

  /** Item.getMissing's parent resolution, over the doc and the already-resolved nodes. */
  resolveParent(item: Y.Item): Parent {
    const left = item.origin ? this.find(item.origin.client, item.origin.clock) : null;
    const right = item.rightOrigin ? this.find(item.rightOrigin.client, item.rightOrigin.clock) : null;
    if (this.isGc(left) || this.isGc(right)) return 'gc';
    const parent: unknown = item.parent;
    if (parent === null) {
      const from = left ?? right;
      if (from === null) return 'gc';
      if (typeof from === 'number') return this.nodes[from]!.parent ?? refuse('inherits from an unchecked struct');
      const src = from as Y.Item; // not a GC: isGc ruled it out
      if (!(src.parent instanceof Y.AbstractType)) refuse('inherits an unresolved parent');
      return { type: src.parent, sub: src.parentSub };
    }
    if (typeof parent === 'string') refuse('writes directly under a root map are server-only');
    if (!(parent instanceof Y.ID)) refuse('unreadable parent');
    const p = this.find(parent.client, parent.clock);
    // A type created by this update is refused on its own; any other struct as a parent, or a
    // GC, makes Yjs write a GC.
    if (p instanceof Y.Item && p.content instanceof Y.ContentType) return { type: p.content.type, sub: item.parentSub };
    return 'gc';
  }

  /** The DocPath of a child of `type` under key `sub` (null: a list/text child), or why there is none. */
  pathOf(type: Y.AbstractType<unknown>, sub: string | null): DocPath | string {
    let byType = this.paths.get(type);
    if (!byType) this.paths.set(type, (byType = new Map()));
    let path = byType.get(sub);
    if (path === undefined) byType.set(sub, (path = this.computePath(type, sub)));
    return path;
  }

  private computePath(type: Y.AbstractType<unknown>, sub: string | null): DocPath | string {
    const holder = type._item;
    if (!holder) return 'writes directly under a root map are server-only';
    const outer = holder.parent;
    if (!(outer instanceof Y.AbstractType)) return 'unresolved parent';
    if (outer._item === null) {
      const root = this.roots.get(outer);
      if (root === undefined || holder.parentSub === null) return 'unknown root';
      if (!(type instanceof Y.Map) || sub === null) return `only fields of ${root}.<id> are writable`;
      return { kind: 'field', root, entryId: holder.parentSub, field: sub };
    }
    const entry = outer._item;
    const rootType = entry.parent;
    if (!(rootType instanceof Y.AbstractType) || rootType._item !== null) return 'nesting too deep';
    const root = this.roots.get(rootType);
    if (root === undefined || entry.parentSub === null || holder.parentSub === null) return 'unknown root';
    if (!(type instanceof Y.Text) || !(outer instanceof Y.Map) || sub !== null) return 'only plain text runs are writable in nested types';
    return { kind: 'text', root, entryId: entry.parentSub, field: holder.parentSub };
  }

  /** Checks deleting [from, to) of one client's doc structs; true when it hits a live item. */
  deleteDocRange(client: number, from: number, to: number, ctx: GuardContext, textGrowth: Map<Y.AbstractType<unknown>, number>): boolean {
    const list = this.doc.store.clients.get(client)!;
    let live = false;
    for (let i = Y.findIndexSS(list, from); i < list.length; i++) {
      const s = list[i]!;
      if (s.id.clock >= to) break;
      if (!(s instanceof Y.Item) || s.deleted) continue;
      live = true;
      if (s.content instanceof Y.ContentType) refuse('deleting entries and types is server-only');
      if (!(s.parent instanceof Y.AbstractType)) refuse('deletes an unresolved item');
      const path = this.pathOf(s.parent, s.parentSub);
      if (typeof path === 'string') refuse(`${path} (deleting ${s.id.client}:${s.id.clock})`);
      if (!allowedLeaf(ctx.role, path, ctx, undefined, true)) refuse(`${ctx.role} may not delete ${describePath(path)}`);
      if (path.kind === 'text' && s.countable) shrink(textGrowth, s.parent, Math.min(to, s.id.clock + s.length) - Math.max(from, s.id.clock));
    }
    return live;
  }
}

/** Post-order over prev/deps, iterative (no stack overflow on long chains); refuses cycles. */
function topologicalOrder(nodes: Node[]): number[] {
  const state = new Uint8Array(nodes.length); // 0 unseen, 1 on the path, 2 done
  const order: number[] = [];
  const stack: number[] = [];
  const edge: number[] = []; // next edge to follow, per stack entry: 0 = prev, k = deps[k - 1]
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0) continue;
    stack.push(start);
    edge.push(0);
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const n = nodes[stack[top]!]!;
      const e = edge[top]!++;
      const dep = e === 0 ? n.prev : n.deps?.[e - 1];
      if (dep === undefined) {
        state[stack[top]!] = 2;
        order.push(stack.pop()!);
        edge.pop();
      } else if (dep < 0 || state[dep] === 2) {
        continue;
      } else if (state[dep] === 1) {
        refuse('structs depend on each other in a cycle');
      } else {
        state[dep] = 1;
        stack.push(dep);
        edge.push(0);
      }
    }
  }
  return order;
}

function shrink(growth: Map<Y.AbstractType<unknown>, number>, text: Y.AbstractType<unknown>, by: number): void {
  if (by > 0) growth.set(text, (growth.get(text) ?? 0) - by);
}

function describePath(path: DocPath): string {
  return `${path.root}.<id>.${path.field}${path.kind === 'text' ? ' (text)' : ''}`;
}
