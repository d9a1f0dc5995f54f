/**
 * What one Yjs connection may send, per frame and per second, so that no frame and no burst
 * can hold the event loop that every other tablet in the hall waits on. The numbers and their
 * reasons are documented in docs/API.md §5; the benchmark `npm run bench:stall` measures them.
 */
import { isModerator, type Role } from '../../shared/roles.ts';
import type { UpdateLimits } from './update-prescan.ts';

/**
 * One bound for every role. A frame within it is checked, applied and committed in well under
 * 50 ms of event loop even on a cold server (bench:stall case h; per struct the cost is mostly
 * Yjs applying it, not the guard). Honest frames are far smaller: the shipped client writes
 * only co-drafted action titles through Yjs; typing runs merge into one struct and each cursor
 * jump starts another, so a console that drafted offline through five reloads sends 6 structs.
 *
 * Deleted ranges are bounded apart: a sync reply carries the whole document's delete set (Yjs
 * encodes every deletion it knows), which grows with the board, not with the sender. A
 * 5,000-concern board with moves and merges has well under 20,000 ranges.
 */
export const UpdateFrameLimits: UpdateLimits = { maxStructs: 500, maxDeleteRanges: 20_000, maxStructLength: 100_000, maxClocks: 100_000 };

/**
 * New client ids one participant may bring to one board, for good (stored with the claims, so a
 * reconnect does not reset it). Every page load that writes brings one: a tablet reloaded ten
 * times offline brings eleven; a console open all evening and reloaded now and then a few dozen.
 */
export function clientIdBudgetFor(role: Role): number {
  return isModerator(role) ? 256 : 32;
}

/**
 * Awareness entries one frame may carry. Residents and screens only ever publish their own
 * state. A moderator's stock provider echoes every state it was sent (y-websocket re-encodes
 * all changed clients on each awareness change), so its frames can list everyone on the board.
 */
export function maxAwarenessEntriesFor(role: Role): number {
  return isModerator(role) ? 5_000 : 4;
}

/** Entries in a client's state vector (sync step 1): the board's clients and the client's own. */
export const MaxStateVectorEntries = 10_000;

/** A token bucket: `burst` at once, refilled at `perSecond`. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/**
 * Per connection. Updates: typing sends one frame per keystroke or IME commit (about 10 a
 * second at most); a reconnect sends a handful. Sync step 1: one per (re)connection; each costs
 * a diff of the whole board, so it is the tightest. Awareness: a moderator's provider echoes the
 * server's 10 flushes a second on top of its own changes.
 */
export const ConnectionRates = {
  update: { burst: 200, perSecond: 50 },
  syncStep1: { burst: 5, perSecond: 0.5 },
  awareness: { burst: 40, perSecond: 20 },
} as const satisfies Record<string, Rate>;

/**
 * Awareness frames over the rate are coalesced (only the latest waits for the next token);
 * this many replaced within 10 s closes the connection.
 */
export const MaxDroppedAwareness = 500;
const droppedWindowMs = 10_000;

const monotonicMs = () => performance.now();
const rateKinds = Object.keys(ConnectionRates) as (keyof typeof ConnectionRates)[];

/**
 * Token buckets for one connection, refilled lazily from a clock. One per board connection, so
 * its buckets are plain fields and the default clock is shared: an idle hall holds a thousand.
 */
export class ConnectionLimiter {
  private update: number = ConnectionRates.update.burst;
  private syncStep1: number = ConnectionRates.syncStep1.burst;
  private awareness: number = ConnectionRates.awareness.burst;
  private last: number;
  private dropped = 0;
  private droppedSince = 0;

  constructor(private readonly now: () => number = monotonicMs) {
    this.last = now();
  }

  /** Takes one token of `kind`; false when the bucket is empty. */
  take(kind: keyof typeof ConnectionRates): boolean {
    const t = this.now();
    const elapsed = (t - this.last) / 1000;
    if (elapsed > 0) {
      this.last = t;
      for (const k of rateKinds) this[k] = Math.min(ConnectionRates[k].burst, this[k] + elapsed * ConnectionRates[k].perSecond);
    }
    if (this[kind] < 1) return false;
    this[kind] -= 1;
    return true;
  }

  /** Counts an awareness frame dropped for the rate; true once the connection should be closed. */
  dropAwareness(): boolean {
    const t = this.now();
    if (t - this.droppedSince > droppedWindowMs) {
      this.droppedSince = t;
      this.dropped = 0;
    }
    return ++this.dropped > MaxDroppedAwareness;
  }

  /** Milliseconds until the next awareness token. */
  get awarenessWaitMs(): number {
    return Math.ceil(1000 / ConnectionRates.awareness.perSecond);
  }
}
