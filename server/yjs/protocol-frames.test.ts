/** The frames the server writes are byte for byte what lib0's encoder (and so every y-websocket client) reads and writes. */
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { awarenessFrame, decodeMessage, MessageType, SyncStep, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol-frames.ts';

/** The same frame through lib0's encoder, as y-protocols writes it. */
function viaLib0(head: number[], payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  for (const h of head) encoding.writeVarUint(e, h);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

// Payload lengths around each varUint length boundary (1, 2 and 3 bytes of length).
const sizes = [0, 1, 127, 128, 129, 16383, 16384, 16385, 300_000];
const payload = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
/** Byte equality without a deep comparison per element (slow on a 300 KB frame). */
const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

describe('protocol frames', () => {
  it.each(sizes)('a %i-byte payload is framed exactly as lib0 frames it, and decodes back', (n) => {
    const p = payload(n);
    expect(hex(syncStep1Frame(p))).toBe(hex(viaLib0([MessageType.sync, SyncStep.step1], p)));
    expect(hex(syncStep2Frame(p))).toBe(hex(viaLib0([MessageType.sync, SyncStep.step2], p)));
    expect(hex(updateFrame(p))).toBe(hex(viaLib0([MessageType.sync, SyncStep.update], p)));
    expect(hex(awarenessFrame(p))).toBe(hex(viaLib0([MessageType.awareness], p)));
    const back = decodeMessage(updateFrame(p));
    if (back.type !== 'update') throw new Error(`decoded as ${back.type}`);
    expect(hex(back.update)).toBe(hex(p));
  });
});
