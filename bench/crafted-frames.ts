/**
 * Hand-built y-websocket frames for `npm run bench:stall`: each one is something a hostile or
 * broken client can send in a single WebSocket message, built byte by byte with lib0 in the
 * Yjs V1 update format (node_modules/yjs/src/utils/encoding.js writeStructs,
 * UpdateEncoder.js, DeleteSet.js writeDeleteSet), because Y.Doc would merge or garbage-collect
 * the very structs these frames are about.
 *
 * V1 update: varUint #client blocks; per block varUint #structs, varUint client, varUint first
 * clock, then the structs; then the delete set: varUint #clients; per client varUint client,
 * varUint #ranges, then (varUint clock, varUint len) per range (absolute clocks in V1).
 * A struct starts with an info byte: the content ref in its low 5 bits (GC 0, Deleted 1,
 * String 4, Any 8; 10 is a Skip), bit 8 = has origin, bit 7 = has right origin, bit 6 = has a
 * parentSub (a map key). With an origin the parent is inherited from it and not written.
 */
import * as encoding from 'lib0/encoding';

/** A Yjs struct ID. */
export interface StructId {
  client: number;
  clock: number;
}

const ContentRef = { gc: 0, deleted: 1, any: 8 } as const;
const HasOrigin = 0b1000_0000;
const HasParentSub = 0b0010_0000;

/** Wraps an update as a y-websocket sync "update" message: [0 sync][2 update][varUint8Array]. */
export function updateMessage(update: Uint8Array): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A sync step 1 message asking for everything the sender lacks, given its state vector. */
export function syncStep1Message(stateVector: Uint8Array): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** The state vector of an empty document: no clients (a fresh device's first step 1). */
export const emptyStateVector = new Uint8Array([0]);

/**
 * `count` Items from one new client, each setting the same map field again to the integer 0
 * (what `map.set(field, 0)` writes, without Yjs merging them): the first one's origin is the
 * field's current Item, each next one's origin the one before, so every struct lands in the
 * same field of the same entry (notes.<id>.x, say). ~8 bytes a struct with a one-byte client.
 */
export function fieldSetChain(clientId: number, currentField: StructId, count: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 1); // one client block
    encoding.writeVarUint(e, count);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, 0); // first clock
    for (let clock = 0; clock < count; clock++) {
      const origin = clock === 0 ? currentField : { client: clientId, clock: clock - 1 };
      encoding.writeUint8(e, ContentRef.any | HasOrigin | HasParentSub);
      encoding.writeVarUint(e, origin.client);
      encoding.writeVarUint(e, origin.clock);
      encoding.writeVarUint(e, 1); // ContentAny of one value
      encoding.writeAny(e, 0);
    }
    encoding.writeVarUint(e, 0); // empty delete set
  });
}

/**
 * No structs, and a delete set of `count` one-clock ranges (0, 1, 2, …) of a client the board
 * has never seen: Yjs would keep such deletions pending, so the guard must refuse them, after
 * decoding all of them. Clocks stay small so 250,000 ranges fit under 1 MiB.
 */
export function unknownDeleteRanges(client: number, count: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 0); // no structs
    writeAdjacentRanges(e, client, count);
  });
}

/**
 * One struct of `length` already-deleted clocks appended to the end of a Y.Text (after
 * `lastChar`, e.g. an action's title, which a moderator may edit), and a delete set that deletes
 * it again in `length` one-clock ranges: nothing visible changes, the text does not grow, so the
 * guard checks every range and admits the update, and Yjs applies it.
 */
export function deletedRunWithRanges(clientId: number, lastChar: StructId, length: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, ContentRef.deleted | HasOrigin);
    encoding.writeVarUint(e, lastChar.client);
    encoding.writeVarUint(e, lastChar.clock);
    encoding.writeVarUint(e, length); // ContentDeleted's length
    writeAdjacentRanges(e, clientId, length);
  });
}

/**
 * One GC struct of length 1 at clock 0 for each of `count` new client ids (consecutive from
 * `firstClient`, large enough to take five bytes each, like real random ids): a GC changes no
 * content, but each new client is a new entry in the board's state vector, kept for ever and
 * sent to every device that joins.
 */
export function gcForNewClients(firstClient: number, count: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, count);
    for (let i = 0; i < count; i++) {
      encoding.writeVarUint(e, 1); // one struct in this block
      encoding.writeVarUint(e, firstClient + i);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, ContentRef.gc);
      encoding.writeVarUint(e, 1); // its length
    }
    encoding.writeVarUint(e, 0);
  });
}

/** One GC struct of a new client claiming `length` clocks (10^12, say): a state vector entry that large. */
export function gcClaimingLength(client: number, length: number): Uint8Array {
  return bytes((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, 0);
    encoding.writeUint8(e, ContentRef.gc);
    encoding.writeVarUint(e, length);
    encoding.writeVarUint(e, 0);
  });
}

/**
 * `count` awareness messages from one awareness client id, clocks 1…count, each a small state
 * like the one the Yishi client publishes ({ outbox: { queued, failed } }): a burst to be sent
 * back to back on one connection.
 */
export function awarenessBurst(awarenessId: number, count: number): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let clock = 1; clock <= count; clock++) {
    const inner = bytes((e) => {
      encoding.writeVarUint(e, 1); // one entry
      encoding.writeVarUint(e, awarenessId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify({ outbox: { queued: clock % 7, failed: 0 } }));
    });
    frames.push(bytes((e) => {
      encoding.writeVarUint(e, 1); // awareness
      encoding.writeVarUint8Array(e, inner);
    }));
  }
  return frames;
}

function writeAdjacentRanges(e: encoding.Encoder, client: number, count: number): void {
  encoding.writeVarUint(e, 1); // one client in the delete set
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, count);
  for (let clock = 0; clock < count; clock++) {
    encoding.writeVarUint(e, clock);
    encoding.writeVarUint(e, 1);
  }
}

function bytes(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
