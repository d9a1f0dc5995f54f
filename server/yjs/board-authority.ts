/**
 * A board's authority: the document as stored, and every decision about changing it. It guards
 * client updates, commits every change (with the command's other ops) before anyone may see it,
 * keeps the vote ledger, the held concerns and the client-id claims, and compacts the log.
 * It knows nothing of connections: each durable change goes out through `onCommitted`, which the
 * board's fan-out (server/yjs/board-fanout.ts) turns into frames — in this process today, and
 * fed from another process's authority once a relay holds the fan-out.
 */
import * as Y from 'yjs';
import type { Actor } from '../../shared/roles.ts';
import { VoteLedger } from '../../shared/voting.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import { effectiveRole } from '../../shared/permissions.ts';
import { appendUpdateOp, compactOp, type ClientIdClaim, type HeldNoteRow, type RoomStorage, type StorageOp, type StoredBoardDoc } from '../storage/storage.ts';
import { checkUpdate, type GuardResult } from './update-guard.ts';
import { clientIdBudgetFor } from './frame-limits.ts';
import { JoinStateCache } from './join-state-cache.ts';
import { isNewClient } from './protocol-frames.ts';

/** The room's storage failed: it is being dropped and its connections closed (1011). */
export class RoomFailedError extends Error {
  constructor() {
    super('board unavailable: a storage commit failed');
    this.name = 'RoomFailedError';
  }
}

/** Transaction origins that are not client connections. */
export const Origin = { storage: 'storage', server: 'server' } as const;

/** Who sent a client update: the connection's id (so the fan-out does not echo it) and its actor. */
export interface UpdateWriter {
  readonly id: string;
  readonly actor: Actor;
}

/** One durable document change; `originId` is the connection that wrote it, null for the server. */
export interface CommittedUpdate {
  update: Uint8Array;
  originId: string | null;
}

export interface BoardAuthorityOptions {
  /** The fewest logged updates before the log is folded into a snapshot. */
  compactAfterUpdates: number;
  /**
   * And the log's bytes must reach this percentage of the last snapshot's (default 100). Folding
   * costs a full encoding on the event loop (25–55 ms at 5,000 concerns), so it is paid about
   * once per doubling of the stored bytes, not every 2.5 s of a board taking 200 concerns a
   * second. 0: the update count alone decides.
   */
  compactLogPercent?: number;
  /**
   * A fold that is due waits for this many ms without a commit (default 1 s), so its encoding
   * falls in a lull of the meeting rather than under a stream of concerns; once the log weighs
   * `OverdueFactor` times what made the fold due, it folds at the next commit anyway (a load
   * then reads at most about five times the snapshot). 0: at once.
   */
  compactLullMs?: number;
  /** A commit failed: the document is ahead of storage and the board must be dropped. */
  onFailure: (err: unknown) => void;
  /** Each durable document change, in commit order. */
  onCommitted: (committed: CommittedUpdate) => void;
}

/** When a board's log is folded: what the registry and each room pass down to the authority. */
export type CompactionOptions = Pick<BoardAuthorityOptions, 'compactAfterUpdates' | 'compactLogPercent' | 'compactLullMs'>;

/** The compaction options out of a larger options object. */
export function compactionOptions(o: CompactionOptions): CompactionOptions {
  return { compactAfterUpdates: o.compactAfterUpdates, compactLogPercent: o.compactLogPercent, compactLullMs: o.compactLullMs };
}

/** A due fold is made at once, lull or not, when the log has grown this many times past its due point. */
export const OverdueFactor = 4;
/** The default wait for a lull before a due fold. */
export const DefaultCompactLullMs = 1_000;

/** A server change applied to the document and not yet committed (see `commitTogether`). */
export interface StagedChange {
  authority: BoardAuthority;
  /** What the change did to the document; null when it changed nothing. */
  update: Uint8Array | null;
}

