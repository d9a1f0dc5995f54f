/**
 * permessage-deflate on the Yjs endpoint (docs/API.md, "Compression"): a client that offers it,
 * as browsers do, gets a join's large frames compressed and may compress everything it sends; a
 * client that does not offer it gets the same frames plain. A compressed message that inflates
 * past the frame limit closes with 1009, one that does not inflate with 1007.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import zlib from 'node:zlib';
import * as Y from 'yjs';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced, type ProviderClient } from './helpers/clients.ts';
import { useOpenClients } from './helpers/open-clients.ts';
import { syncFrame } from './helpers/raw-yjs-client.ts';
import { clientFrame, rawUpgrade } from './helpers/raw-upgrade.ts';
import { notesMap } from '../shared/board-doc.ts';
import type { CreateSessionResponse } from '../shared/http-api.ts';

const maxFrame = 64 * 1024;
const concerns = 60;
let server: TestServer;
let session: CreateSessionResponse;
let boardId: string;
const open = useOpenClients();

beforeAll(async () => {
  server = await startServer({ maxYjsFrameBytes: maxFrame });
  session = await createSession(server.url, 'Compression');
  boardId = session.boards[0]!.id;
  const fac = await connectSocket(server.url, session.facilitatorToken);
  open.sockets.push(fac);
  for (let i = 0; i < concerns; i++) {
    expect(await command(fac, 'note:add', { boardId, text: `The bins behind block ${i} overflow every weekend` })).toMatchObject({ ok: true });
  }
});

afterAll(async () => {
  await server?.close();
});

const residentToken = async () => (await join(server.url, session.joinCode)).token;
const yjsPath = (token: string) => `/yjs/${boardId}?token=${encodeURIComponent(token)}`;
/** What Chrome offers. */
const browserOffer = 'permessage-deflate; client_max_window_bits';
const step1 = () => clientFrame(syncFrame(0, new Uint8Array([0])));
/** A message compressed as a client sends it (RFC 7692: a sync flush without its last four bytes). */
const compressed = (payload: Uint8Array) => {
  const out = zlib.deflateRawSync(payload, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return clientFrame(out.subarray(0, out.length - 4), 2, true);
};

/** A stock provider whose socket compresses every message it sends, as a browser's does once the extension is agreed. */
function compressingProvider(token: string): ProviderClient {
  class CompressingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { perMessageDeflate: { threshold: 0 } });
    }
  }
  const p = connectProvider(server.wsUrl, boardId, token, CompressingWebSocket as unknown as typeof globalThis.WebSocket);
  open.providers.push(p);
  return p;
}

describe('permessage-deflate on the Yjs endpoint', () => {
  it('answers a browser offer without context takeover both ways, and sends the join compressed and smaller', async () => {
    const plain = await rawUpgrade(server.url, yjsPath(await residentToken()), [step1()], 1000);
    const deflated = await rawUpgrade(server.url, yjsPath(await residentToken()), [step1()], 1000, browserOffer);
    expect(plain.extensions).toBeNull();
    expect(deflated.extensions).toMatch(/^permessage-deflate; .*server_no_context_takeover/);
    expect(deflated.extensions).toMatch(/client_no_context_takeover/);
    const largest = (r: typeof plain) => r.frames.reduce((a, b) => (b.length > a.length ? b : a));
    expect(plain.frames.some((f) => f.compressed)).toBe(false);
    expect(largest(plain).length).toBeGreaterThan(2000);
    expect(largest(deflated).compressed).toBe(true);
    expect(largest(deflated).length).toBeLessThan(largest(plain).length / 2);
  });

  it('a provider compressing everything it sends syncs the whole board, and its writes and awareness reach the others', async () => {
    const fac = compressingProvider(session.facilitatorToken);
    const resident = compressingProvider(await residentToken());
    await Promise.all([synced(fac), synced(resident)]);
    expect(notesMap(resident.doc).size).toBe(concerns);
    const [noteId] = [...notesMap(fac.doc).keys()];
    notesMap(fac.doc).get(noteId!)!.set('x', 432);
    resident.provider.awareness.setLocalStateField('cursor', { x: 7, y: 9 });
    await eventually(() => {
      expect(notesMap(resident.doc).get(noteId!)?.get('x')).toBe(432);
      const seen = [...fac.provider.awareness.getStates().values()].map((s) => s.cursor);
      expect(seen).toContainEqual({ x: 7, y: 9 });
    });
    // A stock client that does not compress reads the same board.
    const other = connectProvider(server.wsUrl, boardId, await residentToken());
    open.providers.push(other);
    await synced(other);
    expect(Y.encodeStateVector(other.doc)).toEqual(Y.encodeStateVector(resident.doc));
  });

  it('a compressed message that inflates past the frame limit closes with 1009, before or after the board is ready', async () => {
    const bomb = compressed(new Uint8Array(maxFrame + 1));
    expect(bomb.length).toBeLessThan(1024);
    const early = await rawUpgrade(server.url, yjsPath(await residentToken()), [bomb], 3000, browserOffer);
    expect(early.closeCode).toBe(1009);
    const late = await rawUpgrade(server.url, yjsPath(await residentToken()), [step1(), step1(), bomb], 3000, browserOffer);
    expect(late.closeCode).toBe(1009);
  });

  it('a compressed message that does not inflate closes with 1007; positive control: the same message compressed properly is answered', async () => {
    const garbage = clientFrame(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 2, true);
    const bad = await rawUpgrade(server.url, yjsPath(await residentToken()), [garbage], 3000, browserOffer);
    expect(bad.closeCode).toBe(1007);
    const good = await rawUpgrade(server.url, yjsPath(await residentToken()), [compressed(syncFrame(0, new Uint8Array([0])))], 1000, browserOffer);
    expect(good.closeCode).toBeNull();
    // The server's step 1, then its step 2 answering ours.
    expect(good.frames.length).toBeGreaterThanOrEqual(2);
  });

  it('a compressed frame without the extension agreed is a protocol error (1002)', async () => {
    const r = await rawUpgrade(server.url, yjsPath(await residentToken()), [compressed(syncFrame(0, new Uint8Array([0])))], 3000);
    expect(r.closeCode).toBe(1002);
  });

  it('an offer the server cannot parse is refused before the WebSocket opens (HTTP 400)', async () => {
    const r = await rawUpgrade(server.url, yjsPath(await residentToken()), [], 3000, 'permessage-deflate; client_max_window_bits=99');
    expect(r.status).toBe(400);
  });
});
