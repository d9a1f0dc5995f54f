/**
 * One server under test for the hall benchmark: a fresh process, its hall, the standing tablets
 * (receivers, indexes 0 … n−1) and where their markers go. Steps (`hall-step.ts`) run on it one
 * after another; `stop()` ends everything whatever happened.
 */
import type { Socket } from 'socket.io-client';
import { startServer, type ServerKind, type ServerProcess } from './servers.ts';
import { inPool } from './boards.ts';
import { openHall, type HallBoard } from './hall-boards.ts';
import { HallTablet, type TabletOptions } from './hall-tablet.ts';
import type { MarkerLog } from './markers.ts';
import type { Refusals } from './hall-writers.ts';

/** A server to run: its kind, and for Yishi optionally another checkout (a before/after run). */
export interface ServerSpec {
  kind: ServerKind;
  /** Yishi from another checkout; undefined: this one. */
  root?: string;
  /** How the report names it: `yishi`, `yishi@<dir>`, `reference`, `hocuspocus`. */
  label: string;
}

export interface Closed {
  tablet: number;
  code: number;
  reason: string;
  at: number;
}

/** Connections opened at once while connecting tablets (under Yishi's cap of 64 unauthenticated per address). */
const connectConcurrency = 24;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HallRun {
  readonly tablets: HallTablet[] = [];
  readonly sockets: Socket[] = [];
  readonly closes: Closed[] = [];
  readonly refusals: Refusals = new Map();
  /** Where standing tablets' markers go: the step being measured, if any. */
  current: MarkerLog | null = null;
  /** Markers seen while no step was listening, or of concerns from before it. */
  strayMarkers = 0;
  /** The first id the next step hands out (ids stay unique over the run, seeding included). */
  nextId = 1;

  private constructor(
    readonly spec: ServerSpec,
    readonly server: ServerProcess,
    readonly board: HallBoard,
  ) {}

  static async start(spec: ServerSpec): Promise<HallRun> {
    // Generous: a busy machine can take half a minute to transpile and start Yishi's server.
    const server = await startServer(spec.kind, { root: spec.root, readyTimeoutMs: 90_000 });
    try {
      return new HallRun(spec, server, await openHall(server));
    } catch (err) {
      await server.stop();
      throw err;
    }
  }

  /** Options for a tablet that connects and only listens (`onMarker` routes to the current step). */
  tabletOptions(i: number, extra: Partial<TabletOptions> = {}): TabletOptions {
    return {
      url: this.board.tabletUrl(i),
      wire: this.board.wire,
      index: i,
      timeoutMs: 60_000,
      onMarker: (t, id, at) => {
        const log = this.current;
        if (log && id >= log.firstId) log.deliver(t.index, id, at);
        else this.strayMarkers++;
      },
      onClose: (t, code, reason) => this.closes.push({ tablet: t.index, code, reason, at: performance.now() }),
      ...extra,
    };
  }

  /**
   * Connects standing tablets up to `n` (and, with `sockets`, a Socket.IO connection each on
   * Yishi); with `awareness`, each publishes a state and renews it every 15 s.
   */
  async connectTablets(n: number, opts: { awareness?: boolean; sockets?: boolean } = {}): Promise<void> {
    await this.board.ensureTablets(n);
    const from = this.tablets.length;
    const indexes = Array.from({ length: Math.max(0, n - from) }, (_, k) => from + k);
    const connected = new Array<HallTablet>(indexes.length);
    try {
      await inPool(indexes, connectConcurrency, async (i) => {
        const t = await HallTablet.connect(this.tabletOptions(i));
        connected[i - from] = t;
        // What the Yishi client publishes; the same small state on the peers.
        if (opts.awareness) t.startAwareness(100_000 + i, { outbox: { queued: 0, failed: 0 } }, 15_000);
        if (opts.sockets && this.board.tabletSocket) this.sockets.push(await this.board.tabletSocket(i));
      });
    } finally {
      // Kept in index order, so that tablet i is tablets[i]; on failure they are closed by stop().
      this.tablets.push(...connected.filter((t) => t !== undefined));
    }
  }

  /**
   * Server RSS in KB after `settleMs`, on Yishi after a full collection (its memory probe), so
   * garbage not yet collected does not count as memory per tablet; `heapKb` is its JS heap plus
   * external buffers then (null for the peers).
   */
  async memoryAfter(settleMs: number): Promise<{ rssKb: number; heapKb: number | null }> {
    await sleep(settleMs);
    const sample = await this.server.memory?.(true);
    return { rssKb: this.server.rssKb(), heapKb: sample ? (sample.heapUsed + sample.external) / 1024 : null };
  }

  /** Server RSS in KB after `settleMs` (see memoryAfter). */
  async rssAfter(settleMs: number): Promise<number> {
    return (await this.memoryAfter(settleMs)).rssKb;
  }

  /** Server output lines that look like warnings or errors. */
  serverLog(): string[] {
    return this.server.output.filter((l) => /"level":[456]0|error|warn/i.test(l));
  }

  async stop(): Promise<void> {
    for (const t of this.tablets) t.close();
    for (const s of this.sockets) s.close();
    this.board.close();
    await this.server.stop();
  }
}

/** Runs `body` on a fresh server; the server is stopped whatever happens. */
export async function withRun<T>(spec: ServerSpec, body: (run: HallRun) => Promise<T>): Promise<T> {
  const run = await HallRun.start(spec);
  try {
    return await body(run);
  } finally {
    await run.stop();
  }
}
