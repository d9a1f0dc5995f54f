/**
 * Retention: unpublished sessions whose last activity is older than RETENTION_DAYS are deleted
 * entirely. Swept once at start and then hourly (the timer does not keep the process alive);
 * every deletion is logged. Published sessions are kept: their results are public on purpose.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../storage/storage.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import type { Presence } from '../presence/presence.ts';
import type { SessionDeletion } from './session-deletion.ts';
import { LocalOwnership, OwnedElsewhereError, type SessionOwnership } from '../ownership/session-ownership.ts';

const day = 24 * 3600 * 1000;
const hour = 3600 * 1000;

export interface RetentionDeps {
  storage: Storage;
  rooms: BoardRooms;
  presence: Presence;
  deletion: SessionDeletion;
  /** Several processes: one sweeps at a time (the 'retention' task lease), and a session another process holds is in use. */
  ownership?: SessionOwnership;
  log: FastifyBaseLogger;
  /** 0 turns retention off. */
  retentionDays: number;
  now?: () => number;
}

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string[]> | null = null;
  private readonly now: () => number;
  private readonly ownership: SessionOwnership;

  constructor(private readonly deps: RetentionDeps) {
    this.now = deps.now ?? Date.now;
    this.ownership = deps.ownership ?? new LocalOwnership();
  }

  /** Sweeps now and every hour; does nothing when retention is off. */
  start(): void {
    if (this.deps.retentionDays === 0 || this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), hour);
    this.timer.unref();
  }

  /** Stops the hourly sweep and waits for one that is running. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Deletes every idle unpublished session; returns their ids. Never throws (failures are logged). */
  sweep(): Promise<string[]> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepOnce(): Promise<string[]> {
    const { storage, log, retentionDays } = this.deps;
    if (retentionDays === 0) return [];
    const cutoff = this.now() - retentionDays * day;
    const deleted: string[] = [];
    try {
      // Processes sharing a database take turns: only the holder of the task's lease sweeps.
      if (!(await this.ownership.lead('retention'))) return [];
      for (const idle of await storage.listIdleSessions(cutoff)) {
        if (await this.stillInUse(idle.sessionId)) continue;
        const r = await this.deps.deletion.delete(idle.sessionId, 'retention');
        if (!r) continue;
        deleted.push(idle.sessionId);
        log.info({ sessionId: idle.sessionId, lastActivityAt: idle.lastActivityAt, retentionDays }, 'retention deleted an idle unpublished session');
      }
    } catch (err) {
      log.error({ err }, 'retention sweep failed');
    }
    if (deleted.length) log.info({ deleted: deleted.length, retentionDays }, 'retention sweep done');
    return deleted;
  }

  /**
   * Published, or somebody is on it right now (edits by Yjs alone leave no time stamp in storage),
   * here or in another process (which then holds its lease; otherwise this process claims it, to delete it).
   */
  private async stillInUse(sessionId: string): Promise<boolean> {
    if ((await this.deps.storage.getDisclosure(sessionId))?.publishedAt != null) return true;
    try {
      await this.ownership.hold(sessionId);
    } catch (err) {
      if (err instanceof OwnedElsewhereError) return true;
      throw err;
    }
    for (const room of this.deps.rooms.all()) if (room.sessionId === sessionId && room.connections.size > 0) return true;
    return (await this.deps.presence.roster(sessionId)).length > 0;
  }
}
