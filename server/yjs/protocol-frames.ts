/**
 * The y-websocket wire format, decoded without touching a document so the server can
 * authorise before anything is applied: [varUint messageType][payload].
 * sync = 0 ([varUint step][varUint8Array data]: 0 step1 state vector, 1 step2 update, 2 update),
 * awareness = 1 ([varUint8Array awarenessUpdate]), auth = 2, queryAwareness = 3.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

export type InboundMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** Decodes one frame; throws on anything malformed (the caller closes the connection). */
export function decodeMessage(frame: Uint8Array): InboundMessage {
  const d = decoding.createDecoder(frame);
  const type = decoding.readVarUint(d);
  let msg: InboundMessage;
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(d);
      const data = readExactUint8Array(d);
      if (step === SyncStep.step1) msg = { type: 'sync-step1', stateVector: data };
      else if (step === SyncStep.step2) msg = { type: 'sync-step2', update: data };
      else if (step === SyncStep.update) msg = { type: 'update', update: data };
      else throw new Error(`unknown sync step ${step}`);
      break;
    }
    case MessageType.awareness:
      msg = { type: 'awareness', update: readExactUint8Array(d) };
      break;
    case MessageType.queryAwareness:
      msg = { type: 'query-awareness' };
      break;
    default:
      throw new Error(`unknown message type ${type}`);
  }
  if (d.pos !== frame.length) throw new Error('trailing bytes after message');
  return msg;
}

/** The number of entries a state vector (sync step 1) claims to hold, read without decoding them. */
export function stateVectorEntries(stateVector: Uint8Array): number {
  return stateVector.length === 0 ? 0 : decoding.readVarUint(decoding.createDecoder(stateVector));
}

/**
 * Whether a sync step 1's state vector is a new client's (it holds nothing: no entries, or none
 * encoded). Such a client is sent the board's cached encoding, shared by every new client.
 */
export function isNewClient(stateVector: Uint8Array): boolean {
  return stateVector.length <= 1;
}

/** lib0's readVarUint8Array silently truncates a length past the end; we refuse it. */
function readExactUint8Array(d: decoding.Decoder): Uint8Array {
  const len = decoding.readVarUint(d);
  if (len > d.arr.length - d.pos) throw new Error('length runs past the end of the frame');
  return decoding.readUint8Array(d, len);
}

/** Bytes of `n` as a lib0 varUint. */
function varUintLength(n: number): number {
  let len = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/**
 * `[varUint type][varUint step]?[varUint length][payload]`, allocated once at its exact size: a
 * board's full state is ~1 MB, and lib0's growing encoder would copy it twice and allocate double.
 */
function framed(head: number[], payload: Uint8Array): Uint8Array {
  const headLen = head.length + varUintLength(payload.length);
  const out = new Uint8Array(headLen + payload.length);
  const e = encoding.createEncoder();
  for (const h of head) encoding.writeVarUint(e, h);
  encoding.writeVarUint(e, payload.length);
  out.set(encoding.toUint8Array(e), 0);
  out.set(payload, headLen);
  return out;
}

/** Sync step 1: the server's state vector, asking the client for what the server lacks. */
export function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  return framed([MessageType.sync, SyncStep.step1], stateVector);
}

/** Sync step 2: what the client lacks. */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
  return framed([MessageType.sync, SyncStep.step2], update);
}

/** A live update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return framed([MessageType.sync, SyncStep.update], update);
}

/** An awareness update. */
export function awarenessFrame(awarenessUpdate: Uint8Array): Uint8Array {
  return framed([MessageType.awareness], awarenessUpdate);
}
