/**
 * The storage contract: the rules of server/storage/storage.ts, checked against any backend.
 * Each backend's test file calls `storageContract` with a factory for fresh, empty data;
 * `open()` may be called again after `close()` and must find the same data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type {
  BoardRow, IdempotencyRow, InviteRow, ParticipantRow, PhotoRow, RecordEntry, SessionRow, Storage, StorageOp,
} from '../../server/storage/storage.ts';
import { disclosureContract } from './storage-disclosure.contract.ts';
import { healthContract, type FailWrites } from './storage-health.contract.ts';

export interface StorageContractEnv {
  open: () => Promise<Storage>;
  cleanup: () => Promise<void>;
  /** Makes the backend's writes fail for real (as a full disk would) until restored: health must notice. */
  failWrites: FailWrites;
}

const session = (id: string, over: Partial<SessionRow> = {}): SessionRow => ({
  id, title: `Session ${id}`, joinCode: `CODE${id.toUpperCase()}`, joinOpen: true, settings: { dotsPerParticipant: 3 }, createdAt: 1000, ...over,
});
const board = (id: string, sessionId: string, over: Partial<BoardRow> = {}): BoardRow => ({
  id, sessionId, title: `Board ${id}`, kind: 'breakout', createdAt: 2000, ...over,
});
const participant = (id: string, sessionId: string, over: Partial<ParticipantRow> = {}): ParticipantRow => ({
  id, sessionId, role: 'resident', name: `Name ${id}`, group: null, ageBand: '18-29', locale: 'zh-CN',
  tokenVersion: 1, revoked: false, createdAt: 3000, scribedBy: null, ...over,
});
const invite = (code: string, sessionId: string, over: Partial<InviteRow> = {}): InviteRow => ({
  code, sessionId, role: 'expert', createdBy: 'p-facilitator', createdAt: 4000, revoked: false, ...over,
});
const entry = (sessionId: string, kind: string, data: unknown, over: Partial<RecordEntry> = {}): RecordEntry => ({
  sessionId, boardId: null, actorId: null, kind, data, at: 5000, ...over,
});
const idem = (participantId: string, key: string, over: Partial<IdempotencyRow> = {}): IdempotencyRow => ({
  participantId, key, fingerprint: 'note:add#abc', result: { ok: true, id: 'n1' }, at: 6000, ...over,
});

/** Bytes as a plain array, so Buffer and Uint8Array compare equal and a mismatch prints readably. */
const bytes = (u: Uint8Array | null | undefined): number[] | null => (u ? Array.from(u) : null);

/** A Yjs doc whose every update is captured, as the server would commit them. */
function recordingDoc(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates };
}

function addNote(doc: Y.Doc, id: string, text: string): void {
  doc.transact(() => {
    const note = new Y.Map<unknown>();
    note.set('text', text);
    doc.getMap<Y.Map<unknown>>('notes').set(id, note);
  });
}

/** Rebuilds a doc from what storage returned and lists its notes' texts by id. */
function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Record<string, unknown> {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  const out: Record<string, unknown> = {};
  doc.getMap<Y.Map<unknown>>('notes').forEach((note, id) => { out[id] = note.get('text'); });
  return out;
}

const sortById = <T extends { id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.id.localeCompare(b.id));

