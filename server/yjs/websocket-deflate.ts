/**
 * permessage-deflate (RFC 7692) on board connections, as every browser offers it. What a new
 * tablet is sent on joining is the whole board: 1.4 MB at 5,000 concerns, most of a join's
 * server CPU (the kernel's copy) and seconds on a hall's Wi-Fi. Deflated, about a fifth.
 *
 * - **Out.** Only a join's large frames are compressed (`deflatedBinaryFrame`), once per payload: the
 *   cached whole-board encoding is compressed the first time a tablet needs it and the same
 *   frame is written to every new tablet after. That needs `server_no_context_takeover` (each
 *   message stands alone, so one compressed frame is right for any socket), which the server
 *   may always ask for. `ws` itself compresses nothing (threshold Infinity): its compression is
 *   asynchronous, and frames it queued would be overtaken by those written raw (websocket-wire.ts).
 *   The fan-out's small frames are not compressed: a window's frame is a few hundred bytes to a
 *   few KB, and a thousand tablets each inflating it costs more than it saves.
 * - **In.** Browsers then compress every message they send. `ws` inflates through a zlib
 *   stream per connection that it keeps for the connection's life: about 10 KB of native memory
 *   and buffers per tablet, more than the rest of an idle tablet's connection. With
 *   `client_no_context_takeover` (asked for in the answer; browsers honour it) each message
 *   stands alone, so it is inflated here in one synchronous call when its last fragment arrives
 *   and nothing stays allocated between messages: short messages without zlib (small-inflate.ts),
 *   others with `zlib.inflateRawSync`.
 *   Inflating stops at the frame limit (close 1009); bytes that do not inflate close with 1007.
 *   This replaces ws's extension object on the connection (`adoptDeflate`), a private part of
 *   ws 8: websocket-deflate.test.ts fails if ws stops using the replacement.
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { PerMessageDeflateOptions, WebSocket } from 'ws';
import { CloseCodes } from '../../shared/errors.ts';
import { serverFrame } from './websocket-wire.ts';
import { inflateSmall, InflateTooLargeError } from './small-inflate.ts';

/** The board endpoint's `perMessageDeflate` for ws's WebSocketServer. */
export const boardDeflateOptions: PerMessageDeflateOptions = {
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
  // ws compresses a message only from this size on: never (see above).
  threshold: Infinity,
};

/** Join frames shared by every new tablet are sent compressed from this size on, to sockets that negotiated it. */
export const MinDeflatedPayload = 1024;
/**
 * A frame made for one tablet (a restoring tablet's diff) is compressed for it alone: from this
 * size on, where a slow hall Wi-Fi gains more than the CPU costs (a diff of 100 concerns, 28 KB,
 * is sent as it is; compressing each raised a restoring join's CPU by about a third).
 */
export const MinDeflatedOwnPayload = 64 * 1024;
/**
 * zlib level 1: 1.34 MB of concerns to 322 KB in 6 ms, where level 6 made 294 KB in 19 ms
 * (measured once, on one core): the encoding is compressed again whenever a busy board
 * re-encodes, and the last tenth is not worth three times the CPU.
 */
const DeflateLevel = 1;
const TRAILER = Buffer.from([0x00, 0x00, 0xff, 0xff]);
/**
 * Compressed messages up to this size are first tried without zlib (small-inflate.ts): an
 * awareness renewal or a sync step is a few dozen bytes. At most ~80 KB come out of 1 KB of
 * fixed-Huffman copies, so a crafted message costs the loop well under a millisecond here.
 */
const MaxSmallInflateInput = 1024;
/** zlib's output chunks, sized to the message between these. */
const MinInflateChunk = 1024;
const MaxInflateChunk = 64 * 1024;
const deflateRaw = promisify(zlib.deflateRaw);

/** What ws 8 reads of a connection's extension object (lib/receiver.js, sender.js, websocket.js). */
interface WsDeflateExtension {
  params: Record<string, number | boolean | undefined> | null;
  _isServer: boolean;
  _threshold: number;
  decompress(data: Buffer, fin: boolean, callback: (err: Error | null, result?: Buffer) => void): void;
  compress(data: Buffer, fin: boolean, callback: (err: Error | null, result?: Buffer) => void): void;
  cleanup(): void;
}
type Extensions = Record<string, WsDeflateExtension | undefined>;
const extensionsOf = (ws: WebSocket) => (ws as unknown as { _extensions?: Extensions })._extensions;

