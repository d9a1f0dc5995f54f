/**
 * One board's live document. Every change, from a client or from a command, is committed to
 * storage before anyone else sees it; committed changes are fanned out in batches: one merged
 * frame per batch, encoded once and sent to every receiver (senders get the batch without
 * their own update). Joins are served from a cached encoding of the full state.
 */
import * as Y from 'yjs';
import type { Actor } from '../../shared/roles.ts';
import { readLocked, readPhase } from '../../shared/board-doc.ts';
import { VoteLedger } from '../../shared/voting.ts';
import { readBreakout } from '../../shared/open-space.ts';
import { effectiveRole } from '../../shared/permissions.ts';
import type { ClientIdClaim, HeldNoteRow, Storage, StorageOp } from '../storage/storage.ts';
import { checkUpdate, type GuardResult } from './update-guard.ts';
import { AwarenessHub, type AwarenessPeer } from './awareness-hub.ts';
import { clientIdBudgetFor } from './frame-limits.ts';
import { syncStep1Frame, syncStep2Frame, updateFrame } from './protocol-frames.ts';

/** The room's storage failed: it is being dropped and its connections closed (1011). */
export class RoomFailedError extends Error {
  constructor() {
    super('board unavailable: a storage commit failed');
    this.name = 'RoomFailedError';
  }
}

/** Transaction origins that are not client connections. */
export const Origin = { storage: 'storage', server: 'server' } as const;

/** A client connection as the room sees it: the smallest interface the room needs. */
export interface RoomConnection extends AwarenessPeer {
  readonly id: string;
  readonly actor: Actor;
  close(code: number, reason: string): void;
}

export interface BoardRoomOptions {
  compactAfterUpdates: number;
  /** Called when storage failed under the room: the registry drops it; connections are closed. */
  onFailure: (room: BoardRoom, err: unknown) => void;
}

interface Committed {
  update: Uint8Array;
  origin: RoomConnection | null;
}

