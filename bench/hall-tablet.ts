/**
 * A hall tablet for load generation: a raw WebSocket (`ws-raw.ts`) that syncs like the stock
 * providers and then only listens, finding concern markers in the bytes it receives. It speaks
 * two dialects: y-websocket's (Yishi and the reference server: `[type][payload]`) and
 * Hocuspocus's (every message prefixed with the document name, an auth message first, a
 * SyncStatus answer to every update). Writers for the peers are tablets that also write.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { RawWebSocket, type FrameInfo } from './ws-raw.ts';
import { MarkerScanner } from './markers.ts';

export type Dialect = 'y-websocket' | 'hocuspocus';

const messageSync = 0;
export const messageAwareness = 1;
const messageAuth = 2;
/** Hocuspocus: a sync message that does not ask for a sync step 1 back. */
const messageSyncReply = 4;
/** Hocuspocus: the server applied (1) or refused (0) an update. */
export const messageSyncStatus = 8;
const syncStep1 = 0;
const syncStep2 = 1;
const syncUpdate = 2;

/** An empty doc's state vector (no clients) and its full-state update (no structs, no deletes). */
export const emptyStateVector = new Uint8Array([0]);
const emptyUpdate = new Uint8Array([0, 0]);

/** The frames of one dialect for one document. */
export class Wire {
  private readonly prefix: Uint8Array;

  constructor(
    readonly dialect: Dialect,
    readonly docName: string,
  ) {
    const e = encoding.createEncoder();
    if (dialect === 'hocuspocus') encoding.writeVarString(e, docName);
    this.prefix = encoding.toUint8Array(e);
  }

  private message(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeUint8Array(e, this.prefix);
    encoding.writeVarUint(e, type);
    write(e);
    return encoding.toUint8Array(e);
  }

  sync(step: number, data: Uint8Array): Uint8Array {
    return this.message(messageSync, (e) => {
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, data);
    });
  }

  update(update: Uint8Array): Uint8Array {
    return this.sync(syncUpdate, update);
  }

  /** One awareness entry, as y-protocols encodes it: [count][clientID][clock][JSON state]. */
  awareness(clientId: number, clock: number, state: unknown): Uint8Array {
    const u = encoding.createEncoder();
    encoding.writeVarUint(u, 1);
    encoding.writeVarUint(u, clientId);
    encoding.writeVarUint(u, clock);
    encoding.writeVarString(u, JSON.stringify(state));
    return this.message(messageAwareness, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(u)));
  }

  /** Hocuspocus's auth message (token type), which must come first. */
  auth(token: string): Uint8Array {
    return this.message(messageAuth, (e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, token);
    });
  }

  /** A server frame's message type and sub-type (sync step, auth answer, SyncStatus value). */
  classify(head: Buffer): { type: number; sub: number } {
    const d = decoding.createDecoder(new Uint8Array(head.buffer, head.byteOffset, head.byteLength));
    if (this.dialect === 'hocuspocus') decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    const sub = d.pos < d.arr.length ? decoding.readVarUint(d) : -1;
    return { type: type === messageSyncReply ? messageSync : type, sub };
  }

  /** The update inside a whole sync step 2 or update frame. */
  step2Payload(frame: Buffer): Uint8Array {
    const d = decoding.createDecoder(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
    if (this.dialect === 'hocuspocus') decoding.readVarString(d);
    decoding.readVarUint(d);
    decoding.readVarUint(d);
    return decoding.readVarUint8Array(d);
  }
}

export interface TabletOptions {
  url: string;
  wire: Wire;
  index: number;
  /** The state vector of the copy the tablet starts from; default empty (a new tablet). */
  stateVector?: Uint8Array;
  /** Each marker found after the sync; without it the tablet does not scan (joiners). */
  onMarker?: (tablet: HallTablet, id: number, at: number) => void;
  /** Each data frame after the sync, classified. */
  onMessage?: (tablet: HallTablet, type: number, sub: number, at: number) => void;
  onClose?: (tablet: HallTablet, code: number, reason: string) => void;
  /**
   * Keep the whole sync step 2 and the updates before it (to read a board's state: Yishi answers
   * a new tablet on a board that changed since its cached encoding with the changes since as
   * updates, then that encoding as the step 2).
   */
  keepStep2?: boolean;
  /** Offer permessage-deflate as browsers do (default true); a server that agrees gets every message compressed. */
  deflate?: boolean;
  timeoutMs: number;
}

export class HallTablet {
  readonly index: number;
  /** Data frames and bytes received since the sync. */
  frames = 0;
  bytes = 0;
  /** When the upgrade started and when the sync step 2 was complete (performance.now()). */
  readonly startedAt: number;
  syncedAt = NaN;
  /** Payload bytes on the wire up to and including the sync step 2 (compressed, where the server compressed them). */
  syncWireBytes = 0;
  step2: Uint8Array | null = null;
  /** With keepStep2: the sync updates received before the step 2. */
  readonly updates: Uint8Array[] = [];
  private synced = false;
  private closing = false;
  private awarenessClock = 0;
  private awarenessTimer: NodeJS.Timeout | null = null;
  private readonly scanner = new MarkerScanner();
  private ws!: RawWebSocket;

