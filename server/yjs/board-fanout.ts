/**
 * A board's fan-out: its connections, their awareness, and the frames they receive. It is fed
 * durable changes (`committed`) and sends them in windows: each connection gets at most one
 * document frame per window, holding everything committed meanwhile, merged and encoded once for
 * every receiver, while a writer gets the window's changes without its own. On a quiet board a
 * change goes out at the next turn; on a busy one changes wait at most one window, so the cost
 * of fanning out grows with tablets ÷ window, not tablets × updates. It decides nothing about the document: greetings and joins ask the
 * board's source (today the authority in this process), so a relay process can later hold a
 * fan-out fed by another process's authority.
 */
import * as Y from 'yjs';
import type { Actor } from '../../shared/roles.ts';
import { AwarenessHub, type AwarenessPeer } from './awareness-hub.ts';
import type { CommittedUpdate } from './board-authority.ts';
import { isNewClient, syncStep1Frame, syncStep2Frame, updateFrame } from './protocol-frames.ts';

/** A client connection as the board sees it: the smallest interface it needs. */
export interface RoomConnection extends AwarenessPeer {
  readonly id: string;
  readonly actor: Actor;
  close(code: number, reason: string): void;
}

/** What the fan-out asks of the document's owner. */
export interface FanoutSource {
  /** The state vector a connection is greeted with. */
  stateVector(): Uint8Array;
  /**
   * What a client lacks given its state vector, once the commits in flight now are durable: one
   * update, or several that together are (a new client on a busy board: the document as last
   * encoded, then the changes since). A source may hand out the same bytes objects while they
   * stay true: the fan-out then reuses the frames it made of them.
   */
  missingFor(stateVector: Uint8Array): Promise<Uint8Array[]>;
}

/** The default fan-out window in ms (`FANOUT_WINDOW_MS`). */
export const DefaultFanoutWindowMs = 40;

export class BoardFanout {
  readonly connections = new Set<RoomConnection>();
  readonly awareness = new AwarenessHub();
  private outbox: CommittedUpdate[] = [];
  /** When the oldest change in the outbox was handed over (ms, from `now`): one clock read per window. */
  private oldestAt = 0;
  private scheduled: { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout } | null = null;
  /** When the last window's frames went out (ms, from `now`). */
  private lastFlushAt = -Infinity;
  private halted = false;
  /** The last full-state sync step 2 frame, with the update it holds, and the frames of the blocks of changes since, by block: new tablets share them. */
  private lastStep2: { update: Uint8Array; frame: Uint8Array } | null = null;
  private sinceFrames = new WeakMap<Uint8Array, Uint8Array>();

  constructor(
    private readonly source: FanoutSource,
    private readonly windowMs = DefaultFanoutWindowMs,
    private readonly now: () => number = () => performance.now(),
    /** Told once per window that sent a frame: ms from its oldest change being durable to the last send (metrics). */
    private readonly onSent?: (delayMs: number) => void,
  ) {
    this.awareness.flushTo = () => this.connections;
  }

  /** Adds a connection and greets it with the board's state vector (sync step 1) and awareness. */
  add(conn: RoomConnection): void {
    this.connections.add(conn);
    conn.send(syncStep1Frame(this.source.stateVector()));
    const aw = this.awareness.snapshotFor(conn);
    if (aw) conn.send(aw);
  }

  /** Whether the connection was here. */
  remove(conn: RoomConnection): boolean {
    if (!this.connections.delete(conn)) return false;
    this.awareness.removePeer(conn);
    return true;
  }

  /**
   * The frames answering a client's sync step 1. For a new client on a busy board: update frames
   * with the blocks of changes since the cached full state, then the sync step 2 holding that
   * state. In that order, because a provider counts itself synced when the step 2 is applied:
   * Yjs keeps the early changes aside until what they build on arrives, so at that moment the
   * client has the whole document. Otherwise one sync step 2.
   */
  async joinFrames(stateVector: Uint8Array): Promise<Uint8Array[]> {
    const [first, ...rest] = await this.source.missingFor(stateVector);
    if (!first) throw new Error('the source answered a join with nothing');
    // Only the full state and what followed it are worth keeping (a restoring tablet's diff is
    // its own); a frame of bytes the source no longer hands out is garbage with them.
    const shared = isNewClient(stateVector);
    let step2 = this.lastStep2?.update === first ? this.lastStep2.frame : null;
    if (!step2) {
      step2 = syncStep2Frame(first);
      if (shared) this.lastStep2 = { update: first, frame: step2 };
    }
    const frames: Uint8Array[] = [];
    for (const u of rest) {
      let frame = this.sinceFrames.get(u);
      if (!frame) {
        frame = updateFrame(u);
        if (shared) this.sinceFrames.set(u, frame);
      }
      frames.push(frame);
    }
    frames.push(step2);
    return frames;
  }

  /** A durable change: queued, and sent with the rest of its window's changes. */
  committed(change: CommittedUpdate): void {
    if (this.halted) return;
    // An empty outbox is the start of a window's batch: the one clock read serves both the
    // fan-out delay (metrics) and the window's wait.
    const first = this.outbox.length === 0;
    if (first) this.oldestAt = this.now();
    this.outbox.push(change);
    if (this.scheduled) return;
    const wait = this.lastFlushAt + this.windowMs - (first ? this.oldestAt : this.now());
    // Quiet board: the next turn (every commit of one storage batch resolves in the same turn, so
    // they still go out as one frame). Busy board: when the current window ends.
    this.scheduled = wait <= 0 ? { immediate: setImmediate(() => this.flush()) } : { timeout: setTimeout(() => this.flush(), wait) };
  }

  /** Sends nothing more (the board failed or is going away); queued changes are dropped. */
  halt(): void {
    this.halted = true;
    this.outbox = [];
    this.lastStep2 = null;
    this.sinceFrames = new WeakMap();
    if (this.scheduled && 'timeout' in this.scheduled) clearTimeout(this.scheduled.timeout);
    else if (this.scheduled) clearImmediate(this.scheduled.immediate);
    this.scheduled = null;
  }

  /** Closes every connection and stops. */
  closeAll(code: number, reason: string): void {
    this.halt();
    for (const c of [...this.connections]) c.close(code, reason);
    this.connections.clear();
    this.awareness.destroy();
  }

  private flush(): void {
    this.scheduled = null;
    this.lastFlushAt = this.now();
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length === 0 || this.halted) return;
    const all = updateFrame(mergeAll(batch));
    const writers = new Set(batch.map((b) => b.originId).filter((o): o is string => o !== null));
    let sent = false;
    for (const conn of this.connections) {
      if (!writers.has(conn.id)) {
        conn.send(all);
        sent = true;
        continue;
      }
      const others = batch.filter((b) => b.originId !== conn.id);
      if (others.length) {
        conn.send(updateFrame(mergeAll(others)));
        sent = true;
      }
    }
    if (sent && this.onSent) this.onSent(this.now() - this.oldestAt);
  }
}

function mergeAll(changes: CommittedUpdate[]): Uint8Array {
  return changes.length === 1 ? changes[0]!.update : Y.mergeUpdates(changes.map((c) => c.update));
}
