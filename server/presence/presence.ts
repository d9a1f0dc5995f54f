/**
 * Presence: who is online in a session, with which role, on which board. In-process by
 * default; in Redis when several server processes share the load. One contract suite
 * (tests/contract/presence.contract.ts) runs against both.
 */
import type { Role } from '../../shared/roles.ts';

/** One live connection of one participant. */
export interface PresenceEntry {
  /** Unique per connection (a participant may have several: tablet and phone, Socket.IO and Yjs). */
  connectionId: string;
  sessionId: string;
  participantId: string;
  role: Role;
  name: string | null;
  /** The board the connection is looking at, if any. */
  boardId: string | null;
  /** Which server process holds the connection. */
  serverId: string;
  /** Epoch ms when the connection joined. */
  since: number;
}

/** Called with the id of a session whose roster changed (in this process or another). */
export type RosterListener = (sessionId: string) => void;

export interface Presence {
  readonly kind: 'memory' | 'redis';
  join(entry: PresenceEntry): Promise<void>;
  /** Moves a connection to another board (or none). Unknown connections are ignored. */
  setBoard(connectionId: string, boardId: string | null): Promise<void>;
  leave(connectionId: string): Promise<void>;
  /** Live entries of a session; entries of a process that stopped heart-beating are gone within `ttlMs`. */
  roster(sessionId: string): Promise<PresenceEntry[]>;
  /** Subscribes to roster changes; returns the unsubscribe function. */
  onChange(listener: RosterListener): () => void;
  health(): Promise<{ ok: boolean; kind: 'memory' | 'redis'; detail?: string }>;
  /** Stops heart-beating and removes this process's entries. */
  close(): Promise<void>;
}