  private constructor(private readonly opts: TabletOptions) {
    this.index = opts.index;
    this.startedAt = performance.now();
  }

  /** Connects and resolves once the server's sync step 2 is complete. */
  static connect(opts: TabletOptions): Promise<HallTablet> {
    const t = new HallTablet(opts);
    const { wire } = opts;
    return new Promise<HallTablet>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => fail(new Error(`tablet ${opts.index}: not synced after ${opts.timeoutMs} ms`)), opts.timeoutMs);
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        t.close();
        reject(err);
      };
      const onFrame = (f: FrameInfo, at: number) => {
        if (t.synced && !opts.onMessage) {
          // A listening tablet only counts frames: no decoding on the hot path.
          t.frames++;
          return;
        }
        if (!t.synced) t.syncWireBytes += f.length;
        const { type, sub } = wire.classify(f.head);
        if (type === messageSync && sub === syncStep1) {
          // What the server lacks from us: nothing (the providers answer the same way).
          t.ws.send(wire.sync(syncStep2, emptyUpdate));
        } else if (type === messageSync && sub === syncStep2 && !t.synced) {
          t.synced = true;
          t.syncedAt = at;
          if (opts.keepStep2) t.step2 = wire.step2Payload(f.head);
          settled = true;
          clearTimeout(timer);
          resolve(t);
          return;
        } else if (type === messageSync && sub === syncUpdate && !t.synced && opts.keepStep2) {
          // Yishi sends a new tablet the changes since its cached encoding just before the step 2.
          t.updates.push(wire.step2Payload(f.head));
          return;
        } else if (type === messageAuth && sub === 1) {
          fail(new Error(`tablet ${opts.index}: permission denied`));
          return;
        }
        if (t.synced) {
          t.frames++;
          opts.onMessage?.(t, type, sub, at);
        }
      };
      RawWebSocket.open({
        url: opts.url,
        timeoutMs: opts.timeoutMs,
        fullFrames: opts.keepStep2 === true,
        deflate: opts.deflate ?? true,
        handlers: {
          onOpen: (ws) => {
            t.ws = ws;
            if (wire.dialect === 'hocuspocus') ws.send(wire.auth(''));
            ws.send(wire.sync(syncStep1, opts.stateVector ?? emptyStateVector));
          },
          onChunk: (chunk, at) => {
            if (!t.synced) return;
            t.bytes += chunk.length;
            if (opts.onMarker) t.scanner.scan(chunk, (id) => opts.onMarker!(t, id, at));
          },
          onFrame,
          onClose: (code, reason) => {
            t.stopAwareness();
            if (!settled) fail(new Error(`tablet ${opts.index}: closed before sync (${code} ${reason})`));
            else if (!t.closing) opts.onClose?.(t, code, reason);
          },
        },
      }).then(
        (ws) => {
          if (settled && !t.synced) ws.terminate(); // timed out during the upgrade
        },
        (err: Error) => fail(new Error(`tablet ${opts.index}: ${err.message}`)),
      );
    });
  }

  get open(): boolean {
    return this.ws?.isOpen === true && !this.closing;
  }

  send(frame: Uint8Array): boolean {
    return this.open && this.ws.send(frame);
  }

  /**
   * Publishes an awareness state now and renews it every `periodMs`, as y-protocols' Awareness
   * does (it renews a state older than half its 30 s timeout, checked every 3 s).
   */
  startAwareness(clientId: number, state: unknown, periodMs: number): void {
    const publish = () => this.send(this.opts.wire.awareness(clientId, ++this.awarenessClock, state));
    publish();
    // A random phase, so that a hall's renewals do not arrive in one burst.
    this.awarenessTimer = setTimeout(() => {
      publish();
      this.awarenessTimer = setInterval(publish, periodMs);
    }, Math.random() * periodMs);
  }

  /**
   * Moves a cursor: a new awareness state `hz` times a second, as a moderator's provider sends
   * while the pointer crosses the board (y-protocols sends every change at once).
   */
  startCursor(clientId: number, name: string, hz: number): void {
    let k = 0;
    const publish = () => {
      k++;
      this.send(this.opts.wire.awareness(clientId, ++this.awarenessClock, { user: { name }, cursor: { x: (k * 37) % 1600, y: (k * 53) % 900 } }));
    };
    publish();
    this.awarenessTimer = setInterval(publish, 1000 / hz);
  }

  /** Stops publishing (a cursor, or renewals); the last state stays until the connection closes. */
  stopAwareness(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
  }

  close(): void {
    this.closing = true;
    this.stopAwareness();
    this.ws?.terminate();
  }
}
