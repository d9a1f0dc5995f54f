// The node flags the server process runs with (`npm start`, and bench:hall's Yishi), chosen for
// the cores it may use. On one core, V8's garbage-collector helper threads do not run beside the
// server: they take the core from it, in the middle of sending a window's frames to a thousand
// tablets. At 470 concerns/s to 1,000 tablets on one core, p99 delivery went from 145 ms to
// 79 ms and ack p99 from 111 ms to 45 ms with the collector on the main thread, for the same CPU
// (bench:hall; the README has the run). With more cores the helpers run beside it, as V8 intends.
//
// And on any number of cores, the old generation may grow by half before the next full collection
// (V8's default is nearer a tenth on a steady heap). A busy board's document is most of the heap
// (about 2.5 KB a concern) and all of it is marked at every full collection: on a board growing by
// 475 concerns a second that was one 150-300 ms marking cycle every 6-8 s, each raising the fan-out's
// p99 (bench:hall's ceiling search failed 475/s with V8's default step and passed it with this one,
// which halved the full collections).
// The price is up to half the live heap again in memory between collections.
//
// SERVER_GC: auto (default: single-threaded on one core), single, parallel.
import { availableParallelism } from 'node:os';

/** @param {number} cores the cores the process may run on @param {string | undefined} mode SERVER_GC */
export function serverNodeFlags(cores = availableParallelism(), mode = process.env.SERVER_GC) {
  const gc = mode === undefined || mode === '' ? 'auto' : mode;
  if (gc !== 'auto' && gc !== 'single' && gc !== 'parallel') throw new Error(`SERVER_GC must be auto, single or parallel, got "${mode}"`);
  const single = gc === 'single' || (gc === 'auto' && cores <= 1);
  return [...(single ? ['--single-threaded-gc'] : []), '--heap-growing-percent=50'];
}
