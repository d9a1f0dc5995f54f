/**
 * A WebSocket binary frame (RFC 6455 §5.2, server to client: unmasked, final) built once per
 * payload and written as it is to every socket that gets it. The fan-out hands the same payload
 * to a thousand tablets a window; through `ws.send` each send would frame it again and write header
 * and payload as two buffers. Profiled at 300 concerns/s to 1,000 tablets, that framing and
 * the two-buffer write were about a third of the fan-out's time, the kernel's write the rest.
 */

/** Payloads up to this size keep their frame while the payload lives; larger ones (a join's full state) are framed by `ws`. */
export const MaxSharedFramePayload = 0xffff;

const frames = new WeakMap<Uint8Array, Buffer>();

/** The frame holding `payload`, or null when it is too large to keep a copy of (send it through `ws`). */
export function sharedBinaryFrame(payload: Uint8Array): Buffer | null {
  const known = frames.get(payload);
  if (known) return known;
  if (payload.length > MaxSharedFramePayload) return null;
  const frame = serverFrame(0x82, payload); // FIN, opcode 2 (binary)
  frames.set(payload, frame);
  return frame;
}

/** A server frame (unmasked) of `payload` whose first byte is `first` (FIN, RSV1, opcode): one buffer, header and payload. */
export function serverFrame(first: number, payload: Uint8Array): Buffer {
  const n = payload.length;
  // Lengths to 125 fit the second byte; to 65,535 the marker 126 and two more bytes; past that 127 and eight.
  const head = n < 126 ? 2 : n <= 0xffff ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = first;
  if (n < 126) frame[1] = n;
  else if (n <= 0xffff) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(payload, head);
  return frame;
}