export class BoardRoom {
  readonly doc = new Y.Doc();
  readonly connections = new Set<RoomConnection>();
  readonly awareness = new AwarenessHub();
  /** Commits handed to storage and not yet resolved. */
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];
  private outbox: Committed[] = [];
  private flushScheduled = false;
  private fullState: Uint8Array | null = null;
  /** clientID → the participant who first wrote with it on this board (stored, kept for good). */
  private readonly claims: Map<number, string>;
  /** How many client ids each participant has claimed on this board (their budget's use). */
  private readonly claimCounts = new Map<string, number>();
  private updatesSinceSnapshot: number;
  private compacting = false;
  failed = false;
  private ledger: Promise<VoteLedger> | null = null;
  /** The latest document commit handed to storage (joins wait for it before they are answered). */
  private tail: Promise<boolean> = Promise.resolve(true);
  private held: Promise<Map<string, HeldNoteRow>> | null = null;
  /** Last time the room had a connection or a command (for idle unloading). */
  lastActive = Date.now();

  private constructor(
    readonly boardId: string,
    readonly sessionId: string,
    private readonly storage: Storage,
    private readonly opts: BoardRoomOptions,
    storedUpdates: number,
    claims: ClientIdClaim[],
  ) {
    this.updatesSinceSnapshot = storedUpdates;
    this.claims = new Map();
    for (const c of claims) this.addClaim(c.clientId, c.participantId);
    this.doc.on('update', () => {
      this.fullState = null;
    });
    this.awareness.flushTo = () => this.connections;
  }

  /** Rebuilds a board's document from its snapshot and update log. */
  static async load(boardId: string, sessionId: string, storage: Storage, opts: BoardRoomOptions): Promise<BoardRoom> {
    const [stored, claims] = await Promise.all([storage.loadBoardDoc(boardId), storage.listClientIdClaims(boardId)]);
    const room = new BoardRoom(boardId, sessionId, storage, opts, stored.updates.length, claims);
    room.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot, Origin.storage);
      for (const u of stored.updates) Y.applyUpdate(room.doc, u, Origin.storage);
    }, Origin.storage);
    return room;
  }

  /** Adds a connection and greets it with the server's state vector (sync step 1). */
  addConnection(conn: RoomConnection): void {
    this.connections.add(conn);
    this.lastActive = Date.now();
    conn.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
    const aw = this.awareness.snapshotFor(conn);
    if (aw) conn.send(aw);
  }

  removeConnection(conn: RoomConnection): void {
    if (!this.connections.delete(conn)) return;
    this.lastActive = Date.now();
    this.awareness.removePeer(conn);
  }

  private addClaim(clientId: number, participantId: string): void {
    this.claims.set(clientId, participantId);
    this.claimCounts.set(participantId, (this.claimCounts.get(participantId) ?? 0) + 1);
  }

  /**
   * What a client lacks, given its state vector. Encoded now, sent once every commit that was
   * in flight at this moment is durable (storage resolves commits in order, so waiting for the
   * latest one suffices); later commits cannot delay a join on a busy board.
   */
  async syncStep2For(stateVector: Uint8Array): Promise<Uint8Array> {
    let update: Uint8Array;
    if (stateVector.length <= 1) update = this.fullState ??= Y.encodeStateAsUpdate(this.doc);
    else update = Y.encodeStateAsUpdate(this.doc, stateVector);
    // The commit it waited for failed: the encoding holds state that was never stored.
    if (!(await this.tail) || this.failed) throw new RoomFailedError();
    return syncStep2Frame(update);
  }

  /**
   * Guards a client's update; if allowed, applies it, commits it and (once committed) relays it.
   * Synchronous up to the commit so updates from one connection keep their order.
   */
  receiveClientUpdate(conn: RoomConnection, update: Uint8Array): GuardResult {
    if (this.failed) return { ok: false, reason: 'board unavailable' };
    const convenerId = readBreakout(this.doc)?.convenerId ?? null;
    // A convener edits their own breakout's layout and action fields as a moderator would.
    const role = effectiveRole(conn.actor, { phase: 'gather', locked: false, residentsSort: false, convenerId });
    const participantId = conn.actor.participantId;
    const result = checkUpdate(this.doc, update, {
      role,
      phase: readPhase(this.doc),
      locked: readLocked(this.doc),
      participantId,
      claimOf: (clientId) => this.claims.get(clientId),
      newClientIdsLeft: clientIdBudgetFor(role) - (this.claimCounts.get(participantId) ?? 0),
    });
    if (!result.ok || result.empty) return result;
    // Claimed now, before the commit resolves, so the next frame (anyone's) already sees it.
    const claimOps: StorageOp[] = result.newClaims.map((clientId) => {
      this.addClaim(clientId, participantId);
      return { op: 'clientId.claim', boardId: this.boardId, clientId, participantId };
    });
    this.lastActive = Date.now();
    let applied: Uint8Array | null = null;
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === conn) applied = u;
    };
    this.doc.on('update', capture);
    try {
      Y.applyUpdate(this.doc, update, conn);
    } finally {
      this.doc.off('update', capture);
    }
    // The guard admitted it; store what Yjs actually integrated (it may be less than was sent).
    if (applied) void this.commit(applied, conn, claimOps).catch(() => undefined);
    else if (claimOps.length) void this.commitOps(claimOps).catch(() => undefined);
    return result;
  }

  /**
   * Runs a server-side change (a command's effect) and commits it together with `ops`
   * (record entries, idempotency results) in one atomic commit. Resolves once durable.
   */
  async serverChange(mutate: (doc: Y.Doc) => void, ops: StorageOp[] = []): Promise<void> {
    if (this.failed) throw new Error('board unavailable');
    this.lastActive = Date.now();
    const parts: Uint8Array[] = [];
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === Origin.server) parts.push(u);
    };
    this.doc.on('update', capture);
    try {
      this.doc.transact(() => mutate(this.doc), Origin.server);
    } finally {
      this.doc.off('update', capture);
    }
    const update = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
    if (update) await this.commit(update, null, ops);
    else if (ops.length) await this.commitOps(ops);
  }

  /** Commits ops that do not change the document (hidden votes, record entries), counted as in flight. */
  async commitOps(ops: StorageOp[]): Promise<void> {
    this.lastActive = Date.now();
    await this.track(this.storage.commit(ops));
  }

  /** Counts a commit as in flight until it settles (idle unloading and compaction wait for zero). */
  private async track<T>(commit: Promise<T>): Promise<T> {
    this.inflight++;
    try {
      return await commit;
    } finally {
      this.inflight--;
      if (this.inflight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Concerns held out of the document (private, pending, rejected, hidden), loaded on first use. */
  async heldNotes(): Promise<HeldNoteRow[]> {
    return [...(await this.heldMap()).values()];
  }

  /** One held concern, or null when it is on the board or gone. */
  async heldNote(noteId: string): Promise<HeldNoteRow | null> {
    return (await this.heldNotes()).find((h) => h.note.id === noteId) ?? null;
  }

  /**
   * Puts a concern into (or updates it in) the held set, out of the document. The cache changes
   * before the commit so concurrent commands see it at once; a failed commit restores it.
   */
  async holdNote(row: HeldNoteRow, ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    return this.holdNotes([row], ops, mutate);
  }

  /** Holds several concerns in one commit (all or none). */
  async holdNotes(rows: HeldNoteRow[], ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    const held = await this.heldMap();
    const before = rows.map((r) => held.get(r.note.id));
    for (const r of rows) held.set(r.note.id, r);
    const all: StorageOp[] = [...rows.map((row) => ({ op: 'heldNote.put' as const, row })), ...ops];
    try {
      if (mutate) await this.serverChange(mutate, all);
      else await this.commitOps(all);
    } catch (err) {
      rows.forEach((r, i) => {
        const b = before[i];
        if (b) held.set(r.note.id, b);
        else held.delete(r.note.id);
      });
      throw err;
    }
  }

  /** Removes held concerns, optionally writing them (or anything) into the document in the same commit. */
  async releaseHeld(noteIds: string | string[], ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    const ids = Array.isArray(noteIds) ? noteIds : [noteIds];
    const held = await this.heldMap();
    const removed = ids.map((id) => held.get(id)).filter((r): r is HeldNoteRow => r !== undefined);
    for (const r of removed) held.delete(r.note.id);
    const all: StorageOp[] = [...removed.map((r) => ({ op: 'heldNote.delete' as const, boardId: this.boardId, noteId: r.note.id })), ...ops];
    try {
      if (mutate) await this.serverChange(mutate, all);
      else await this.commitOps(all);
    } catch (err) {
      for (const r of removed) held.set(r.note.id, r);
      throw err;
    }
  }

  private heldMap(): Promise<Map<string, HeldNoteRow>> {
    this.held ??= this.storage.listHeldNotes(this.boardId).then((rows) => new Map(rows.map((r) => [r.note.id, r])));
    return this.held;
  }

  /** The board's vote ledger, loaded from storage on first use. */
  voteLedger(): Promise<VoteLedger> {
    this.ledger ??= this.storage.listVotes(this.boardId).then((rows) => VoteLedger.from(rows));
    return this.ledger;
  }

  /** Resolves when no commit is in flight. */
  whenCommitted(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get idle(): boolean {
    return this.connections.size === 0 && this.inflight === 0;
  }

  /** Folds the update log into a snapshot (when nothing is in flight, so the snapshot is exactly what is stored). */
  async compact(): Promise<void> {
    if (this.compacting || this.failed || this.updatesSinceSnapshot === 0) return;
    await this.whenCommitted();
    if (this.inflight > 0) return;
    this.compacting = true;
    try {
      await this.storage.commit([{ op: 'board.compact', boardId: this.boardId, snapshot: Y.encodeStateAsUpdate(this.doc) }]);
      this.updatesSinceSnapshot = 0;
    } finally {
      this.compacting = false;
    }
  }

  destroy(code: number, reason: string): void {
    for (const c of [...this.connections]) c.close(code, reason);
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private async commit(update: Uint8Array, origin: RoomConnection | null, ops: StorageOp[]): Promise<void> {
    const committed = this.storage.commit([{ op: 'board.update', boardId: this.boardId, update }, ...ops]);
    this.tail = committed.then(() => true, () => false);
    try {
      await this.track(committed);
    } catch (err) {
      // The document is now ahead of storage: nobody may see this state. Drop the room;
      // clients reconnect to a document rebuilt from what is stored and resend what they have.
      this.failed = true;
      this.opts.onFailure(this, err);
      throw err;
    }
    this.updatesSinceSnapshot++;
    this.outbox.push({ update, origin });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Every commit of one storage batch resolves in the same turn: relay them as one frame.
      setImmediate(() => this.flush());
    }
    if (this.updatesSinceSnapshot >= this.opts.compactAfterUpdates) void this.compact().catch(() => undefined);
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length === 0 || this.failed) return;
    const all = updateFrame(batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((b) => b.update)));
    const senders = new Set(batch.map((b) => b.origin).filter((o): o is RoomConnection => o !== null));
    for (const conn of this.connections) {
      if (!senders.has(conn)) {
        conn.send(all);
        continue;
      }
      const others = batch.filter((b) => b.origin !== conn).map((b) => b.update);
      if (others.length) conn.send(updateFrame(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
    }
  }
}
