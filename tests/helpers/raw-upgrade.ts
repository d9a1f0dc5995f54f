/**
 * A WebSocket client over a bare TCP socket, for tests that must put frames on the wire in the
 * same write as the upgrade request (so they reach the server before it has authenticated), and
 * read the HTTP status or the close frame the server answers with.
 */
import net from 'node:net';

/** A masked client frame (mask key 0, so the payload goes as is); `compressed` sets RSV1 (permessage-deflate). */
export function clientFrame(payload: Uint8Array, opcode = 2, compressed = false): Buffer {
  const len = payload.byteLength;
  const first = 0x80 | (compressed ? 0x40 : 0) | opcode;
  const head = len < 126 ? Buffer.from([first, 0x80 | len]) : Buffer.from([first, 0x80 | 126, len >> 8, len & 0xff]);
  if (len > 0xffff) throw new Error('frame too large for this helper');
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}

export interface RawUpgradeResult {
  /** The HTTP status of the upgrade answer (101 when it became a WebSocket). */
  status: number;
  /** The close code the server sent, if any. */
  closeCode: number | null;
  closeReason: string;
  /** Data frames received before the close. */
  dataFrames: number;
  /** Each data frame's payload length and whether it came compressed (RSV1). */
  frames: { length: number; compressed: boolean }[];
  /** The upgrade answer's Sec-WebSocket-Extensions, if any. */
  extensions: string | null;
}

/**
 * Sends the upgrade request plus `frames` in one write; resolves when the server ends the
 * connection or after `waitMs`. `extensions`: a Sec-WebSocket-Extensions offer.
 */
export function rawUpgrade(httpBase: string, path: string, frames: Buffer[] = [], waitMs = 3000, extensions?: string): Promise<RawUpgradeResult> {
  const { hostname, port } = new URL(httpBase);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let buf = Buffer.alloc(0);
    const result: RawUpgradeResult = { status: 0, closeCode: null, closeReason: '', dataFrames: 0, frames: [], extensions: null };
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(result);
    };
    const timer = setTimeout(finish, waitMs);
    sock.on('error', reject);
    sock.on('close', finish);
    sock.on('connect', () => {
      const req = [
        `GET ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13',
        ...(extensions ? [`Sec-WebSocket-Extensions: ${extensions}`] : []), '', '',
      ].join('\r\n');
      sock.write(Buffer.concat([Buffer.from(req), ...frames]));
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (result.status === 0) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        result.status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0);
        result.extensions = /^sec-websocket-extensions:\s*(.*)$/im.exec(head)?.[1] ?? null;
        buf = buf.subarray(end + 4);
        if (result.status !== 101) return finish();
      }
      // Server frames are unmasked: opcode, 7/16/64-bit length, payload.
      while (buf.length >= 2) {
        const buf0 = buf[0]!;
        const opcode = buf0 & 0x0f;
        let len = buf[1]! & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (opcode === 8) {
          result.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
          result.closeReason = payload.subarray(2).toString();
          return finish();
        }
        if (opcode === 1 || opcode === 2) {
          result.dataFrames++;
          result.frames.push({ length: len, compressed: (buf0 & 0x40) !== 0 });
        }
      }
    });
  });
}
