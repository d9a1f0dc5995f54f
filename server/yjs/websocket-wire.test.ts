import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { MaxSharedFramePayload, sharedBinaryFrame } from './websocket-wire.ts';

const sizes = [0, 1, 125, 126, 127, 1000, MaxSharedFramePayload];
const payloadOf = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);

describe('sharedBinaryFrame', () => {
  let wss: WebSocketServer;
  let url: string;
  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    // Each client gets every size written raw to its socket, with one ws.send in between: the order holds.
    wss.on('connection', (ws, req) => {
      for (const n of sizes) {
        req.socket.write(sharedBinaryFrame(payloadOf(n))!);
        if (n === 126) ws.send(new Uint8Array([9, 9, 9]));
      }
    });
  });
  afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

  it('a real ws client reads every length form as the binary message it holds, in order with ws.send', async () => {
    const client = new WebSocket(url);
    const got: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data: Buffer, isBinary) => {
        expect(isBinary).toBe(true);
        got.push(data);
        if (got.length === sizes.length + 1) resolve();
      });
      client.on('error', reject);
    });
    client.close();
    const want = sizes.flatMap((n) => (n === 126 ? [payloadOf(n), new Uint8Array([9, 9, 9])] : [payloadOf(n)]));
    expect(got.map((b) => [...b])).toEqual(want.map((p) => [...p]));
  });

  it('frames a payload once while it lives', () => {
    const payload = new Uint8Array([0, 2, 3, 1, 2, 3]);
    const first = sharedBinaryFrame(payload);
    expect(sharedBinaryFrame(payload)).toBe(first);
    expect(sharedBinaryFrame(new Uint8Array(payload))).not.toBe(first);
  });

  it('leaves a payload over the limit to ws', () => {
    expect(sharedBinaryFrame(new Uint8Array(MaxSharedFramePayload + 1))).toBeNull();
  });
});
