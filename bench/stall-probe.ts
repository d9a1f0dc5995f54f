/**
 * The measuring side of `npm run bench:stall`: a poller that asks the server for a cheap answer
 * every few milliseconds (how long the server's event loop was unavailable shows as the gap
 * between two answers), and a raw y-websocket peer that records what the server sends it.
 */
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { emptyStateVector, syncStep1Message } from './crafted-frames.ts';

/** Milliseconds on a clock shared by every thread of this process (performance.now() is per thread). */
export const now = (): number => performance.timeOrigin + performance.now();

/**
 * The poller's loop, in its own thread so that the bench's own work (sending a burst of 20,000
 * frames, say) cannot delay a poll and pass for a server stall. Plain JavaScript: a worker
 * started from source text does not go through tsx.
 */
const pollerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, periodMs, deadline } = workerData;
const now = () => performance.timeOrigin + performance.now();
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  const answers = [];
  let failures = 0;
  let next = now();
  while (running && now() < deadline) {
    const wait = next - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    next = Math.max(now(), next + periodMs);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      answers.push(now());
      if (answers.length === 1) parentPort.postMessage('polling');
    } catch {
      failures++;
    }
  }
  parentPort.postMessage({ answers, failures });
})();
`;

/** GETs `url` one request after another, starting one every `periodMs`; keeps each answer's arrival time. */
export class HealthPoller {
  private readonly worker: Worker;
  private readonly result: Promise<{ answers: number[]; failures: number }>;
  /** Resolves once the first answer came back: a stall before that would go unseen. */
  readonly polling: Promise<void>;

  constructor(url: string, periodMs: number, maxSeconds: number) {
    // No execArgv: the worker need not load tsx (slow to start on a busy machine).
    this.worker = new Worker(pollerSource, { eval: true, execArgv: [], workerData: { url, periodMs, deadline: now() + maxSeconds * 1000 } });
    let started!: () => void;
    this.polling = new Promise((r) => (started = r));
    this.result = new Promise((resolve, reject) => {
      this.worker.on('message', (m: unknown) => (m === 'polling' ? started() : resolve(m as { answers: number[]; failures: number })));
      this.worker.once('error', reject);
    });
    // A worker that ends without a first answer must not leave the bench waiting.
    void this.result.then(started, started);
  }

  /** Stops polling and returns the gaps between consecutive answers whose later answer came at or after `from` (a `now()` time). */
  async stop(from: number): Promise<{ gaps: number[]; failures: number }> {
    this.worker.postMessage('stop');
    const { answers, failures } = await this.result;
    await this.worker.terminate();
    const gaps: number[] = [];
    for (let i = 1; i < answers.length; i++) if (answers[i]! >= from) gaps.push(answers[i]! - answers[i - 1]!);
    return { gaps, failures };
  }
}

/** The largest value and the 99th percentile (nearest rank) of a list of gaps, in ms. */
export function gapStats(gaps: number[]): { worst: number; p99: number } {
  if (gaps.length === 0) return { worst: NaN, p99: NaN };
  const sorted = [...gaps].sort((a, b) => a - b);
  return { worst: sorted[sorted.length - 1]!, p99: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]! };
}

/** One message from the server, decoded just enough: sync (step, payload) or awareness entries. */
export type ServerMessage =
  | { type: 'sync'; step: number; payload: Uint8Array; at: number }
  | { type: 'awareness'; entries: { id: number; clock: number }[]; at: number }
  | { type: 'other'; at: number };

/** A y-websocket connection without a Y.Doc: hands every decoded message to whoever waits for one. */
export class RawPeer {
  /** The server's first sync step 1 (its state vector), once it arrived. */
  readonly greeted: Promise<Uint8Array>;
  /** Resolves when the connection closed, with the server's code and reason. */
  readonly closed: Promise<{ code: number; reason: string; at: number }>;
  closeInfo: { code: number; reason: string; at: number } | null = null;
  private readonly waiters = new Set<(m: ServerMessage) => void>();

  private constructor(private readonly ws: WebSocket) {
    let greet!: (sv: Uint8Array) => void;
    this.greeted = new Promise((r) => (greet = r));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: now() };
        resolve(this.closeInfo);
      }),
    );
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => {
      const m = decodeServerMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), now());
      if (m.type === 'sync' && m.step === 0) greet(m.payload);
      for (const w of [...this.waiters]) w(m);
    });
  }

  /** Opens a connection; resolves once the WebSocket is open (not yet admitted: await `greeted`). */
  static open(url: string, timeoutMs: number): Promise<RawPeer> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`no connection to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(new RawPeer(ws));
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: Uint8Array): void {
    if (this.isOpen) this.ws.send(frame);
  }

  /** Resolves with the first message (from now on) that `match` accepts, or null at close or timeout. */
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs: number): Promise<ServerMessage | null> {
    return new Promise((resolve) => {
      const done = (m: ServerMessage | null) => {
        clearTimeout(timer);
        this.waiters.delete(listener);
        resolve(m);
      };
      const listener = (m: ServerMessage) => {
        if (match(m)) done(m);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      this.waiters.add(listener);
      void this.closed.then(() => done(null));
    });
  }

  /** Asks for the whole document as a fresh device does (step 1 with an empty state vector). */
  async fullState(timeoutMs: number): Promise<{ update: Uint8Array; ms: number; sentAt: number; at: number } | null> {
    const sentAt = now();
    const reply = this.waitFor((m) => m.type === 'sync' && m.step === 1, timeoutMs);
    this.send(syncStep1Message(emptyStateVector));
    const m = await reply;
    if (!m || m.type !== 'sync') return null;
    return { update: m.payload, ms: m.at - sentAt, sentAt, at: m.at };
  }

  close(): void {
    this.ws.terminate();
  }
}

function decodeServerMessage(bytes: Uint8Array, at: number): ServerMessage {
  const d = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(d);
  if (type === 0) {
    const step = decoding.readVarUint(d);
    return { type: 'sync', step, payload: decoding.readVarUint8Array(d), at };
  }
  if (type === 1) {
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const entries: { id: number; clock: number }[] = [];
    const count = decoding.readVarUint(inner);
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(inner);
      const clock = decoding.readVarUint(inner);
      decoding.readVarString(inner);
      entries.push({ id, clock });
    }
    return { type: 'awareness', entries, at };
  }
  return { type: 'other', at };
}

/** How many clients a document update's state vector names (decoded from the update, no Y.Doc). */
export function stateVectorClients(update: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(Y.encodeStateVectorFromUpdate(update)));
}
