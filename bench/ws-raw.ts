/**
 * A WebSocket client on a bare TCP socket, for load generation. A thousand `ws` clients that
 * each parse and emit every frame saturate the load generator's core long before the server
 * is the bottleneck, so this one hands the caller every TCP chunk as it arrives (to be scanned
 * for markers without decoding anything) and walks frame headers only: it answers pings and
 * closes, and reports each data frame with its first bytes, once it is complete.
 *
 * Client-to-server frames are masked as RFC 6455 requires; server frames are never fragmented
 * by `ws` (each message is one frame). With `deflate` the client offers permessage-deflate as a
 * browser does and, once agreed, compresses every message it sends (as browsers do) and inflates
 * the compressed frames it gets: whole with `fullFrames`, else only their head (a browser would
 * inflate it all on its own CPU; a load generator that did would spend its core on it). A marker
 * appears verbatim in the byte stream only in a frame the server did not compress (Yishi
 * compresses a join's frames, never the fan-out's).
 */
import { connect, type Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';

const opContinuation = 0x0;
const opBinary = 0x2;
const opClose = 0x8;
const opPing = 0x9;
const opPong = 0xa;

/** A complete data frame: its opcode, its first `headBytes` payload bytes (all of it when `fullFrames`; inflated if it came compressed), its length on the wire. */
export interface FrameInfo {
  opcode: number;
  head: Buffer;
  length: number;
}

export interface RawWsHandlers {
  /** The upgrade succeeded; called before any frame that came with the answer is handled. */
  onOpen?(ws: RawWebSocket): void;
  /** Every chunk of server bytes after the handshake, headers included, with its arrival time (valid during the call only). */
  onChunk(chunk: Buffer, at: number): void;
  onFrame(frame: FrameInfo, at: number): void;
  /** The connection ended (a close frame, or the TCP socket closing without one: 1006). */
  onClose(code: number, reason: string): void;
}

export interface RawWsOptions {
  /** ws://host:port/path?query */
  url: string;
  handlers: RawWsHandlers;
  /** How many first bytes of each data frame `onFrame` gets; default 64. */
  headBytes?: number;
  /** Hand `onFrame` whole payloads (for a client that needs a full sync step 2). */
  fullFrames?: boolean;
  /** Offer permessage-deflate as Chrome does (`permessage-deflate; client_max_window_bits`). */
  deflate?: boolean;
  timeoutMs: number;
}

/** What Chrome offers. */
const browserDeflateOffer = 'permessage-deflate; client_max_window_bits';
const deflateTrailer = Buffer.from([0x00, 0x00, 0xff, 0xff]);
/** Compressed bytes inflated for a frame's head: a deflate block's code tables take at most a few hundred. */
const compressedHeadBytes = 1024;

const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const sharedReadBuffer = Buffer.allocUnsafe(256 * 1024);

export class RawWebSocket {
  private closed = false;
  /** The server agreed to permessage-deflate: messages go compressed, RSV1 frames are inflated. */
  private deflating = false;
  private compressed = false;
  // Frame walker state: bytes of a header cut by a chunk end, and the frame being read.
  private pending: Buffer | null = null;
  private inFrame = false;
  private remaining = 0;
  private opcode = 0;
  private length = 0;
  private want = 0;
  private got = 0;
  private parts: Buffer[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly opts: RawWsOptions,
  ) {}

  /** Performs the HTTP upgrade; resolves once the server answered 101. */
  static open(opts: RawWsOptions): Promise<RawWebSocket> {
    const url = new URL(opts.url);
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(key + guid).digest('base64');
    let onBytes: (chunk: Buffer) => void = () => {};
    // Reads land in one buffer shared by every socket and are handled synchronously: no
    // allocation and no stream machinery per read. Whatever is kept past the callback is copied.
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      onread: {
        buffer: sharedReadBuffer,
        callback: (bytes: number, buf: Uint8Array) => {
          onBytes(Buffer.from(buf.buffer, buf.byteOffset, bytes));
          return true;
        },
      },
    });
    socket.setNoDelay(true);
    const ws = new RawWebSocket(socket, opts);
    return new Promise((resolve, reject) => {
      let response = Buffer.alloc(0);
      let upgraded = false;
      const timer = setTimeout(() => fail(new Error(`no upgrade answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        ws.closed = true;
        socket.destroy();
        reject(err);
      };
      socket.once('connect', () => {
        socket.write(
          `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
            (opts.deflate ? `Sec-WebSocket-Extensions: ${browserDeflateOffer}\r\n` : '') +
            '\r\n',
        );
      });
      socket.on('error', (err) => (upgraded ? ws.ended(1006, err.message) : fail(err)));
      socket.on('close', () => (upgraded ? ws.ended(1006, 'socket closed without a close frame') : fail(new Error('closed during the upgrade'))));
      onBytes = (chunk: Buffer) => {
        const at = performance.now();
        if (upgraded) {
          ws.receive(chunk, at);
          return;
        }
        response = Buffer.concat([response, chunk]);
        const end = response.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = response.subarray(0, end).toString('latin1');
        const status = head.slice(0, head.indexOf('\r\n'));
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          fail(new Error(`upgrade refused: ${status} ${response.subarray(end + 4, end + 204).toString('utf8')}`));
          return;
        }
        const accepted = head.split('\r\n').some((line) => /^sec-websocket-accept:/i.test(line) && line.slice(line.indexOf(':') + 1).trim() === accept);
        if (!accepted) {
          fail(new Error('upgrade answered with a wrong Sec-WebSocket-Accept'));
          return;
        }
        const agreed = head.split('\r\n').find((line) => /^sec-websocket-extensions:/i.test(line));
        if (agreed && !opts.deflate) {
          fail(new Error(`upgrade answered with an extension that was not offered: ${agreed}`));
          return;
        }
        if (agreed) {
          // Compressed server frames are inflated one by one, which needs each to stand alone.
          if (!/permessage-deflate/.test(agreed) || !/server_no_context_takeover/.test(agreed)) {
            fail(new Error(`this client inflates only messages that stand alone: ${agreed}`));
            return;
          }
          ws.deflating = true;
        }
        clearTimeout(timer);
        upgraded = true;
        opts.handlers.onOpen?.(ws);
        resolve(ws);
        const rest = response.subarray(end + 4);
        if (rest.length > 0) ws.receive(rest, at);
      };
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends one binary message (compressed once deflate is agreed, as a browser does); false when the connection is gone. */
  send(payload: Uint8Array): boolean {
    if (this.closed) return false;
    if (!this.deflating) {
      this.socket.write(maskedFrame(opBinary, payload));
      return true;
    }
    // Each message compressed on its own, which is right whether or not the server lets a client keep its context.
    const out = zlib.deflateRawSync(payload, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    this.socket.write(maskedFrame(opBinary, out.subarray(0, out.length - deflateTrailer.length), true));
    return true;
  }

  /** Drops the connection at once (as `ws.terminate()`); no close callback follows. */
  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  private ended(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.opts.handlers.onClose(code, reason);
  }

  private receive(chunk: Buffer, at: number): void {
    if (this.closed) return;
    this.opts.handlers.onChunk(chunk, at);
    this.walk(chunk, at);
  }

  private walk(chunk: Buffer, at: number): void {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let pos = 0;
    while (pos < buf.length && !this.closed) {
      if (!this.inFrame) {
        const avail = buf.length - pos;
        if (avail < 2) {
          this.pending = Buffer.from(buf.subarray(pos));
          return;
        }
        const b0 = buf[pos]!;
        const b1 = buf[pos + 1]!;
        let len = b1 & 0x7f;
        let headerLength = len === 126 ? 4 : len === 127 ? 10 : 2;
        if (b1 & 0x80) headerLength += 4; // a masked server frame is a protocol error, but cheap to skip
        if (avail < headerLength) {
          this.pending = Buffer.from(buf.subarray(pos));
          return;
        }
        if (len === 126) len = buf.readUInt16BE(pos + 2);
        else if (len === 127) len = Number(buf.readBigUInt64BE(pos + 2));
        pos += headerLength;
        const op = b0 & 0x0f;
        if (op !== opContinuation) this.opcode = op;
        const control = this.opcode >= 0x8;
        this.inFrame = true;
        this.length = len;
        this.remaining = len;
        this.compressed = (b0 & 0x40) !== 0;
        // A compressed frame's first bytes are inflated from the first KB of it (its head), unless the whole is wanted.
        this.want = control || this.opts.fullFrames ? len : Math.min(len, this.compressed ? compressedHeadBytes : (this.opts.headBytes ?? 64));
        this.got = 0;
        this.parts = [];
        if (len === 0) this.finishFrame(at);
        continue;
      }
      const take = Math.min(this.remaining, buf.length - pos);
      if (this.got < this.want) {
        const n = Math.min(take, this.want - this.got);
        // A copy: the read buffer is reused once this callback returns.
        this.parts.push(Buffer.from(buf.subarray(pos, pos + n)));
        this.got += n;
      }
      pos += take;
      this.remaining -= take;
      if (this.remaining === 0) this.finishFrame(at);
    }
  }

  private finishFrame(at: number): void {
    this.inFrame = false;
    let payload = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    if (this.compressed) {
      if (!this.deflating) throw new Error('a compressed frame without permessage-deflate agreed');
      // A sync flush decodes what the bytes given hold without asking for the rest: a head from a head.
      payload = zlib.inflateRawSync(this.opts.fullFrames ? Buffer.concat([payload, deflateTrailer]) : payload, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      if (!this.opts.fullFrames) payload = payload.subarray(0, this.opts.headBytes ?? 64);
    }
    switch (this.opcode) {
      case opPing:
        this.socket.write(maskedFrame(opPong, payload));
        return;
      case opPong:
        return;
      case opClose: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.subarray(2).toString('utf8');
        // Answer the close as a client should, then let the server end the TCP connection.
        if (!this.closed) this.socket.write(maskedFrame(opClose, payload.subarray(0, 2)));
        this.ended(code, reason);
        return;
      }
      default:
        this.opts.handlers.onFrame({ opcode: this.opcode, head: payload, length: this.length }, at);
    }
  }
}

/** One client frame: FIN, RSV1 when `compressed`, the opcode, the mask bit and a fresh masking key. */
export function maskedFrame(opcode: number, payload: Uint8Array, compressed = false): Buffer {
  const len = payload.length;
  const lengthBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const frame = Buffer.allocUnsafe(2 + lengthBytes + 4 + len);
  frame[0] = 0x80 | (compressed ? 0x40 : 0) | opcode;
  if (lengthBytes === 0) frame[1] = 0x80 | len;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  const maskAt = 2 + lengthBytes;
  randomBytes(4).copy(frame, maskAt);
  const dataAt = maskAt + 4;
  for (let i = 0; i < len; i++) frame[dataAt + i] = payload[i]! ^ frame[maskAt + (i & 3)]!;
  return frame;
}
