/**
 * One live board: its authority (server/yjs/board-authority.ts: the document, the guard, every
 * commit, votes, held concerns, claims) and its fan-out (server/yjs/board-fanout.ts:
 * connections, awareness, batched frames), joined by one line each way: durable changes go from
 * the authority into the fan-out; joins ask the authority what a client lacks. Commands and the
 * Yjs endpoint talk to this class; lifecycle hooks (`loaded`, `committed`, `fannedOut`, `unloaded`) are where
 * metrics and a cross-process bus attach.
 */
import type * as Y from 'yjs';
import type { VoteLedger } from '../../shared/voting.ts';
import type { BoardRow, HeldNoteRow, RoomStorage, StorageOp } from '../storage/storage.ts';
import { BoardAuthority, compactionOptions, type CommittedUpdate, type CompactionOptions } from './board-authority.ts';
import { BoardFanout, type RoomConnection } from './board-fanout.ts';
import type { GuardResult } from './update-guard.ts';

/** Why a room was unloaded: idle, its session deleted, storage failed under it, shutdown, or another process took its session over. */
export type UnloadWhy = 'idle' | 'deleted' | 'failed' | 'shutdown' | 'moved';

/** Where code outside the room follows a board's life (all optional; a throwing hook is logged by its caller's choice, never fatal to the room). */
export interface RoomHooks {
  /** The board's document was rebuilt from storage. */
  loaded?(room: BoardRoom): void;
  /** A durable change, in commit order, before it is fanned out. */
  committed?(room: BoardRoom, change: CommittedUpdate): void;
  /** A window's changes went out to the board's connections, `delayMs` after the oldest of them was durable. */
  fannedOut?(room: BoardRoom, delayMs: number): void;
  /** The board left memory (idle, deleted with its session, failed, or shutdown). */
  unloaded?(room: BoardRoom, why: UnloadWhy): void;
}

export interface BoardRoomOptions extends CompactionOptions {
  /** The fan-out's window (BoardFanout); its default when absent. */
  fanoutWindowMs?: number;
  /** Called when storage failed under the room: the registry drops it; connections are closed. */
  onFailure: (room: BoardRoom, err: unknown) => void;
  hooks?: RoomHooks;
}

export class BoardRoom {
  readonly fanout: BoardFanout;
  /** The board's stored row, once a caller had it (see BoardRooms.liveRow). */
  row: BoardRow | undefined;
  private lastConnectionChange = Date.now();

  private constructor(
    readonly authority: BoardAuthority,
    readonly sessionId: string,
    private readonly hooks: RoomHooks,
    fanoutWindowMs: number | undefined,
  ) {
    const fannedOut = hooks.fannedOut;
    this.fanout = new BoardFanout(authority, fanoutWindowMs, undefined, fannedOut && ((ms) => fannedOut(this, ms)));
  }

  /** Rebuilds a board's document from its snapshot and update log. */
  static async load(boardId: string, sessionId: string, storage: RoomStorage, opts: BoardRoomOptions): Promise<BoardRoom> {
    const hooks = opts.hooks ?? {};
    let room: BoardRoom | null = null;
    const authority = await BoardAuthority.load(boardId, storage, {
      ...compactionOptions(opts),
      onFailure: (err) => {
        if (!room) return;
        room.fanout.halt();
        opts.onFailure(room, err);
      },
      onCommitted: (change) => {
        if (!room) return;
        hooks.committed?.(room, change);
        room.fanout.committed(change);
      },
    });
    room = new BoardRoom(authority, sessionId, hooks, opts.fanoutWindowMs);
    hooks.loaded?.(room);
    return room;
  }

  get boardId(): string {
    return this.authority.boardId;
  }

  get doc(): Y.Doc {
    return this.authority.doc;
  }

  get connections(): ReadonlySet<RoomConnection> {
    return this.fanout.connections;
  }

  get awareness(): BoardFanout['awareness'] {
    return this.fanout.awareness;
  }

  get failed(): boolean {
    return this.authority.failed;
  }

  /** Last time the room had a connection come or go, a write or a command (for idle unloading). */
  get lastActive(): number {
    return Math.max(this.lastConnectionChange, this.authority.lastActive);
  }

  get idle(): boolean {
    return this.fanout.connections.size === 0 && !this.authority.busy;
  }

  /** Adds a connection and greets it (sync step 1, awareness). */
  addConnection(conn: RoomConnection): void {
    this.lastConnectionChange = Date.now();
    this.fanout.add(conn);
  }

  removeConnection(conn: RoomConnection): void {
    if (this.fanout.remove(conn)) this.lastConnectionChange = Date.now();
  }

  /** The frames answering a client's state vector (a sync step 2, maybe an update after it); throws RoomFailedError if the commit it waited for failed. */
  joinFrames(stateVector: Uint8Array): Promise<Uint8Array[]> {
    return this.fanout.joinFrames(stateVector);
  }

  /** Guards a client's update; if allowed, applies and commits it (relayed once durable). */
  receiveClientUpdate(conn: RoomConnection, update: Uint8Array): GuardResult {
    return this.authority.receiveClientUpdate(conn, update);
  }

  /** A command's document change and its other ops, one commit; resolves once durable. */
  serverChange(mutate: (doc: Y.Doc) => void, ops: StorageOp[] = []): Promise<void> {
    return this.authority.serverChange(mutate, ops);
  }


  /** Commits ops that do not change the document. */
  commitOps(ops: StorageOp[]): Promise<void> {
    return this.authority.commitOps(ops);
  }

  heldNotes(): Promise<HeldNoteRow[]> {
    return this.authority.heldNotes();
  }

  heldCount(): Promise<number> {
    return this.authority.heldCount();
  }

  heldNote(noteId: string): Promise<HeldNoteRow | null> {
    return this.authority.heldNote(noteId);
  }

  holdNote(row: HeldNoteRow, ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    return this.authority.holdNotes([row], ops, mutate);
  }

  holdNotes(rows: HeldNoteRow[], ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    return this.authority.holdNotes(rows, ops, mutate);
  }

  releaseHeld(noteIds: string | string[], ops: StorageOp[] = [], mutate?: (doc: Y.Doc) => void): Promise<void> {
    return this.authority.releaseHeld(noteIds, ops, mutate);
  }

  voteLedger(): Promise<VoteLedger> {
    return this.authority.voteLedger();
  }

  whenCommitted(): Promise<void> {
    return this.authority.whenCommitted();
  }

  compact(): Promise<void> {
    return this.authority.compact();
  }

  /** Refuses every change from now on (the session is being deleted); commits in flight still settle. */
  refuseChanges(): void {
    this.authority.failed = true;
  }

  /** Closes the connections and frees the document; `unloaded` fires. */
  destroy(code: number, reason: string, why: UnloadWhy): void {
    this.fanout.closeAll(code, reason);
    this.authority.destroy();
    this.hooks.unloaded?.(this, why);
  }
}
