/** The live boards of this process: loaded on first use, unloaded (after compaction) when idle. */
import * as Y from 'yjs';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCodes } from '../../shared/errors.ts';
import { SessionDeletedError, type BoardRow, type HeldNoteRow, type Storage } from '../storage/storage.ts';
import { BoardRoom, type RoomHooks } from './board-room.ts';
import { Tombstones } from '../privacy/tombstones.ts';
import { LocalOwnership, type SessionOwnership } from '../ownership/session-ownership.ts';
import { underLease } from '../ownership/fenced-storage.ts';
import { compactionOptions, type CompactionOptions } from './board-authority.ts';

export interface BoardRoomsOptions extends CompactionOptions {
  storage: Storage;
  log: FastifyBaseLogger;
  idleMs: number;
  /** See BoardFanout: at most one document frame per connection per window on a busy board. */
  fanoutWindowMs?: number;
  /** Where metrics and a cross-process bus follow each board's life. */
  hooks?: RoomHooks;
  /** Whose sessions this process serves: a board loads under its session's lease (default: one process owns all). */
  ownership?: SessionOwnership;
}

/** What a read that decides nothing needs of a board: its document and held concerns, not to be changed. */
export interface BoardReader {
  readonly doc: Y.Doc;
  heldNote(noteId: string): Promise<HeldNoteRow | null>;
  heldNotes(): Promise<HeldNoteRow[]>;
}

/** A board read from storage (not live here) serves reads for this long before it is read again. */
const SnapshotTtlMs = 2000;
const MaxSnapshots = 64;

export class BoardRooms {
  private readonly rooms = new Map<string, BoardRoom>();
  private readonly loading = new Map<string, Promise<BoardRoom>>();
  /**
   * Boards of deleted sessions: not loaded again, so nothing of them is written back. Forgotten
   * after the grace period (server/privacy/tombstones.ts): by then nobody can still name one.
   */
  private readonly gone = new Tombstones();
  /** Boards read from storage for reads of sessions another process decides for (see `read`). */
  private readonly snapshots = new Map<string, { at: number; reader: Promise<BoardReader> }>();
  private readonly sweeper: NodeJS.Timeout;
  private closing = false;
  private readonly ownership: SessionOwnership;

  constructor(private readonly opts: BoardRoomsOptions) {
    this.ownership = opts.ownership ?? new LocalOwnership();
    this.sweeper = setInterval(() => void this.unloadIdle(), Math.max(1000, Math.min(opts.idleMs, 30_000)));
    this.sweeper.unref();
  }

  /**
   * The stored row of a board whose room is live (board rows never change once written), so a
   * command on a live board skips a storage read.
   */
  liveRow(boardId: string): BoardRow | undefined {
    const room = this.rooms.get(boardId);
    return room && !room.failed ? room.row : undefined;
  }

  /** The live room of a board, loading it from storage if needed. The caller checked the board exists (`row`, when it has it, is kept for liveRow). */
  async get(boardId: string, sessionId: string, row?: BoardRow): Promise<BoardRoom> {
    const room = await this.getRoom(boardId, sessionId);
    if (row && row.id === boardId && row.sessionId === sessionId) room.row ??= row;
    return room;
  }

  private async getRoom(boardId: string, sessionId: string): Promise<BoardRoom> {
    // After closeAll began nothing may load (or write to) a room: it would never be compacted,
    // and its commits would meet a closed store.
    if (this.closing) throw new Error('the server is shutting down');
    if (this.gone.has(boardId)) throw new SessionDeletedError(`Board ${boardId} was deleted with its session.`);
    const live = this.rooms.get(boardId);
    if (live && !live.failed) return live;
    let pending = this.loading.get(boardId);
    if (!pending) {
      // The board is loaded, and commits, under the session's lease: if another process takes
      // the session over, the store refuses this room's commits and dropSession unloads it.
      pending = this.ownership.hold(sessionId).then((lease) => BoardRoom.load(boardId, sessionId, underLease(this.opts.storage, lease, this.ownership), {
        ...compactionOptions(this.opts),
        fanoutWindowMs: this.opts.fanoutWindowMs,
        onFailure: (room, err) => this.fail(room, err),
        hooks: this.opts.hooks,
      })).finally(() => this.loading.delete(boardId));
      this.loading.set(boardId, pending);
      const room = await pending;
      this.rooms.set(boardId, room);
      return room;
    }
    return pending;
  }