/**
 * A board connection's extension: ws's own (a PerMessageDeflate with its options, parameters and
 * zlib streams, about 0.6 KB a tablet in an idle hall) is replaced after the handshake by this:
 * the connection's socket and the fragments of the message being received, on a prototype that
 * every connection shares.
 */
interface BoardExtension extends WsDeflateExtension {
  ws: WebSocket;
  maxPayload: number;
  parts: Buffer[] | null;
}
const sharedExtension: Omit<WsDeflateExtension, 'decompress'> & { decompress: typeof inflateWhole } = {
  // What ws's sender reads before it would compress: no context takeover, so its threshold
  // decides, and the threshold is never reached.
  params: { server_no_context_takeover: true, client_no_context_takeover: true },
  _isServer: true,
  _threshold: Infinity,
  decompress: inflateWhole,
  /** Not reached (see the threshold); correct if it were: each message compressed on its own. */
  compress(data, fin, callback) {
    const out = zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    callback(null, fin ? out.subarray(0, out.length - TRAILER.length) : out);
  },
  cleanup(this: BoardExtension) {
    this.parts = null;
  },
};

/**
 * Takes over the connection's compression (see above), if it negotiated permessage-deflate.
 * Returns whether the peer takes compressed frames that stand alone (server_no_context_takeover
 * at a full window, so the one frame made for all fits it).
 */
export function adoptDeflate(ws: WebSocket, maxPayload: number): boolean {
  const extensions = extensionsOf(ws);
  const params = extensions?.['permessage-deflate']?.params;
  if (!extensions || !params) return false;
  const own: BoardExtension = Object.assign(Object.create(sharedExtension) as BoardExtension, { ws, maxPayload, parts: null });
  // The receiver and the sender hold this same object: the connection's whole extension changes here.
  extensions['permessage-deflate'] = own;
  const serverBits = params.server_max_window_bits;
  return params.server_no_context_takeover === true && (serverBits === undefined || serverBits === 15);
}

/** ws's receiver hands each compressed fragment here and waits for the callback (which must not come synchronously). */
function inflateWhole(this: BoardExtension, data: Buffer, fin: boolean, callback: (err: Error | null, result?: Buffer) => void): void {
  if (!fin) {
    (this.parts ??= []).push(data);
    return process.nextTick(callback, null, Buffer.alloc(0));
  }
  const parts = this.parts;
  this.parts = null;
  const input = Buffer.concat(parts ? [...parts, data, TRAILER] : [data, TRAILER]);
  let out: Uint8Array;
  try {
    // Most messages are short, and zlib makes stored or fixed-Huffman blocks of them: inflated here without a zlib stream.
    out = (input.length <= MaxSmallInflateInput ? inflateSmall(input, this.maxPayload) : null) ?? inflateWithZlib(input, this.maxPayload);
  } catch (err) {
    const tooLarge = err instanceof InflateTooLargeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    // Close with the code that says why; the error then stops ws's receiver (its own close finds us closing).
    this.ws.close(tooLarge ? CloseCodes.TOO_BIG : CloseCodes.INVALID_PAYLOAD, tooLarge ? 'message too large once inflated' : 'message does not inflate');
    return process.nextTick(callback, err as Error);
  }
  process.nextTick(callback, null, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
}

/** A message with dynamic-Huffman blocks, or a long one: zlib, in one call. A full window reads any client's. */
function inflateWithZlib(input: Buffer, maxPayload: number): Buffer {
  // Output buffers sized to the message (zlib's default is 16 KB each).
  const chunkSize = Math.min(MaxInflateChunk, Math.max(MinInflateChunk, input.length * 8));
  return zlib.inflateRawSync(input, { chunkSize, finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: maxPayload });
}

const deflated = new WeakMap<Uint8Array, Promise<Buffer>>();

/**
 * The compressed binary frame (FIN, RSV1) holding `payload`, made once while the payload lives
 * (on zlib's threads, off the event loop) and shared by every socket it is written to.
 */
export function deflatedBinaryFrame(payload: Uint8Array): Promise<Buffer> {
  let frame = deflated.get(payload);
  if (!frame) {
    frame = deflateRaw(payload, { level: DeflateLevel, finishFlush: zlib.constants.Z_SYNC_FLUSH }).then((out) => {
      // A sync flush ends with an empty stored block, 00 00 ff ff, which the receiver adds back (RFC 7692 §7.2.1).
      return serverFrame(0xc2, out.subarray(0, out.length - TRAILER.length));
    });
    deflated.set(payload, frame);
  }
  return frame;
}
