/**
 * The rules every Presence implementation keeps, run against the in-process one and the Redis
 * one alike (tests/presence-memory.test.ts, tests/presence-redis.test.ts). The interface is
 * server/presence/presence.ts; each test name states the rule it checks.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Presence, PresenceEntry } from '../../server/presence/presence.ts';

export interface PresenceHarness {
  /** A new instance, standing for one server process. */
  create: (serverId: string) => Promise<Presence>;
  /** Closes every instance created and removes whatever they stored. */
  cleanup: () => Promise<void>;
}

export interface PresenceContractOptions {
  /** Instances of one harness share a store (Redis), so each must see the others' entries and changes. */
  sharedStore?: boolean;
}

/** Notifications may arrive asynchronously, but must arrive: this long at most. */
const NOTIFY_WITHIN_MS = 3_000;

/** A fresh entry whose ids no other test uses. */
export function presenceEntry(overrides: Partial<PresenceEntry> = {}): PresenceEntry {
  return {
    connectionId: `conn-${randomUUID()}`,
    sessionId: `session-${randomUUID()}`,
    participantId: `participant-${randomUUID()}`,
    role: 'resident',
    name: 'Lin',
    boardId: 'board-1',
    serverId: 'server-a',
    since: Date.now(),
    ...overrides,
  };
}

/** Records every session id a presence reports, with when it came. */
export function recordChanges(presence: Presence) {
  const calls: { sessionId: string; at: number }[] = [];
  const stop = presence.onChange((sessionId) => calls.push({ sessionId, at: Date.now() }));
  return {
    calls,
    stop,
    sessions: () => calls.map((c) => c.sessionId),
    clear: () => calls.splice(0),
    /** Resolves once a change of `sessionId` was reported; fails after NOTIFY_WITHIN_MS. */
    waitFor: (sessionId: string) =>
      vi.waitFor(() => expect(calls.map((c) => c.sessionId)).toContain(sessionId), {
        timeout: NOTIFY_WITHIN_MS,
        interval: 10,
      }),
  };
}

function byConnection(entries: PresenceEntry[]): PresenceEntry[] {
  return [...entries].sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
}

