/**
 * A cheap y-websocket-protocol client for load generation: `ws` plus hand-built frames, no
 * Y.Doc. It syncs like the stock provider (its step 1 with an empty state vector, a step 2
 * answer to the server's step 1), takes its note's origins from the server's step 2, then
 * writes moves of its own note and hands every relayed update to the caller undecoded.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { encodeMove, noteCursors, type NoteCursor } from './move-update.ts';

const messageSync = 0;
const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

function syncFrame(step: number, data: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, messageSync);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, data);
  return encoding.toUint8Array(e);
}

/** An empty doc's state vector (no clients) and its full-state update (no structs, no deletes). */
const emptyStateVector = new Uint8Array([0]);
const emptyUpdate = new Uint8Array([0, 0]);

/**
 * Every client of one board receives the same step 2 bytes: decode them once. Keyed by content,
 * so a step 2 that differs (the board changed meanwhile) is decoded on its own.
 */
const cursorCache = new Map<string, Map<string, NoteCursor>>();
function cursorsOf(fullState: Uint8Array): Map<string, NoteCursor> {
  const key = Buffer.from(fullState.buffer, fullState.byteOffset, fullState.byteLength).toString('latin1');
  let cursors = cursorCache.get(key);
  if (!cursors) {
    if (cursorCache.size >= 4) cursorCache.clear();
    cursors = noteCursors(fullState);
    cursorCache.set(key, cursors);
  }
  return cursors;
}

export interface RawClientHooks {
  /** A sync update relayed by the server, with its arrival time (performance.now()). */
  onUpdate(client: RawClient, update: Uint8Array, at: number): void;
  /** The connection closed and `close()` was not called. */
  onClose(client: RawClient, code: number, reason: string): void;
}

export interface RawClientOptions {
  url: string;
  index: number;
  /** The note this client moves; it must exist in the server's step 2. */
  noteId: string;
  /** The Yjs clientID of this client's writes (unique per client). */
  clientId: number;
  hooks: RawClientHooks;
  timeoutMs: number;
}

export class RawClient {
  readonly index: number;
  /** Frames that were neither relayed updates nor part of the handshake (awareness, late step 2). */
  otherFrames = 0;
  private clock = 0;
  private cursor: NoteCursor | null = null;
  private closing = false;

  private constructor(
    private readonly ws: WebSocket,
    private readonly opts: RawClientOptions,
  ) {
    this.index = opts.index;
  }

  /** Opens the connection and resolves once the server's step 2 gave this client its note. */
  static connect(opts: RawClientOptions): Promise<RawClient> {
    const ws = new WebSocket(opts.url, { perMessageDeflate: false });
    const client = new RawClient(ws, opts);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`client ${opts.index}: not synced after ${opts.timeoutMs} ms`)), opts.timeoutMs);
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        client.closing = true;
        ws.terminate();
        reject(err);
      };
      const synced = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(client);
      };
      ws.on('open', () => ws.send(syncFrame(syncStep1, emptyStateVector)));
      ws.on('error', (err) => fail(new Error(`client ${opts.index}: ${err.message}`)));
      ws.on('close', (code, reason) => {
        const text = reason.toString();
        if (!settled) fail(new Error(`client ${opts.index}: closed before sync (${code} ${text})`));
        else if (!client.closing) opts.hooks.onClose(client, code, text);
      });
      ws.on('message', (data: Buffer) => {
        const at = performance.now();
        try {
          client.receive(data, at, synced);
        } catch (err) {
          fail(err as Error);
        }
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN && this.cursor !== null;
  }

  /** Sends a move of this client's note; false when the connection is not usable. */
  move(x: number, y: number): boolean {
    if (!this.open || !this.cursor) return false;
    const { update, next } = encodeMove(this.opts.clientId, this.clock, this.cursor, x, y);
    this.ws.send(syncFrame(syncUpdate, update));
    this.cursor = next;
    this.clock += 2;
    return true;
  }

  close(): void {
    this.closing = true;
    this.ws.terminate();
  }

  private receive(data: Buffer, at: number, synced: () => void): void {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(d) !== messageSync) {
      this.otherFrames++;
      return;
    }
    const step = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (step === syncUpdate) {
      if (this.cursor) this.opts.hooks.onUpdate(this, payload, at);
      else this.otherFrames++;
    } else if (step === syncStep1) {
      // What the server lacks from us: nothing yet (the provider answers the same way).
      this.ws.send(syncFrame(syncStep2, emptyUpdate));
    } else if (step === syncStep2 && !this.cursor) {
      const cursor = cursorsOf(payload).get(this.opts.noteId);
      if (!cursor) throw new Error(`client ${this.index}: note ${this.opts.noteId} is not in the server's state`);
      this.cursor = cursor;
      synced();
    } else {
      this.otherFrames++;
    }
  }
}
