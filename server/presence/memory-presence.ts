/**
 * Presence held in this process's memory: the embedded, single-process deployment. Nothing
 * expires here, because the entries die with the process that holds the connections.
 */
import type { Presence, PresenceEntry, RosterListener } from './presence.ts';

/** Rosters list the earliest connection first; the id breaks ties so the order is stable. */
function compareEntries(a: PresenceEntry, b: PresenceEntry): number {
  return a.since - b.since || (a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : 0);
}

function notifyAll(listeners: Set<RosterListener>, sessionId: string): void {
  // A throwing listener must not keep the others from hearing about the change.
  for (const listener of [...listeners]) {
    try {
      listener(sessionId);
    } catch (error) {
      console.error('presence: roster listener threw', error);
    }
  }
}

export function createMemoryPresence(): Presence {
  const byConnection = new Map<string, PresenceEntry>();
  const bySession = new Map<string, Map<string, PresenceEntry>>();
  const listeners = new Set<RosterListener>();

  function remove(connectionId: string): string | null {
    const entry = byConnection.get(connectionId);
    if (!entry) return null;
    byConnection.delete(connectionId);
    const session = bySession.get(entry.sessionId);
    session?.delete(connectionId);
    if (session?.size === 0) bySession.delete(entry.sessionId);
    return entry.sessionId;
  }

  return {
    kind: 'memory',

    async join(entry) {
      // A re-join under the same connection id replaces the old entry, possibly in another session.
      const previousSession = remove(entry.connectionId);
      const stored = { ...entry };
      byConnection.set(stored.connectionId, stored);
      let session = bySession.get(stored.sessionId);
      if (!session) bySession.set(stored.sessionId, (session = new Map()));
      session.set(stored.connectionId, stored);
      if (previousSession !== null && previousSession !== stored.sessionId) notifyAll(listeners, previousSession);
      notifyAll(listeners, stored.sessionId);
    },

    async setBoard(connectionId, boardId) {
      const entry = byConnection.get(connectionId);
      if (!entry || entry.boardId === boardId) return;
      entry.boardId = boardId;
      notifyAll(listeners, entry.sessionId);
    },

    async leave(connectionId) {
      const sessionId = remove(connectionId);
      if (sessionId !== null) notifyAll(listeners, sessionId);
    },

    async roster(sessionId) {
      // Copies, so a caller mutating its roster cannot change ours.
      return [...(bySession.get(sessionId)?.values() ?? [])].map((e) => ({ ...e })).sort(compareEntries);
    },

    onChange(listener) {
      // Wrapped so that subscribing the same function twice gives two independent subscriptions.
      const wrapped: RosterListener = (sessionId) => listener(sessionId);
      listeners.add(wrapped);
      return () => {
        listeners.delete(wrapped);
      };
    },

    async health() {
      return { ok: true, kind: 'memory' };
    },

    async close() {
      const sessions = [...bySession.keys()];
      byConnection.clear();
      bySession.clear();
      for (const sessionId of sessions) notifyAll(listeners, sessionId);
    },
  };
}