  /**
   * A board for a read that decides nothing (a photo, the results page, a follow-up page): the
   * live room when this process serves the session (loading it if this process holds the
   * session or is alone); otherwise a copy read from storage, kept for ~2 s, without claiming
   * the session: another process may be deciding for it.
   */
  async read(boardId: string, sessionId: string): Promise<BoardReader> {
    const live = this.rooms.get(boardId);
    if (live && !live.failed) return live;
    if (this.ownership.kind === 'local' || this.ownership.current(sessionId)) return this.get(boardId, sessionId);
    if (this.gone.has(boardId)) throw new SessionDeletedError(`Board ${boardId} was deleted with its session.`);
    const now = Date.now();
    const hit = this.snapshots.get(boardId);
    if (hit && now - hit.at < SnapshotTtlMs) return hit.reader;
    const reader = this.readStored(boardId);
    this.snapshots.delete(boardId);
    this.snapshots.set(boardId, { at: now, reader });
    if (this.snapshots.size > MaxSnapshots) this.snapshots.delete(this.snapshots.keys().next().value!);
    reader.catch(() => this.snapshots.get(boardId)?.reader === reader && this.snapshots.delete(boardId));
    return reader;
  }

  private async readStored(boardId: string): Promise<BoardReader> {
    const [stored, held] = await Promise.all([this.opts.storage.loadBoardDoc(boardId), this.opts.storage.listHeldNotes(boardId)]);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    const byId = new Map(held.map((h) => [h.note.id, h]));
    return { doc, heldNote: (noteId) => Promise.resolve(byId.get(noteId) ?? null), heldNotes: () => Promise.resolve(held) };
  }

  /** A room if it is loaded (for fan-out of events that need no load). */
  peek(boardId: string): BoardRoom | undefined {
    return this.rooms.get(boardId);
  }

  all(): IterableIterator<BoardRoom> {
    return this.rooms.values();
  }

  /** Whether a board of the session is live here (its lease is then kept). */
  hasSession(sessionId: string): boolean {
    for (const room of this.rooms.values()) if (room.sessionId === sessionId) return true;
    return false;
  }

  /**
   * Unloads the session's boards at once, without compacting: another process decides for the
   * session now, and this one's commits would be refused. Their connections are closed with a
   * code that makes clients reconnect and resync (what they sent and was not committed comes
   * back with the resync).
   */
  dropSession(sessionId: string, code: number, reason: string): void {
    for (const room of [...this.rooms.values()]) {
      if (room.sessionId !== sessionId) continue;
      room.refuseChanges();
      this.rooms.delete(room.boardId);
      room.destroy(code, reason, 'moved');
    }
  }

  /** Compacts and unloads rooms that have had no connection and no command for idleMs. */
  async unloadIdle(now = Date.now()): Promise<void> {
    for (const room of [...this.rooms.values()]) {
      if (!room.idle || now - room.lastActive < this.opts.idleMs) continue;
      try {
        await room.compact();
      } catch (err) {
        this.opts.log.warn({ err, boardId: room.boardId }, 'compaction before unload failed');
      }
      if (!room.idle || this.rooms.get(room.boardId) !== room) continue;
      this.rooms.delete(room.boardId);
      room.destroy(CloseCodes.GOING_AWAY, 'board unloaded', 'idle');
    }
  }

  /**
   * Unloads the boards of a session being deleted, for good: each room refuses new changes,
   * waits for the commits already handed to storage (so the deletion that follows removes them
   * too), and closes its connections without compacting.
   */
  async evict(boardIds: string[], code: number, reason: string): Promise<void> {
    for (const id of boardIds) this.gone.add(id);
    for (const id of boardIds) {
      const room = this.rooms.get(id) ?? (await this.loading.get(id)?.catch(() => undefined));
      if (!room) continue;
      room.refuseChanges();
      await room.whenCommitted();
      if (this.rooms.get(id) === room) this.rooms.delete(id);
      room.destroy(code, reason, 'deleted');
    }
  }

  /** Waits for every in-flight commit and compacts each room (graceful shutdown). */
  async closeAll(reason: string): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    for (const room of this.rooms.values()) {
      await room.whenCommitted();
      try {
        await room.compact();
      } catch (err) {
        this.opts.log.warn({ err, boardId: room.boardId }, 'compaction at shutdown failed');
      }
      room.destroy(CloseCodes.GOING_AWAY, reason, 'shutdown');
    }
    this.rooms.clear();
  }

  private fail(room: BoardRoom, err: unknown): void {
    this.opts.log.error({ err, boardId: room.boardId }, 'storage failed under a board; dropping it so clients resync');
    if (this.rooms.get(room.boardId) === room) this.rooms.delete(room.boardId);
    room.destroy(CloseCodes.SERVER_ERROR, 'storage failure', 'failed');
  }
}
