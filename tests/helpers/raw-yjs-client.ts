/**
 * A hand-rolled y-websocket client for tests that must craft frames the stock provider would
 * never send, and record every frame it receives.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export interface RawClient {
  ws: WebSocket;
  doc: Y.Doc;
  /** Every frame received, raw. */
  frames: Uint8Array[];
  /** Resolves when the server closes the connection. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server's sync step 2 was applied to `doc`. */
  synced: Promise<void>;
  sendUpdate(update: Uint8Array): void;
  sendRaw(frame: Uint8Array | Buffer): void;
  close(): void;
}

export function syncFrame(step: number, data: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, data);
  return encoding.toUint8Array(e);
}

export function connectRaw(wsBase: string, boardId: string, token: string, opts: { doc?: Y.Doc; sync?: boolean } = {}): Promise<RawClient> {
  const ws = new WebSocket(`${wsBase}/yjs/${boardId}?token=${encodeURIComponent(token)}`);
  const doc = opts.doc ?? new Y.Doc();
  const frames: Uint8Array[] = [];
  let resolveSynced!: () => void;
  const synced = new Promise<void>((r) => (resolveSynced = r));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data);
    frames.push(bytes);
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) !== 0) return;
    const step = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (step === 1 || step === 2) Y.applyUpdate(doc, payload, 'remote');
    if (step === 1) resolveSynced();
  });
  const client: RawClient = {
    ws, doc, frames, closed, synced,
    sendUpdate: (u) => ws.send(syncFrame(2, u)),
    sendRaw: (f) => ws.send(f),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      if (opts.sync !== false) ws.send(syncFrame(0, Y.encodeStateVector(doc)));
      resolve(client);
    });
    ws.once('error', reject);
  });
}