export function storageContract(name: string, factory: () => Promise<StorageContractEnv>): void {
  describe(`storage contract: ${name}`, () => {
    let env: StorageContractEnv;
    let store: Storage;

    beforeEach(async () => {
      env = await factory();
      store = await env.open();
    });

    afterEach(async () => {
      await store.close();
      await env.cleanup();
    });

    /** Closes the store and opens it again on the same data. */
    async function reopen(): Promise<void> {
      await store.close();
      store = await env.open();
    }

    const everything: StorageOp[] = [
      { op: 'session.put', session: session('s1') },
      { op: 'board.put', board: board('b1', 's1') },
      { op: 'participant.put', participant: participant('p1', 's1', { group: 'north' }) },
      { op: 'invite.put', invite: invite('INV1', 's1') },
      { op: 'board.update', boardId: 'b1', update: new Uint8Array([1, 2, 3]) },
      { op: 'record.append', entry: entry('s1', 'note.add', { noteId: 'n1' }, { boardId: 'b1', actorId: 'p1' }) },
      { op: 'idempotency.put', row: idem('p1', 'k1') },
    ];

    async function expectEverything(): Promise<void> {
      expect(await store.getSession('s1')).toEqual(session('s1'));
      expect(await store.getSessionByJoinCode('CODES1')).toEqual(session('s1'));
      expect(await store.getBoard('b1')).toEqual(board('b1', 's1'));
      expect(await store.listBoards('s1')).toEqual([board('b1', 's1')]);
      expect(await store.getParticipant('p1')).toEqual(participant('p1', 's1', { group: 'north' }));
      expect(await store.listParticipants('s1')).toEqual([participant('p1', 's1', { group: 'north' })]);
      expect(await store.getInvite('INV1')).toEqual(invite('INV1', 's1'));
      const doc = await store.loadBoardDoc('b1');
      expect(doc.snapshot).toBeNull();
      expect(doc.updates.map(bytes)).toEqual([[1, 2, 3]]);
      expect((await store.loadBoardDoc('b1')).updates.length).toBe(1);
      expect(await store.listRecord('s1')).toEqual([
        { ...entry('s1', 'note.add', { noteId: 'n1' }, { boardId: 'b1', actorId: 'p1' }), seq: expect.any(Number) },
      ]);
      expect(await store.getIdempotency('p1', 'k1')).toEqual(idem('p1', 'k1'));
    }

    it('a resolved commit is visible to every read', async () => {
      await store.commit(everything);
      await expectEverything();
    });

    it('a resolved commit survives close and reopen', async () => {
      await store.commit(everything);
      await reopen();
      await expectEverything();
    });

    it('close waits for every pending commit', async () => {
      // Several waves a few microtasks apart, so that some commits are in flight and others queued.
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        pending.push(store.commit([{ op: 'record.append', entry: entry('s1', 'tick', { i }) }]));
        if (i % 5 === 4) for (let t = 0; t < 3; t++) await Promise.resolve();
      }
      await store.close();
      const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref());
      const outcomes = await Promise.race([Promise.allSettled(pending), timeout]);
      expect(outcomes).toEqual(Array.from({ length: 20 }, () => ({ status: 'fulfilled', value: undefined })));
      store = await env.open();
      expect((await store.listRecord('s1')).map((e) => e.data)).toEqual(Array.from({ length: 20 }, (_, i) => ({ i })));
    });

    it('the ops of one commit are atomic: a later op violating a constraint applies none of them, and other commits of the batch land', async () => {
      // Issued together so that a batching backend writes them in one transaction.
      const first = store.commit([{ op: 'session.put', session: session('s1', { joinCode: 'SAME' }) }]);
      const bad = store.commit([
        { op: 'board.put', board: board('b2', 's2') },
        { op: 'record.append', entry: entry('s2', 'session.create', {}) },
        { op: 'session.put', session: session('s2', { joinCode: 'SAME' }) },
      ]);
      const last = store.commit([{ op: 'board.put', board: board('b3', 's1') }]);
      const [a, b, c] = await Promise.allSettled([first, bad, last]);
      expect(a.status).toBe('fulfilled');
      expect(b.status).toBe('rejected');
      expect(c.status).toBe('fulfilled');
      expect(await store.getBoard('b2')).toBeNull();
      expect(await store.getSession('s2')).toBeNull();
      expect(await store.listRecord('s2')).toEqual([]);
      expect((await store.getSessionByJoinCode('SAME'))?.id).toBe('s1');
      expect(await store.getBoard('b3')).toEqual(board('b3', 's1'));
      // A rejected commit leaves the store writable.
      await store.commit([{ op: 'session.put', session: session('s2', { joinCode: 'OTHER' }) }]);
      expect((await store.getSession('s2'))?.joinCode).toBe('OTHER');
    });

    it('200 concurrent commits all resolve and all are stored', async () => {
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit([
        { op: 'participant.put', participant: participant(`p${i}`, 's1') },
        { op: 'record.append', entry: entry('s1', 'join', { i }) },
      ])));
      expect(await store.listParticipants('s1')).toHaveLength(200);
      const record = await store.listRecord('s1');
      expect(record).toHaveLength(200);
      expect(new Set(record.map((e) => (e.data as { i: number }).i)).size).toBe(200);
    });

    it('concurrent commits land in submission order', async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) =>
        store.commit([{ op: 'record.append', entry: entry('s1', 'step', { i }) }])));
      const record = await store.listRecord('s1');
      expect(record.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('board doc: snapshot and updates come back byte-identical in commit order and rebuild the document', async () => {
      const { doc, updates } = recordingDoc();
      addNote(doc, 'n1', 'more shade trees');
      addNote(doc, 'n2', 'a crossing by the school');
      doc.getMap<Y.Map<unknown>>('notes').get('n1')?.set('text', 'more shade trees on Elm St');
      expect(updates).toHaveLength(3);
      for (const update of updates) await store.commit([{ op: 'board.update', boardId: 'b1', update }]);

      const stored = await store.loadBoardDoc('b1');
      expect(stored.snapshot).toBeNull();
      expect(stored.updates.every((u) => u instanceof Uint8Array)).toBe(true);
      expect(stored.updates.map(bytes)).toEqual(updates.map(bytes));
      expect(rebuild(stored)).toEqual({ n1: 'more shade trees on Elm St', n2: 'a crossing by the school' });
      expect((await store.loadBoardDoc('b1')).updates.length).toBe(3);
    });

    it('board doc: board.compact folds every earlier update into the snapshot, and later updates still come back', async () => {
      const { doc, updates } = recordingDoc();
      addNote(doc, 'n1', 'benches');
      addNote(doc, 'n2', 'lighting');
      for (const update of updates) await store.commit([{ op: 'board.update', boardId: 'b1', update }]);
      const snapshot = Y.encodeStateAsUpdate(doc);
      await store.commit([{ op: 'board.compact', boardId: 'b1', snapshot }]);
      expect((await store.loadBoardDoc('b1')).updates.length).toBe(0);

      addNote(doc, 'n3', 'a playground');
      const later = updates[2];
      if (!later) throw new Error('expected a third update');
      await store.commit([{ op: 'board.update', boardId: 'b1', update: later }]);

      const stored = await store.loadBoardDoc('b1');
      expect(stored.snapshot).toBeInstanceOf(Uint8Array);
      expect(bytes(stored.snapshot)).toEqual(bytes(snapshot));
      expect(stored.updates.map(bytes)).toEqual([bytes(later)]);
      expect((await store.loadBoardDoc('b1')).updates.length).toBe(1);
      expect(rebuild(stored)).toEqual({ n1: 'benches', n2: 'lighting', n3: 'a playground' });
      await reopen();
      expect(rebuild(await store.loadBoardDoc('b1'))).toEqual({ n1: 'benches', n2: 'lighting', n3: 'a playground' });
    });

    it('board doc: within one commit, compaction drops the updates before it and keeps the ones after it', async () => {
      const { doc, updates } = recordingDoc();
      addNote(doc, 'n1', 'before');
      const snapshot = Y.encodeStateAsUpdate(doc);
      addNote(doc, 'n2', 'after');
      const [before, after] = updates;
      if (!before || !after) throw new Error('expected two updates');
      await store.commit([
        { op: 'board.update', boardId: 'b1', update: before },
        { op: 'board.compact', boardId: 'b1', snapshot },
        { op: 'board.update', boardId: 'b1', update: after },
      ]);
      const stored = await store.loadBoardDoc('b1');
      expect(bytes(stored.snapshot)).toEqual(bytes(snapshot));
      expect(stored.updates.map(bytes)).toEqual([bytes(after)]);
      expect(rebuild(stored)).toEqual({ n1: 'before', n2: 'after' });
    });

    it('board doc: updates and compaction are kept per board', async () => {
      await store.commit([
        { op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) },
        { op: 'board.update', boardId: 'b2', update: new Uint8Array([2]) },
        { op: 'board.compact', boardId: 'b1', snapshot: new Uint8Array([9]) },
      ]);
      expect(await store.loadBoardDoc('b2')).toEqual({ snapshot: null, updates: [expect.anything()] });
      expect((await store.loadBoardDoc('b2')).updates.map(bytes)).toEqual([[2]]);
      expect((await store.loadBoardDoc('b2')).updates.length).toBe(1);
      expect((await store.loadBoardDoc('b1')).updates.length).toBe(0);
    });

    it('client-id claims: kept per board in claim order, the first claim of an id stays, and they survive reopen', async () => {
      await store.commit([
        { op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) },
        { op: 'clientId.claim', boardId: 'b1', clientId: 4_000_000_001, participantId: 'p1' },
        { op: 'clientId.claim', boardId: 'b1', clientId: 7, participantId: 'p2' },
      ]);
      // A second claim of the same id on the same board changes nothing; another board is separate.
      await store.commit([
        { op: 'clientId.claim', boardId: 'b1', clientId: 7, participantId: 'p3' },
        { op: 'clientId.claim', boardId: 'b2', clientId: 7, participantId: 'p3' },
      ]);
      await reopen();
      expect(await store.listClientIdClaims('b1')).toEqual([
        { boardId: 'b1', clientId: 4_000_000_001, participantId: 'p1' },
        { boardId: 'b1', clientId: 7, participantId: 'p2' },
      ]);
      expect(await store.listClientIdClaims('b2')).toEqual([{ boardId: 'b2', clientId: 7, participantId: 'p3' }]);
      expect(await store.listClientIdClaims('nope')).toEqual([]);
    });

    it('record is append-only and ordered, afterSeq filters, and data round-trips as JSON', async () => {
      const data = { text: '议事 "quoted"', n: 1.5, list: [1, { deep: null }], flag: false };
      await store.commit([{ op: 'record.append', entry: entry('s1', 'a', data, { boardId: 'b1', actorId: 'p1', at: 1 }) }]);
      await store.commit([{ op: 'record.append', entry: entry('s2', 'other', null) }]);
      await store.commit([
        { op: 'record.append', entry: entry('s1', 'b', 'plain string', { at: 2 }) },
        { op: 'record.append', entry: entry('s1', 'b', 'plain string', { at: 2 }) },
      ]);
      const all = await store.listRecord('s1');
      expect(all).toEqual([
        { ...entry('s1', 'a', data, { boardId: 'b1', actorId: 'p1', at: 1 }), seq: expect.any(Number) },
        { ...entry('s1', 'b', 'plain string', { at: 2 }), seq: expect.any(Number) },
        { ...entry('s1', 'b', 'plain string', { at: 2 }), seq: expect.any(Number) },
      ]);
      const seqs = all.map((e) => e.seq ?? Number.NaN);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(3);
      expect((await store.listRecord('s1', seqs[0])).map((e) => e.seq)).toEqual(seqs.slice(1));
      expect(await store.listRecord('s1', seqs[2])).toEqual([]);
      expect(await store.listRecord('s2')).toEqual([{ ...entry('s2', 'other', null), seq: expect.any(Number) }]);
    });

    it('idempotency rows round-trip, and a put for the same participant and key replaces the row', async () => {
      await store.commit([{ op: 'idempotency.put', row: idem('p1', 'k1') }, { op: 'idempotency.put', row: idem('p2', 'k1', { result: null }) }]);
      expect(await store.getIdempotency('p1', 'k1')).toEqual(idem('p1', 'k1'));
      expect(await store.getIdempotency('p2', 'k1')).toEqual(idem('p2', 'k1', { result: null }));
      const replaced = idem('p1', 'k1', { fingerprint: 'vote:cast#def', result: { ok: false, error: { code: 'CAP' } }, at: 7000 });
      await store.commit([{ op: 'idempotency.put', row: replaced }]);
      expect(await store.getIdempotency('p1', 'k1')).toEqual(replaced);
    });

    it('idempotency.expire deletes the rows stored before its time, of every participant, and keeps the rest', async () => {
      await store.commit([
        { op: 'idempotency.put', row: idem('p1', 'old', { at: 1000 }) },
        { op: 'idempotency.put', row: idem('p2', 'old', { at: 1999 }) },
        { op: 'idempotency.put', row: idem('p1', 'edge', { at: 2000 }) },
        { op: 'idempotency.put', row: idem('p2', 'new', { at: 3000 }) },
      ]);
      await store.commit([{ op: 'idempotency.expire', before: 2000 }]);
      await reopen();
      expect(await store.getIdempotency('p1', 'old')).toBeNull();
      expect(await store.getIdempotency('p2', 'old')).toBeNull();
      expect(await store.getIdempotency('p1', 'edge')).toEqual(idem('p1', 'edge', { at: 2000 }));
      expect(await store.getIdempotency('p2', 'new')).toEqual(idem('p2', 'new', { at: 3000 }));
      // Nothing to expire is no error.
      await store.commit([{ op: 'idempotency.expire', before: 0 }]);
    });

    it('votes are deltas per board, participant and target; rows that reach zero disappear', async () => {
      const cast = (boardId: string, participantId: string, targetId: string, delta: number) => ({ op: 'vote.add' as const, boardId, participantId, targetId, delta });
      await Promise.all([
        store.commit([cast('b1', 'p1', 'n1', 1)]),
        store.commit([cast('b1', 'p1', 'n1', 1)]),
        store.commit([cast('b1', 'p2', 'n1', 1)]),
        store.commit([cast('b1', 'p1', 'n2', 1)]),
        store.commit([cast('b2', 'p1', 'n1', 1)]),
      ]);
      expect(await store.listVotes('b1')).toEqual([
        { participantId: 'p1', targetId: 'n1', count: 2 },
        { participantId: 'p1', targetId: 'n2', count: 1 },
        { participantId: 'p2', targetId: 'n1', count: 1 },
      ]);
      await store.commit([cast('b1', 'p1', 'n2', -1), cast('b1', 'p1', 'n1', -1)]);
      await reopen();
      expect(await store.listVotes('b1')).toEqual([
        { participantId: 'p1', targetId: 'n1', count: 1 },
        { participantId: 'p2', targetId: 'n1', count: 1 },
      ]);
      expect(await store.listVotes('b2')).toEqual([{ participantId: 'p1', targetId: 'n1', count: 1 }]);
      expect(await store.listVotes('nope')).toEqual([]);
    });

    it('held notes are kept per board with their state and reason, replaced by put, removed by delete', async () => {
      const note = (id: string, text: string) => ({ id, text, authorId: 'p1', x: 1, y: 2, clusterId: null, createdAt: 5, color: 'yellow' });
      await store.commit([
        { op: 'heldNote.put', row: { boardId: 'b1', note: note('n1', '私下写的'), state: 'private', reason: null, at: 1 } },
        { op: 'heldNote.put', row: { boardId: 'b1', note: note('n2', 'pending one'), state: 'pending', reason: null, at: 2 } },
        { op: 'heldNote.put', row: { boardId: 'b2', note: note('n3', 'other board'), state: 'hidden', reason: 'rude', at: 3 } },
      ]);
      await store.commit([{ op: 'heldNote.put', row: { boardId: 'b1', note: note('n2', 'pending one'), state: 'rejected', reason: 'off topic', at: 4 } }]);
      await reopen();
      expect(await store.listHeldNotes('b1')).toEqual([
        { boardId: 'b1', note: note('n1', '私下写的'), state: 'private', reason: null, at: 1 },
        { boardId: 'b1', note: note('n2', 'pending one'), state: 'rejected', reason: 'off topic', at: 4 },
      ]);
      await store.commit([{ op: 'heldNote.delete', boardId: 'b1', noteId: 'n1' }]);
      expect((await store.listHeldNotes('b1')).map((h) => h.note.id)).toEqual(['n2']);
      expect((await store.listHeldNotes('b2')).map((h) => h.reason)).toEqual(['rude']);
    });

    it('session, board, participant and invite puts are upserts that replace the whole row', async () => {
      await store.commit([
        { op: 'session.put', session: session('s1') },
        { op: 'board.put', board: board('b1', 's1') },
        { op: 'participant.put', participant: participant('p1', 's1') },
        { op: 'invite.put', invite: invite('INV1', 's1') },
      ]);
      const s = session('s1', { title: 'Renamed', joinCode: 'NEWCODE', joinOpen: false, settings: { anonymous: true } });
      const b = board('b1', 's1', { title: 'Plenary', kind: 'plenary' });
      const p = participant('p1', 's1', { role: 'expert', name: null, group: 'south', ageBand: null, locale: null, tokenVersion: 2, revoked: true, scribedBy: 'p0' });
      const i = invite('INV1', 's1', { role: 'facilitator', revoked: true });
      await store.commit([
        { op: 'session.put', session: s }, { op: 'board.put', board: b },
        { op: 'participant.put', participant: p }, { op: 'invite.put', invite: i },
      ]);
      expect(await store.getSession('s1')).toEqual(s);
      expect(await store.getSessionByJoinCode('NEWCODE')).toEqual(s);
      expect(await store.getSessionByJoinCode('CODES1')).toBeNull();
      expect(await store.listBoards('s1')).toEqual([b]);
      expect(await store.listParticipants('s1')).toEqual([p]);
      expect(await store.getInvite('INV1')).toEqual(i);
    });

    it('lists are scoped to their session', async () => {
      await store.commit([
        { op: 'board.put', board: board('b1', 's1') }, { op: 'board.put', board: board('b2', 's1') },
        { op: 'board.put', board: board('b3', 's2') },
        { op: 'participant.put', participant: participant('p1', 's1') }, { op: 'participant.put', participant: participant('p2', 's2') },
      ]);
      expect(sortById(await store.listBoards('s1'))).toEqual([board('b1', 's1'), board('b2', 's1')]);
      expect(await store.listBoards('s2')).toEqual([board('b3', 's2')]);
      expect(await store.listParticipants('s1')).toEqual([participant('p1', 's1')]);
      expect(await store.listParticipants('s2')).toEqual([participant('p2', 's2')]);
    });

    it('unknown ids return null or empty', async () => {
      await store.commit(everything); // so that "unknown" is not just "the store is empty"
      expect(await store.getSession('nope')).toBeNull();
      expect(await store.getSessionByJoinCode('NOPE')).toBeNull();
      expect(await store.getBoard('nope')).toBeNull();
      expect(await store.listBoards('nope')).toEqual([]);
      expect(await store.getParticipant('nope')).toBeNull();
      expect(await store.listParticipants('nope')).toEqual([]);
      expect(await store.getInvite('nope')).toBeNull();
      expect(await store.loadBoardDoc('nope')).toEqual({ snapshot: null, updates: [] });
      expect((await store.loadBoardDoc('nope')).updates.length).toBe(0);
      expect(await store.listRecord('nope')).toEqual([]);
      expect(await store.getIdempotency('p1', 'nope')).toBeNull();
      expect(await store.getIdempotency('nope', 'k1')).toBeNull();
    });

    const photo = (id: string, sessionId: string, boardId: string, over: Partial<PhotoRow> = {}): PhotoRow => ({
      id, sessionId, boardId, noteId: `n-${id}`, uploadedBy: 'p1', width: 1600, height: 1200, thumbWidth: 320, thumbHeight: 240,
      full: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), thumb: new Uint8Array([0xff, 0xd8, 0xff, 4]), createdAt: 7000, ...over,
    });
    const meta = ({ full: _f, thumb: _t, ...rest }: PhotoRow) => rest;

    it('photos: put, read each rendition, list by session, delete', async () => {
      await store.commit([{ op: 'photo.put', photo: photo('f1', 's1', 'b1') }, { op: 'photo.put', photo: photo('f2', 's2', 'b3', { createdAt: 8000 }) }]);
      await reopen();
      expect(await store.getPhoto('f1')).toEqual(meta(photo('f1', 's1', 'b1')));
      expect(bytes(await store.getPhotoBytes('f1', 'full'))).toEqual([0xff, 0xd8, 0xff, 1, 2, 3]);
      expect(bytes(await store.getPhotoBytes('f1', 'thumb'))).toEqual([0xff, 0xd8, 0xff, 4]);
      expect(await store.listPhotos('s1')).toEqual([meta(photo('f1', 's1', 'b1'))]);
      await store.commit([{ op: 'photo.delete', photoId: 'f1' }]);
      expect(await store.getPhoto('f1')).toBeNull();
      expect(await store.getPhotoBytes('f1', 'full')).toBeNull();
      expect(await store.listPhotos('s1')).toEqual([]);
      expect(await store.getPhoto('f2')).not.toBeNull();
    });

    it('session.delete removes every row of the session, by session, board and participant, and nothing of another', async () => {
      const other: StorageOp[] = [
        { op: 'session.put', session: session('s2') },
        { op: 'board.put', board: board('b2', 's2') },
        { op: 'participant.put', participant: participant('p2', 's2') },
        { op: 'board.update', boardId: 'b2', update: new Uint8Array([9]) },
        { op: 'idempotency.put', row: idem('p2', 'k2') },
        { op: 'vote.add', boardId: 'b2', participantId: 'p2', targetId: 't', delta: 1 },
        { op: 'photo.put', photo: photo('f2', 's2', 'b2') },
      ];
      await store.commit([
        ...everything,
        { op: 'board.compact', boardId: 'b1', snapshot: new Uint8Array([4]) },
        { op: 'board.update', boardId: 'b1', update: new Uint8Array([5]) },
        { op: 'vote.add', boardId: 'b1', participantId: 'p1', targetId: 't', delta: 2 },
        { op: 'heldNote.put', row: { boardId: 'b1', note: { id: 'h1', text: 'held', authorId: 'p1', x: 0, y: 0, clusterId: null, createdAt: 1, color: 'yellow' }, state: 'private', reason: null, at: 1 } },
        { op: 'photo.put', photo: photo('f1', 's1', 'b1') },
        { op: 'clientId.claim', boardId: 'b1', clientId: 11, participantId: 'p1' },
        { op: 'clientId.claim', boardId: 'b2', clientId: 12, participantId: 'p2' },
        ...other,
      ]);
      await store.commit([{ op: 'session.delete', sessionId: 's1' }]);
      await reopen();
      expect(await store.getSession('s1')).toBeNull();
      expect(await store.getSessionByJoinCode('CODES1')).toBeNull();
      expect(await store.getBoard('b1')).toBeNull();
      expect(await store.listBoards('s1')).toEqual([]);
      expect(await store.getParticipant('p1')).toBeNull();
      expect(await store.getInvite('INV1')).toBeNull();
      expect(await store.loadBoardDoc('b1')).toEqual({ snapshot: null, updates: [] });
      expect(await store.listRecord('s1')).toEqual([]);
      expect(await store.getIdempotency('p1', 'k1')).toBeNull();
      expect(await store.listVotes('b1')).toEqual([]);
      expect(await store.listHeldNotes('b1')).toEqual([]);
      expect(await store.getPhoto('f1')).toBeNull();
      expect(await store.listClientIdClaims('b1')).toEqual([]);
      // The other session is whole.
      expect(await store.getSession('s2')).toEqual(session('s2'));
      expect(await store.getParticipant('p2')).not.toBeNull();
      expect((await store.loadBoardDoc('b2')).updates.map(bytes)).toEqual([[9]]);
      expect(await store.getIdempotency('p2', 'k2')).not.toBeNull();
      expect(await store.listVotes('b2')).toEqual([{ participantId: 'p2', targetId: 't', count: 1 }]);
      expect(await store.getPhoto('f2')).not.toBeNull();
      expect(await store.listClientIdClaims('b2')).toEqual([{ boardId: 'b2', clientId: 12, participantId: 'p2' }]);
      // Deleting what is not there is no error.
      await store.commit([{ op: 'session.delete', sessionId: 's1' }]);
    });

    it('listIdleSessions: a session is idle before the newest time stamp of any of its rows', async () => {
      await store.commit([
        { op: 'session.put', session: session('s1', { createdAt: 1000 }) },
        { op: 'session.put', session: session('s2', { createdAt: 1000 }) },
        { op: 'participant.put', participant: participant('p2', 's2', { createdAt: 3000 }) },
        { op: 'idempotency.put', row: idem('p2', 'k', { at: 9000 }) },
      ]);
      expect(await store.listIdleSessions(1000)).toEqual([]);
      expect(await store.listIdleSessions(5000)).toEqual([{ sessionId: 's1', lastActivityAt: 1000 }]);
      expect(await store.listIdleSessions(9001)).toEqual([{ sessionId: 's1', lastActivityAt: 1000 }, { sessionId: 's2', lastActivityAt: 9000 }]);
      await store.commit([{ op: 'record.append', entry: entry('s1', 'x', {}, { at: 20_000 }) }]);
      expect(await store.listIdleSessions(9001)).toEqual([{ sessionId: 's2', lastActivityAt: 9000 }]);
    });

    it('health reports ok and the backend kind', async () => {
      expect(await store.health()).toMatchObject({ ok: true, kind: store.kind });
    });

    disclosureContract(() => store, reopen);
    healthContract(() => store, () => env.failWrites());
  });
}
