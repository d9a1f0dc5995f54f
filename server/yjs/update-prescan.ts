/**
 * A bounded first pass over a client's Yjs update (V1 encoding), before Yjs decodes it. It walks
 * the bytes exactly as Yjs 13.6 reads them (readClientsStructRefs, readItemContent,
 * readDeleteSet) without building any struct, and stops at the first limit crossed, so the cost
 * of refusing a frame is bounded by the limits, not by the frame: a 100,000-struct frame is
 * refused after reading the first thousand or so structs.
 */
import * as decoding from 'lib0/decoding';

/** What one frame may carry; see FrameLimits in frame-limits.ts for the numbers and why. */
export interface UpdateLimits {
  /** Structs plus client blocks (an empty block still costs a loop in Yjs). */
  maxStructs: number;
  /** Ranges in the delete set, all clients together. */
  maxDeleteRanges: number;
  /** Longest clock run one struct may claim (GC, Skip, deleted content). */
  maxStructLength: number;
  /** Sum of the clock runs of all structs. */
  maxClocks: number;
}

export interface UpdateShape {
  structs: number;
  deleteRanges: number;
  clocks: number;
}

/** Why a prescan refused; the guard turns it into its refusal reason. */
export class PrescanRefusal extends Error {}

const Info = { gc: 0, skip: 10, contentMask: 0x1f, origin: 0x80, rightOrigin: 0x40, parentSub: 0x20 } as const;
const TypeRef = { xmlElement: 3, xmlHook: 5, maxKnown: 6 } as const;

/** Reads the update's outline; throws PrescanRefusal past a limit, or any Error on malformed bytes. */
export function prescanUpdate(update: Uint8Array, limits: UpdateLimits): UpdateShape {
  const d = decoding.createDecoder(update);
  const shape: UpdateShape = { structs: 0, deleteRanges: 0, clocks: 0 };
  const count = (n: number) => {
    shape.structs += n;
    if (shape.structs > limits.maxStructs) throw new PrescanRefusal(`more than ${limits.maxStructs} structs in one frame`);
  };
  const run = (len: number) => {
    if (len > limits.maxStructLength) throw new PrescanRefusal(`a struct claims ${len} clocks (at most ${limits.maxStructLength})`);
    shape.clocks += len;
    if (shape.clocks > limits.maxClocks) throw new PrescanRefusal(`more than ${limits.maxClocks} clocks in one frame`);
  };

  const blocks = decoding.readVarUint(d);
  for (let b = 0; b < blocks; b++) {
    count(1);
    const structs = decoding.readVarUint(d);
    decoding.readVarUint(d); // client
    decoding.readVarUint(d); // first clock
    for (let i = 0; i < structs; i++) {
      count(1);
      const info = decoding.readUint8(d);
      const kind = info & Info.contentMask;
      if (kind === Info.gc || kind === Info.skip) {
        run(decoding.readVarUint(d));
        continue;
      }
      if (info & Info.origin) skipId(d);
      if (info & Info.rightOrigin) skipId(d);
      if ((info & (Info.origin | Info.rightOrigin)) === 0) {
        if (decoding.readVarUint(d) === 1) skipString(d); // a root's name
        else skipId(d); // the parent item's id
        if (info & Info.parentSub) skipString(d);
      }
      run(skipContent(d, kind, limits.maxStructLength));
    }
  }

  const dsClients = decoding.readVarUint(d);
  for (let c = 0; c < dsClients; c++) {
    decoding.readVarUint(d); // client
    const ranges = decoding.readVarUint(d);
    // An empty client entry costs a loop too.
    shape.deleteRanges += Math.max(ranges, 1);
    if (shape.deleteRanges > limits.maxDeleteRanges) throw new PrescanRefusal(`more than ${limits.maxDeleteRanges} deleted ranges in one frame`);
    for (let r = 0; r < ranges; r++) {
      decoding.readVarUint(d); // clock
      decoding.readVarUint(d); // length
    }
  }
  return shape;
}

function skipId(d: decoding.Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

function skipBytes(d: decoding.Decoder, len: number): void {
  if (len > d.arr.length - d.pos) throw new Error('length runs past the end of the update');
  d.pos += len;
}

/** Strings are length-prefixed UTF-8: no need to decode them to step over them. */
function skipString(d: decoding.Decoder): number {
  const len = decoding.readVarUint(d);
  skipBytes(d, len);
  return len;
}

/** Steps over an Item's content; returns the clock run Yjs gives it (an upper bound for strings). */
function skipContent(d: decoding.Decoder, kind: number, maxLength: number): number {
  const many = (n: number) => {
    if (n > maxLength) throw new PrescanRefusal(`a struct claims ${n} clocks (at most ${maxLength})`);
    return n;
  };
  switch (kind) {
    case 1: // ContentDeleted
      return decoding.readVarUint(d);
    case 2: { // ContentJSON: n JSON strings
      const n = many(decoding.readVarUint(d));
      for (let i = 0; i < n; i++) skipString(d);
      return n;
    }
    case 3: // ContentBinary
      skipString(d);
      return 1;
    case 4: // ContentString: its UTF-16 length is at most its UTF-8 byte length
      return Math.max(1, skipString(d));
    case 5: // ContentEmbed: one JSON string
      skipString(d);
      return 1;
    case 6: // ContentFormat: key and JSON value
      skipString(d);
      skipString(d);
      return 1;
    case 7: { // ContentType
      const ref = decoding.readVarUint(d);
      if (ref > TypeRef.maxKnown) throw new Error(`unknown type ref ${ref}`);
      if (ref === TypeRef.xmlElement || ref === TypeRef.xmlHook) skipString(d);
      return 1;
    }
    case 8: { // ContentAny: n values
      const n = many(decoding.readVarUint(d));
      for (let i = 0; i < n; i++) decoding.readAny(d);
      return n;
    }
    case 9: // ContentDoc: guid and options
      skipString(d);
      decoding.readAny(d);
      return 1;
    default:
      throw new Error(`unknown content kind ${kind}`);
  }
}
