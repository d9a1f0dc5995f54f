/**
 * Benchmark-only: answers `{ type: 'memory', gc }` IPC messages with the process's heap and RSS,
 * after a full collection when asked. Off unless YISHI_MEMORY_PROBE=1 and the process was
 * spawned with an IPC channel, so a production server never exposes it (no route, no socket).
 */

/** What the probe answers. */
export interface MemorySample {
  type: 'memory';
  heapUsed: number;
  rss: number;
  /** Memory of Buffers and ArrayBuffers outside the JS heap (socket data lives there). */
  external: number;
  gcRan: boolean;
}

/** Installs the probe when the environment asks for it; returns whether it did. */
export function installMemoryProbe(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.YISHI_MEMORY_PROBE !== '1' || typeof process.send !== 'function') return false;
  // The IPC channel must not keep a stopping server alive.
  process.channel?.unref();
  process.on('message', (msg: unknown) => {
    if (typeof msg !== 'object' || msg === null || (msg as { type?: unknown }).type !== 'memory') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    const wantGc = (msg as { gc?: unknown }).gc === true && typeof gc === 'function';
    // Twice: weak references and finalizers freed by the first pass are collected by the second.
    if (wantGc) {
      gc();
      gc();
    }
    const m = process.memoryUsage();
    const sample: MemorySample = { type: 'memory', heapUsed: m.heapUsed, rss: m.rss, external: m.external, gcRan: wantGc };
    process.send?.(sample);
  });
  return true;
}