export class BoardAuthority {
  readonly doc = new Y.Doc();
  /** Commits handed to storage and not yet resolved. */
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];
  /** What new clients are sent: the whole document as last encoded and the changes since, in blocks. */
  private readonly joinState = new JoinStateCache();
  /** clientID → the participant who first wrote with it on this board (stored, kept for good). */
  private readonly claims = new Map<number, string>();
  /** How many client ids each participant has claimed on this board (their budget's use). */
  private readonly claimCounts = new Map<string, number>();
  private updatesSinceSnapshot: number;
  /** Bytes of the updates logged since the snapshot, and of the snapshot (see compactLogPercent). */
  private logBytes: number;
  private snapshotBytes: number;
  private compacting = false;
  private lullTimer: NodeJS.Timeout | null = null;
  failed = false;
  private ledger: Promise<VoteLedger> | null = null;
  /** The latest document commit handed to storage (joins wait for it before they are answered). */
  private tail: Promise<boolean> = Promise.resolve(true);
  private held: Promise<Map<string, HeldNoteRow>> | null = null;
  /** The held set once loaded: changes to it then start without a pause (see holdNotes). */
  private heldLoaded: Map<string, HeldNoteRow> | null = null;
  /** Last time the board had a write or a command (for idle unloading). */
  lastActive = Date.now();

  private constructor(
    readonly boardId: string,
    readonly storage: RoomStorage,
    private readonly opts: BoardAuthorityOptions,
    stored: StoredBoardDoc,
    claims: ClientIdClaim[],
  ) {
    this.updatesSinceSnapshot = stored.updates.length;
    this.logBytes = stored.updates.reduce((n, u) => n + u.length, 0);
    this.snapshotBytes = stored.snapshot?.length ?? 0;
    for (const c of claims) this.addClaim(c.clientId, c.participantId);
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => this.joinState.noteTransaction(transaction));
    this.doc.on('update', (update: Uint8Array) => this.joinState.noteUpdate(update));
  }

  /** Rebuilds a board's document from its snapshot and update log. */
  static async load(boardId: string, storage: RoomStorage, opts: BoardAuthorityOptions): Promise<BoardAuthority> {
    const [stored, claims] = await Promise.all([storage.loadBoardDoc(boardId), storage.listClientIdClaims(boardId)]);
    const authority = new BoardAuthority(boardId, storage, opts, stored, claims);
    authority.doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(authority.doc, stored.snapshot, Origin.storage);
      for (const u of stored.updates) Y.applyUpdate(authority.doc, u, Origin.storage);
    }, Origin.storage);
    return authority;
  }

  private addClaim(clientId: number, participantId: string): void {
    this.claims.set(clientId, participantId);
    this.claimCounts.set(participantId, (this.claimCounts.get(participantId) ?? 0) + 1);
  }

  /** The state vector a connection is greeted with. */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  /**
   * What a client lacks, given its state vector: encoded now, returned once every commit that
   * was in flight at this moment is durable (storage resolves commits in order, so waiting for
   * the latest one suffices); later commits cannot delay a join on a busy board. A new client
   * (empty state vector) gets the cached full state and the changes since in a few merged
   * blocks (see JoinStateCache): together the document as it is now. The cache is encoded anew
   * in a lull (no write for compactLullMs), once the changes weigh BusyReencodeFactor times as
   * much as it, or after a change that deleted content (a hidden concern's text must not reach
   * a new tablet).
   */
  async missingFor(stateVector: Uint8Array): Promise<Uint8Array[]> {
    const lull = this.opts.compactLullMs ?? DefaultCompactLullMs;
    const updates =
      isNewClient(stateVector)
        ? this.joinState.forNewClient(() => Y.encodeStateAsUpdate(this.doc), Date.now() - this.lastActive >= lull)
        : [Y.encodeStateAsUpdate(this.doc, stateVector)];
    // The commit it waited for failed: the encoding holds state that was never stored.
    if (!(await this.tail) || this.failed) throw new RoomFailedError();
    return updates;
  }

  /**
   * Guards a client's update; if allowed, applies it and commits it (the fan-out gets it once
   * durable). Synchronous up to the commit so updates from one connection keep their order.
   */
  receiveClientUpdate(writer: UpdateWriter, update: Uint8Array): GuardResult {
    if (this.failed) return { ok: false, reason: 'board unavailable' };
    const rules = readRuleState(this.doc);
    // A convener edits their own breakout's layout and action fields as a moderator would.
    const role = effectiveRole(writer.actor, rules);
    const participantId = writer.actor.participantId;
    const result = checkUpdate(this.doc, update, {
      role,
      phase: rules.phase,
      locked: rules.locked,
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
    const applied = this.capture(writer, () => Y.applyUpdate(this.doc, update, writer));
    // The guard admitted it; store what Yjs actually integrated (it may be less than was sent).
    const ops = applied ? [appendUpdateOp(this.boardId, applied), ...claimOps] : claimOps;
    if (ops.length) void this.settle(applied, writer.id, this.storage.commit(ops)).catch(() => undefined);
    return result;
  }

  /** Runs `change` and returns the document update it caused under `origin` (merged), or null. */
  private capture(origin: unknown, change: () => void): Uint8Array | null {
    const parts: Uint8Array[] = [];
    const listen = (u: Uint8Array, o: unknown) => {
      if (o === origin) parts.push(u);
    };
    this.doc.on('update', listen);
    try {
      change();
    } finally {
      this.doc.off('update', listen);
    }
    return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  }

  /**
   * Applies a server-side change (a command's effect) to the document now, without committing
   * it: the caller commits it, with others, through `commitTogether`. Throws on a failed board.
   */
  stage(mutate: (doc: Y.Doc) => void): StagedChange {
    if (this.failed) throw new Error('board unavailable');
    this.lastActive = Date.now();
    return { authority: this, update: this.capture(Origin.server, () => this.doc.transact(() => mutate(this.doc), Origin.server)) };
  }

  /**
   * A staged change could not be committed (another board's change threw while being staged):
   * this document is ahead of storage, so the board fails as on a failed commit.
   */
  abandon(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.opts.onFailure(err);
  }

  /**
   * Runs a server-side change and commits it together with `ops` (record entries, idempotency
   * results) in one atomic commit. Resolves once durable.
   */
  async serverChange(mutate: (doc: Y.Doc) => void, ops: StorageOp[] = []): Promise<void> {
    await commitTogether(this.storage, [this.stage(mutate)], ops);
  }

  /** Commits ops that do not change the document (hidden votes, record entries), counted as in flight. */
  async commitOps(ops: StorageOp[]): Promise<void> {
    await commitTogether(this.storage, [{ authority: this, update: null }], ops);
  }

  /**
   * Follows a commit that holds this board's `update` (or only other ops, when null): counted
   * in flight until it settles; on success the change goes to the fan-out, on failure the board
   * fails (its document is ahead of storage, and nobody may see that state).
   */
  async settle(update: Uint8Array | null, originId: string | null, committed: Promise<void>): Promise<void> {
    this.lastActive = Date.now();
    if (update) this.tail = committed.then(() => true, () => false);
    this.inflight++;
    try {
      await committed;
    } catch (err) {
      if (update && !this.failed) {
        this.failed = true;
        this.opts.onFailure(err);
      }
      throw err;
    } finally {
      this.inflight--;
      if (this.inflight === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
    if (!update) return;
    this.updatesSinceSnapshot++;
    this.logBytes += update.length;
    this.opts.onCommitted({ update, originId });
    this.maybeCompact();
  }

  /** Folds the log if it is due: in the next lull, or now if overdue (see compactLullMs). */
  private maybeCompact(): void {
    if (this.updatesSinceSnapshot < this.opts.compactAfterUpdates) return;
    const dueBytes = (this.snapshotBytes * (this.opts.compactLogPercent ?? 100)) / 100;
    if (this.logBytes < dueBytes) return;
    const lull = this.opts.compactLullMs ?? DefaultCompactLullMs;
    if (this.lullTimer) clearTimeout(this.lullTimer);
    this.lullTimer = null;
    if (lull === 0 || this.logBytes >= dueBytes * OverdueFactor) {
      void this.compact().catch(() => undefined);
      return;
    }
    this.lullTimer = setTimeout(() => {
      this.lullTimer = null;
      void this.compact().catch(() => undefined);
    }, lull);
    this.lullTimer.unref();
  }

  /** Concerns held out of the document (private, pending, rejected, hidden), loaded on first use. */
  async heldNotes(): Promise<HeldNoteRow[]> {
    return [...(await this.heldMap()).values()];
  }

  /** How many concerns are held. */
  async heldCount(): Promise<number> {
    return (await this.heldMap()).size;
  }

  /** One held concern, or null when it is on the board or gone. */
  async heldNote(noteId: string): Promise<HeldNoteRow | null> {
    return (await this.heldMap()).get(noteId) ?? null;
  }

  /**
   * Puts concerns into (or updates them in) the held set, out of the document, in one commit
   * (all or none). The cache changes before the commit so concurrent commands see it at once; a
   * failed commit restores it.
   */
  async holdNotes(rows: HeldNoteRow[], ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    // Once loaded, no await before the change: a caller that moved dots synchronously just before
    // must not let another command (a cast on this concern) run in between.
    const held = this.heldLoaded ?? (await this.heldMap());
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
    const held = this.heldLoaded ?? (await this.heldMap());
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
    this.held ??= this.storage.listHeldNotes(this.boardId).then((rows) => (this.heldLoaded = new Map(rows.map((r) => [r.note.id, r]))));
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

  /** Whether a commit is in flight. */
  get busy(): boolean {
    return this.inflight > 0;
  }

  /** Folds the update log into a snapshot (when nothing is in flight, so the snapshot is exactly what is stored). */
  async compact(): Promise<void> {
    if (this.compacting || this.failed || this.updatesSinceSnapshot === 0) return;
    await this.whenCommitted();
    // Several calls may have waited for the same quiet moment: one compacts.
    if (this.inflight > 0 || this.compacting || this.updatesSinceSnapshot === 0) return;
    this.compacting = true;
    // What this snapshot folds in: updates committed while it is written stay in the log.
    const folded = { updates: this.updatesSinceSnapshot, bytes: this.logBytes };
    try {
      const snapshot = Y.encodeStateAsUpdate(this.doc);
      // It is the whole document, all of it durable (nothing is in flight): new clients can start
      // from it, with the changes from now on (one encoding instead of two).
      this.joinState.seed(snapshot);
      await this.storage.commit([compactOp(this.boardId, snapshot)]);
      this.updatesSinceSnapshot -= folded.updates;
      this.logBytes -= folded.bytes;
      this.snapshotBytes = snapshot.length;
    } finally {
      this.compacting = false;
    }
  }

  destroy(): void {
    if (this.lullTimer) clearTimeout(this.lullTimer);
    this.lullTimer = null;
    this.doc.destroy();
  }
}

/**
 * Stages a change on each board, for one `commitTogether`: nothing is staged if a board has
 * failed, and if a change throws, the boards already staged are abandoned (they fail) before
 * the error goes on — no board is left holding a change that storage will never see.
 */
export function stageAll(changes: { authority: BoardAuthority; mutate: (doc: Y.Doc) => void }[]): StagedChange[] {
  if (changes.some((c) => c.authority.failed)) throw new Error('board unavailable');
  const staged: StagedChange[] = [];
  try {
    for (const c of changes) staged.push(c.authority.stage(c.mutate));
  } catch (err) {
    for (const s of staged) if (s.update) s.authority.abandon(err);
    throw err;
  }
  return staged;
}

/**
 * Commits staged changes of one or more boards and `ops` as ONE storage commit, then settles
 * each board (fan-out on success; every board that changed fails on failure). A command that
 * touches several boards (`phase:set` on every board, session-wide settings, placing a topic,
 * converging) lands whole or not at all.
 */
export async function commitTogether(storage: Pick<RoomStorage, 'commit'>, staged: StagedChange[], ops: StorageOp[]): Promise<void> {
  const docOps = staged.flatMap((s) => (s.update ? [appendUpdateOp(s.authority.boardId, s.update)] : []));
  const all = [...docOps, ...ops];
  if (all.length === 0) return;
  const committed = storage.commit(all);
  const settled = await Promise.allSettled(staged.map((s) => s.authority.settle(s.update, null, committed)));
  if (staged.length === 0) await committed;
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
