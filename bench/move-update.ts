/**
 * A note move (`note.set('x', x); note.set('y', y)` in one transaction) as the V1 update Yjs
 * would emit, encoded by hand. A benchmark client cannot afford a Y.Doc: a 500-note board costs
 * ~2 MB of heap and ~30 ms to apply per client, and 500 such docs would make the load generator's
 * GC pauses part of the measured latency. A move only needs the IDs of the live `x` and `y`
 * items of the note (its origins, which it also deletes); `checkMoveEncoder` proves the bytes
 * equal Yjs's own at startup.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

export interface StructId {
  client: number;
  clock: number;
}

/** The live `x` and `y` items of one note: what the next move attaches to and deletes. */
export interface NoteCursor {
  x: StructId;
  y: StructId;
}

/** Item info byte: has a left origin (BIT8), has a parentSub (BIT6), content ref 8 (ContentAny). */
const mapSetInfo = 0x80 | 0x20 | 8;

/** Reads the live x/y items of every note from a full-state update (a server's sync step 2). */
export function noteCursors(fullState: Uint8Array): Map<string, NoteCursor> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, fullState);
  const cursors = new Map<string, NoteCursor>();
  doc.getMap('notes').forEach((note, id) => {
    if (!(note instanceof Y.Map)) return;
    const x = note._map.get('x');
    const y = note._map.get('y');
    if (!x || !y || x.deleted || y.deleted) return;
    cursors.set(id, { x: { client: x.id.client, clock: x.id.clock }, y: { client: y.id.client, clock: y.id.clock } });
  });
  doc.destroy();
  return cursors;
}

/**
 * The update of a move written by `client` starting at `clock` (x gets `clock`, y `clock + 1`).
 * Returns the update and the cursor for the next move.
 */
export function encodeMove(client: number, clock: number, cursor: NoteCursor, x: number, y: number): { update: Uint8Array; next: NoteCursor } {
  const e = encoding.createEncoder();
  // Structs: one client, two Items. With a left origin Yjs writes neither parent nor parentSub.
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  for (const [origin, value] of [[cursor.x, x], [cursor.y, y]] as const) {
    encoding.writeUint8(e, mapSetInfo);
    encoding.writeVarUint(e, origin.client);
    encoding.writeVarUint(e, origin.clock);
    encoding.writeVarUint(e, 1); // ContentAny length
    encoding.writeAny(e, value);
  }
  // Delete set: the replaced x and y items (length 1 each), merged into ranges per client,
  // clients in descending order as Yjs writes them.
  const byClient = new Map<number, number[]>();
  for (const id of [cursor.x, cursor.y]) byClient.set(id.client, [...(byClient.get(id.client) ?? []), id.clock]);
  const clients = [...byClient.keys()].sort((a, b) => b - a);
  encoding.writeVarUint(e, clients.length);
  for (const c of clients) {
    const clocks = byClient.get(c)!.sort((a, b) => a - b);
    const ranges: [number, number][] = [];
    for (const k of clocks) {
      const last = ranges[ranges.length - 1];
      if (last && last[0] + last[1] === k) last[1]++;
      else ranges.push([k, 1]);
    }
    encoding.writeVarUint(e, c);
    encoding.writeVarUint(e, ranges.length);
    for (const [k, len] of ranges) {
      encoding.writeVarUint(e, k);
      encoding.writeVarUint(e, len);
    }
  }
  return { update: encoding.toUint8Array(e), next: { x: { client, clock }, y: { client, clock: clock + 1 } } };
}

/** Throws unless `encodeMove` produces exactly Yjs's bytes (first move, a repeat, non-adjacent origins). */
export function checkMoveEncoder(): void {
  const server = new Y.Doc();
  server.clientID = 7;
  const notes = server.getMap<Y.Map<unknown>>('notes');
  server.transact(() => {
    for (const [id, fields] of [['a', ['id', 'x', 'y', 'text']], ['b', ['x', 'text', 'y']]] as const) {
      const m = new Y.Map<unknown>();
      for (const f of fields) m.set(f, f === 'text' ? 'hello' : 40);
      notes.set(id, m);
    }
  });
  const state = Y.encodeStateAsUpdate(server);
  for (const noteId of ['a', 'b']) {
    const client = new Y.Doc();
    client.clientID = 3_000_000_000 + noteId.charCodeAt(0);
    Y.applyUpdate(client, state);
    let cursor = noteCursors(state).get(noteId)!;
    const note = client.getMap<Y.Map<unknown>>('notes').get(noteId)!;
    for (let k = 0; k < 3; k++) {
      const x = 1000 + k;
      const y = -(1000 + k);
      let expected: Uint8Array | null = null;
      const capture = (u: Uint8Array) => (expected = u);
      client.on('update', capture);
      client.transact(() => {
        note.set('x', x);
        note.set('y', y);
      });
      client.off('update', capture);
      const mine = encodeMove(client.clientID, 2 * k, cursor, x, y);
      if (!expected || Buffer.compare(Buffer.from(expected), Buffer.from(mine.update)) !== 0) {
        throw new Error(`hand-encoded move differs from Yjs (note ${noteId}, move ${k}): ${Buffer.from(mine.update).toString('hex')} vs ${expected ? Buffer.from(expected).toString('hex') : 'none'}`);
      }
      cursor = mine.next;
    }
  }
}
