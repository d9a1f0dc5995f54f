/**
 * One measured run: a fresh server, a board with one note per client, N raw clients that each
 * move their note once per period (staggered uniformly), a warm-up, the measured window, a
 * drain. The server is stopped whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { RawClient } from './raw-client.ts';
import { DeliveryLog, type DeliveryStats } from './deliveries.ts';
import { startServer, type ServerKind } from './servers.ts';
import { inPool, prepareReferenceBoard, prepareYishiBoard } from './boards.ts';
import { coreTimes, coreTimesSince } from './proc.ts';

export interface RunParams {
  /** Seconds between two moves of one client. */
  period: number;
  warmup: number;
  seconds: number;
  /** Longest wait, in seconds, for the measured writes still in flight after the window. */
  drain: number;
}

export interface Closed {
  client: number;
  code: number;
  reason: string;
  /** Seconds after the first write; null: before writes began. */
  atSecond: number | null;
}

export interface RunResult extends DeliveryStats {
  kind: ServerKind;
  clients: number;
  cpuUsPerDelivery: number;
  /** Server CPU over the window, in % of its core. */
  serverCorePct: number;
  /** The part of serverCorePct spent on the server's main thread. */
  serverMainThreadPct: number;
  kbPerConnection: number;
  loadGenCorePct: number;
  /** How busy each core was in the window, in %. */
  corePct: number[];
  /** Busy time on all cores accounted to neither the server nor the load generator (other processes, softirqs), in % of one core. */
  otherPct: number;
  stealPct: number;
  setupMs: number;
  connectMs: number;
  drainMs: number;
  closes: Closed[];
  otherFrames: number;
  /** Server output lines that look like warnings or errors. */
  serverLog: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

function uniqueClientIds(n: number): number[] {
  const ids = new Set<number>();
  while (ids.size < n) ids.add(randomBytes(4).readUInt32BE() || 1);
  return [...ids];
}

export async function runOnce(kind: ServerKind, n: number, p: RunParams): Promise<RunResult> {
  const t0 = performance.now();
  const server = await startServer(kind);
  const clients: RawClient[] = [];
  try {
    const board = kind === 'yishi' ? await prepareYishiBoard(server, n) : await prepareReferenceBoard(server, n);
    const setupMs = performance.now() - t0;
    await sleep(1000);
    const rssBefore = server.rssKb();

    const log = new DeliveryLog(n);
    const closes: Closed[] = [];
    let writeStart: number | null = null;
    const hooks = {
      onUpdate: (c: RawClient, update: Uint8Array, at: number) => log.receive(c.index, update, at),
      onClose: (c: RawClient, code: number, reason: string) =>
        closes.push({ client: c.index, code, reason, atSecond: writeStart === null ? null : (performance.now() - writeStart) / 1000 }),
    };
    const clientIds = uniqueClientIds(n);
    const tc = performance.now();
    // Kept in index order (the write schedule's slot j is client j mod n); pushed as they connect so they are closed on failure.
    const connecting = new Array<RawClient>(n);
    await inPool(board.noteIds, 32, async (noteId, i) => {
      const c = await RawClient.connect({ url: board.wsUrl(i), index: i, noteId, clientId: clientIds[i]!, hooks, timeoutMs: 30_000 });
      connecting[i] = c;
      clients.push(c);
    });
    clients.splice(0, clients.length, ...connecting);
    const connectMs = performance.now() - tc;
    await sleep(1000);
    const kbPerConnection = (server.rssKb() - rssBefore) / n;

    // Slot j is client j mod n, due at writeStart + j·period/n; a late timer catches up.
    const interval = (p.period * 1000) / n;
    const start = performance.now();
    writeStart = start;
    let slot = 0;
    let writing = true;
    let timer: NodeJS.Timeout | null = null;
    const tick = () => {
      while (writing && start + slot * interval <= performance.now()) {
        const c = clients[slot % n]!;
        const id = log.begin(c.index, performance.now());
        if (!c.move(id, -id)) log.abandon(id);
        slot++;
      }
      if (writing) timer = setTimeout(tick, Math.max(0, start + slot * interval - performance.now()));
    };
    tick();

    await sleep(p.warmup * 1000);
    const cpu0 = server.cpuMicros();
    const main0 = server.mainThreadCpuMicros();
    const own0 = process.cpuUsage();
    const cores0 = coreTimes();
    const m0 = performance.now();
    log.measuring = true;
    log.counting = true;
    await sleep(p.seconds * 1000);
    writing = false;
    log.measuring = false;
    if (timer) clearTimeout(timer);
    const d0 = performance.now();
    while (log.pendingMeasured > 0 && performance.now() - d0 < p.drain * 1000) await sleep(20);
    const drainMs = performance.now() - d0;
    log.counting = false;
    const cpuMicros = server.cpuMicros() - cpu0;
    const mainMicros = server.mainThreadCpuMicros() - main0;
    const own = process.cpuUsage(own0);
    const ownMicros = own.user + own.system;
    const cores = coreTimesSince(cores0);
    const wallMicros = (performance.now() - m0) * 1000;

    const stats = log.stats();
    return {
      ...stats,
      kind,
      clients: n,
      cpuUsPerDelivery: cpuMicros / stats.countedDeliveries,
      serverCorePct: (100 * cpuMicros) / wallMicros,
      serverMainThreadPct: (100 * mainMicros) / wallMicros,
      kbPerConnection,
      loadGenCorePct: (100 * ownMicros) / wallMicros,
      corePct: cores.busy.map((b) => (100 * b) / wallMicros),
      otherPct: (100 * (sum(cores.busy) - cpuMicros - ownMicros)) / wallMicros,
      stealPct: (100 * sum(cores.steal)) / wallMicros,
      setupMs,
      connectMs,
      drainMs,
      closes,
      otherFrames: sum(clients.map((c) => c.otherFrames)),
      serverLog: server.output.filter((l) => /"level":[456]0|error|warn/i.test(l)),
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
}
