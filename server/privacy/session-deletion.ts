/**
 * Deleting a session entirely: what its facilitator asks for (`session:delete`,
 * `DELETE /api/sessions/:id`) and what retention does to idle unpublished sessions. Every row
 * of the session goes in one commit (the storage op finds the tables by their columns, so
 * tables added later are covered), its boards are unloaded without being written back, and
 * every live connection of the session is closed with SESSION_DELETED.
 */
import type { FastifyBaseLogger } from 'fastify';
import { CloseCodes } from '../../shared/errors.ts';
import type { Storage } from '../storage/storage.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { Presence } from '../presence/presence.ts';
import { LocalOwnership, type SessionOwnership } from '../ownership/session-ownership.ts';

/** Why a session was deleted; also the reason its connections are told. */
/** What a deletion with the wrong title answers, on the command and the HTTP route alike. */
export const titleMismatch = 'confirmTitle: type the session’s title exactly to confirm the deletion';

export const DeletionReasons = {
  facilitator: 'deleted by the facilitator',
  retention: 'retention period elapsed',
} as const;

export interface SessionDeletionDeps {
  storage: Storage;
  rooms: BoardRooms;
  notify: Notifier;
  presence: Presence;
  /** Several processes: only the session's owner deletes it (another process holding it: OwnedElsewhereError, nothing done). */
  ownership?: SessionOwnership;
  log: FastifyBaseLogger;
}

export interface DeletedSession {
  sessionId: string;
  boards: number;
  participants: number;
  photos: number;
}

export class SessionDeletion {
  constructor(private readonly deps: SessionDeletionDeps) {}

  /** Deletes the session if `confirmTitle` is exactly its title (the facilitator's typed confirmation). */
  async deleteConfirmed(sessionId: string, confirmTitle: string): Promise<DeletedSession | 'no-session' | 'title-mismatch'> {
    const session = await this.deps.storage.getSession(sessionId);
    if (!session) return 'no-session';
    if (session.title !== confirmTitle) return 'title-mismatch';
    return (await this.delete(sessionId, 'facilitator')) ?? 'no-session';
  }

  /**
   * Deletes the session; resolves once the deletion is durable, or null when there was no such
   * session. Connections are closed afterwards, on the next turn, so a command's ack still
   * reaches the socket that asked.
   */
  async delete(sessionId: string, why: keyof typeof DeletionReasons): Promise<DeletedSession | null> {
    const { storage, rooms } = this.deps;
    const session = await storage.getSession(sessionId);
    if (!session) return null;
    const [boards, participants, photos] = await Promise.all([storage.listBoards(sessionId), storage.listParticipants(sessionId), storage.listPhotos(sessionId)]);
    const reason = DeletionReasons[why];
    // Only the process deciding for the session deletes it: its boards are the ones live here.
    const ownership = this.deps.ownership ?? new LocalOwnership();
    await ownership.hold(sessionId);
    // First the boards: their rooms stop taking changes and flush what is in flight, so every
    // board row exists when the delete runs and nothing is written back after it.
    await rooms.evict(boards.map((b) => b.id), CloseCodes.SESSION_DELETED, reason);
    await storage.commit([{ op: 'session.delete', sessionId }]);
    ownership.forget(sessionId);
    const deleted = { sessionId, boards: boards.length, participants: participants.length, photos: photos.length };
    this.deps.log.info({ ...deleted, why }, 'session deleted');
    setImmediate(() => void this.disconnect(sessionId, participants.map((p) => p.id), reason));
    return deleted;
  }

  /** Closes every connection of the session, here and in other processes, and drops its presence entries. */
  private async disconnect(sessionId: string, participantIds: string[], reason: string): Promise<void> {
    for (const id of participantIds) this.deps.notify.closeParticipantEverywhere(id, CloseCodes.SESSION_DELETED, reason);
    try {
      // Closed connections leave presence themselves; this also drops entries whose close is still on its way.
      for (const e of await this.deps.presence.roster(sessionId)) await this.deps.presence.leave(e.connectionId);
    } catch (err) {
      this.deps.log.warn({ err, sessionId }, 'clearing presence of a deleted session failed');
    }
  }
}