export function presenceContract(
  name: string,
  factory: () => Promise<PresenceHarness>,
  options: PresenceContractOptions = {},
): void {
  describe(`presence contract: ${name}`, () => {
    let harness: PresenceHarness;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('join shows the connection in its session roster with every field as given', async () => {
      const p = await harness.create('server-a');
      const sessionId = `session-${randomUUID()}`;
      const named = presenceEntry({ sessionId, role: 'facilitator', name: 'Wang Fang', boardId: 'plenary', since: 1_700_000_000_000 });
      const anonymous = presenceEntry({ sessionId, role: 'screen', name: null, boardId: null, since: 1_700_000_000_001 });
      await p.join(named);
      await p.join(anonymous);
      expect(byConnection(await p.roster(sessionId))).toEqual(byConnection([named, anonymous]));
    });

    it('setBoard moves a connection to another board, and to no board', async () => {
      const p = await harness.create('server-a');
      const entry = presenceEntry({ boardId: 'board-1' });
      await p.join(entry);
      await p.setBoard(entry.connectionId, 'board-2');
      expect(await p.roster(entry.sessionId)).toEqual([{ ...entry, boardId: 'board-2' }]);
      await p.setBoard(entry.connectionId, null);
      expect(await p.roster(entry.sessionId)).toEqual([{ ...entry, boardId: null }]);
    });

    it('setBoard and leave of an unknown connection are ignored', async () => {
      const p = await harness.create('server-a');
      const entry = presenceEntry();
      await p.join(entry);
      await expect(p.setBoard('conn-unknown', 'board-9')).resolves.toBeUndefined();
      await expect(p.leave('conn-unknown')).resolves.toBeUndefined();
      expect(await p.roster(entry.sessionId)).toEqual([entry]);
    });

    it('joining again under the same connection id replaces the entry, even in another session', async () => {
      const p = await harness.create('server-a');
      const first = presenceEntry();
      const again = presenceEntry({ connectionId: first.connectionId, boardId: 'board-3' });
      await p.join(first);
      await p.join({ ...first, name: 'Renamed' });
      expect(await p.roster(first.sessionId)).toEqual([{ ...first, name: 'Renamed' }]);
      await p.join(again);
      expect(await p.roster(first.sessionId)).toEqual([]);
      expect(await p.roster(again.sessionId)).toEqual([again]);
    });

    it('leave removes the connection from the roster', async () => {
      const p = await harness.create('server-a');
      const entry = presenceEntry();
      await p.join(entry);
      await p.leave(entry.connectionId);
      expect(await p.roster(entry.sessionId)).toEqual([]);
    });

    it('sessions are isolated: a roster lists only its own session, and changes in one leave the other alone', async () => {
      const p = await harness.create('server-a');
      const a = presenceEntry();
      const b = presenceEntry();
      await p.join(a);
      await p.join(b);
      expect(await p.roster(a.sessionId)).toEqual([a]);
      expect(await p.roster(b.sessionId)).toEqual([b]);
      await p.setBoard(a.connectionId, 'board-7');
      await p.leave(a.connectionId);
      expect(await p.roster(b.sessionId)).toEqual([b]);
    });

    it('a participant with two connections appears once per connection, and keeps one after leaving the other', async () => {
      const p = await harness.create('server-a');
      const tablet = presenceEntry({ boardId: 'board-1' });
      const phone = presenceEntry({ sessionId: tablet.sessionId, participantId: tablet.participantId, boardId: 'board-2' });
      await p.join(tablet);
      await p.join(phone);
      expect(byConnection(await p.roster(tablet.sessionId))).toEqual(byConnection([tablet, phone]));
      await p.leave(tablet.connectionId);
      expect(await p.roster(tablet.sessionId)).toEqual([phone]);
    });

    it('onChange reports the session that changed on join, setBoard and leave', async () => {
      const p = await harness.create('server-a');
      const changes = recordChanges(p);
      const entry = presenceEntry();
      const other = presenceEntry();
      for (const change of [
        () => p.join(entry),
        () => p.setBoard(entry.connectionId, 'board-2'),
        () => p.leave(entry.connectionId),
      ]) {
        changes.clear();
        await change();
        await changes.waitFor(entry.sessionId);
        expect(new Set(changes.sessions())).toEqual(new Set([entry.sessionId]));
      }
      changes.clear();
      await p.join(other);
      await changes.waitFor(other.sessionId);
      expect(changes.sessions()).not.toContain(entry.sessionId);
    });

    it('onChange unsubscribe stops the calls to that listener only', async () => {
      const p = await harness.create('server-a');
      const stopped = recordChanges(p);
      const kept = recordChanges(p);
      stopped.stop();
      const entry = presenceEntry();
      await p.join(entry);
      await kept.waitFor(entry.sessionId);
      expect(stopped.calls).toEqual([]);
    });

    if (options.sharedStore) {
      it('another instance on the same store sees the entry and is told of join, setBoard and leave', async () => {
        const a = await harness.create('server-a');
        const b = await harness.create('server-b');
        const heardByB = recordChanges(b);
        const entry = presenceEntry({ serverId: 'server-a' });

        await a.join(entry);
        await heardByB.waitFor(entry.sessionId);
        expect(await b.roster(entry.sessionId)).toEqual([entry]);

        heardByB.clear();
        await a.setBoard(entry.connectionId, 'board-2');
        await heardByB.waitFor(entry.sessionId);
        expect(await b.roster(entry.sessionId)).toEqual([{ ...entry, boardId: 'board-2' }]);

        heardByB.clear();
        await a.leave(entry.connectionId);
        await heardByB.waitFor(entry.sessionId);
        expect(await b.roster(entry.sessionId)).toEqual([]);
      });
    }

    it("close removes this instance's entries (only its own) and tells the listeners of their sessions", async () => {
      const closing = await harness.create('server-a');
      const staying = await harness.create('server-b');
      const sessionId = `session-${randomUUID()}`;
      const gone = [presenceEntry({ sessionId, serverId: 'server-a' }), presenceEntry({ sessionId, serverId: 'server-a' })];
      const kept = presenceEntry({ sessionId, serverId: 'server-b' });
      for (const e of gone) await closing.join(e);
      await staying.join(kept);
      const heardByClosing = recordChanges(closing);
      const heardByStaying = recordChanges(staying);

      await closing.close();

      await heardByClosing.waitFor(sessionId);
      expect(await staying.roster(sessionId)).toEqual([kept]);
      if (options.sharedStore) await heardByStaying.waitFor(sessionId);
    });

    it('health reports ok with the implementation kind', async () => {
      const p = await harness.create('server-a');
      expect(await p.health()).toMatchObject({ ok: true, kind: p.kind });
    });
  });
}
