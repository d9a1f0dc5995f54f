import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { adoptDeflate, boardDeflateOptions, deflatedBinaryFrame } from './websocket-deflate.ts';

const maxPayload = 256 * 1024;
const payloadOf = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) % 251);

/** ws's private per-connection extension object: the tests look at it to see that ws's own (with its zlib streams) is gone. */
type Extension = { _inflate?: unknown; params: Record<string, unknown> };
type Extensions = Record<string, Extension | undefined>;
const extensionOf = (ws: WebSocket) => (ws as unknown as { _extensions: Extensions })._extensions['permessage-deflate'];
/** The extension objects ws's receiver and sender use for the connection. */
const usedBy = (ws: WebSocket) => {
  const parts = ws as unknown as { _receiver: { _extensions: Extensions }; _sender: { _extensions: Extensions } };
  return [parts._receiver._extensions['permessage-deflate'], parts._sender._extensions['permessage-deflate']];
};

describe('permessage-deflate on board sockets', () => {
  let wss: WebSocketServer;
  let url: string;
  const served: { ws: WebSocket; takesDeflated: boolean; raw: Duplex }[] = [];

  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, maxPayload, perMessageDeflate: boardDeflateOptions });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    // The server echoes every message (ws.send: never compressed) and says after each whether ws keeps an inflate stream.
    wss.on('connection', (ws, req) => {
      const takesDeflated = adoptDeflate(ws, maxPayload);
      served.push({ ws, takesDeflated, raw: req.socket });
      ws.on('error', () => undefined); // a refused message: ws reports it after the close below
      ws.on('message', (data: Buffer) => {
        ws.send(data);
        ws.send(JSON.stringify({ inflateStream: usedBy(ws).some((e) => e?._inflate != null) }));
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

  const open = async (perMessageDeflate: boolean | PerMessageDeflateOptions) => {
    const client = new WebSocket(url, { perMessageDeflate });
    await new Promise<void>((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    return { client, server: served.at(-1)! };
  };
  const messages = (client: WebSocket, n: number) =>
    new Promise<{ data: Buffer; isBinary: boolean }[]>((resolve) => {
      const got: { data: Buffer; isBinary: boolean }[] = [];
      client.on('message', (data: Buffer, isBinary) => {
        got.push({ data, isBinary });
        if (got.length === n) resolve(got);
      });
    });
  const closed = (client: WebSocket) => new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));

  it('asks for both sides without context takeover, and says the peer takes the shared compressed frames', async () => {
    const { client, server } = await open(true);
    expect(server.takesDeflated).toBe(true);
    expect(extensionOf(client)?.params).toMatchObject({ server_no_context_takeover: true, client_no_context_takeover: true });
    client.close();
  });

  it('inflates every compressed message whole, with no inflate stream kept between messages', async () => {
    // threshold 0: the client compresses every message, as browsers do.
    const { client, server } = await open({ threshold: 0 });
    // ws's own extension object is replaced, for its receiver and its sender too.
    const ext = extensionOf(server.ws);
    expect(ext?.constructor.name).not.toBe('PerMessageDeflate');
    for (const used of usedBy(server.ws)) expect(used).toBe(ext);
    const sizes = [0, 1, 125, 5000, 70_000, maxPayload];
    const got = messages(client, 2 * sizes.length);
    for (const n of sizes) client.send(payloadOf(n));
    const replies = await got;
    for (const [i, n] of sizes.entries()) {
      expect([...replies[2 * i]!.data]).toEqual([...payloadOf(n)]);
      expect(JSON.parse(replies[2 * i + 1]!.data.toString())).toEqual({ inflateStream: false });
    }
    client.close();
  });

  it('inflates a message sent compressed in fragments', async () => {
    const { client } = await open({ threshold: 0 });
    const got = messages(client, 2);
    const whole = payloadOf(9000);
    client.send(whole.subarray(0, 4000), { fin: false });
    client.send(whole.subarray(4000, 8000), { fin: false });
    client.send(whole.subarray(8000), { fin: true });
    const [echo] = await got;
    expect([...echo!.data]).toEqual([...whole]);
    client.close();
  });

  it('closes with 1009 a message that inflates past the limit, though its compressed bytes are few', async () => {
    const { client } = await open({ threshold: 0 });
    const code = closed(client);
    client.send(new Uint8Array(maxPayload + 1));
    expect(await code).toBe(1009);
  });

  it('closes with 1007 a compressed message that does not inflate', async () => {
    const { client, server } = await open({ threshold: 0 });
    const code = closed(client);
    // A compressed frame (RSV1) whose bytes are no deflate stream: block type 3 is reserved.
    const sock = (client as unknown as { _socket: Duplex })._socket;
    sock.write(Buffer.from([0xc2, 0x80 | 4, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]));
    expect(await code).toBe(1007);
    expect(server.ws.readyState).not.toBe(WebSocket.OPEN);
  });

  it('does not take shared compressed frames from a peer that limits the server window', async () => {
    const { client, server } = await open({ serverMaxWindowBits: 10 });
    expect(server.takesDeflated).toBe(false);
    client.close();
  });

  it('is not adopted without the extension: ws inflates nothing and the peer takes no compressed frame', async () => {
    const { client, server } = await open(false);
    expect(server.takesDeflated).toBe(false);
    client.close();
  });

  it('a compressed frame written raw reaches a real ws client as the message it holds, in order with ws.send; made once per payload', async () => {
    const { client, server } = await open(true);
    // Repetitive, random (incompressible: a compressed length past 65,535) and empty payloads.
    const payloads = [payloadOf(3000), new Uint8Array(randomBytes(100_000)), new Uint8Array(0)];
    const frames = await Promise.all(payloads.map((p) => deflatedBinaryFrame(p)));
    expect(frames[0]!.length).toBeLessThan(payloads[0]!.length / 4);
    expect(await deflatedBinaryFrame(payloads[0]!)).toBe(frames[0]);
    const got = messages(client, payloads.length + 1);
    server.raw.write(frames[0]!);
    server.ws.send(new Uint8Array([9, 9, 9]));
    for (const f of frames.slice(1)) server.raw.write(f);
    const received = await got;
    expect(received.every((m) => m.isBinary)).toBe(true);
    expect(received.map((m) => [...m.data])).toEqual([[...payloads[0]!], [9, 9, 9], [...payloads[1]!], []]);
    client.close();
  });
});
