/**
 * The storage contract for publishing, follow-up and escalation rows: called from inside
 * `storageContract`, so it runs against every backend with a fresh store per case.
 */
import { expect, it } from 'vitest';
import type { ActionUpdateRow, EscalationRow, EscalationUpdateRow, FollowUpLinkRow, Storage, StorageOp } from '../../server/storage/storage.ts';

const update = (id: string, sessionId: string, at: number, over: Partial<ActionUpdateRow> = {}): ActionUpdateRow => ({
  id, sessionId, boardId: 'b1', actionId: 'a1', at, status: 'in_progress', note: `note ${id}`, by: 'facilitator', label: null, actorId: 'p1', ...over,
});
const link = (code: string, sessionId: string, over: Partial<FollowUpLinkRow> = {}): FollowUpLinkRow => ({
  code, sessionId, label: 'Housing office 房管所', actions: [{ boardId: 'b1', actionId: 'a1' }, { boardId: 'b2', actionId: 'a2' }], createdBy: 'p1', createdAt: 10, revoked: false, ...over,
});
const escalation = (id: string, sessionId: string, targetSessionId: string, over: Partial<EscalationRow> = {}): EscalationRow => ({
  id, sessionId, boardId: 'b1', itemId: 'a1', kind: 'action', title: 'Fix the lift', detail: 'Fix the lift\nOwner: —', targetSessionId, status: 'open', createdBy: 'p1', createdAt: 20, updatedAt: 20, ...over,
});
const escUpdate = (id: string, escalationId: string, at: number, over: Partial<EscalationUpdateRow> = {}): EscalationUpdateRow => ({
  id, escalationId, sessionId: 's2', at, status: 'accepted', note: '', actorId: 'p9', ...over,
});

/** The cases; `store()` is the current store, `reopen()` closes it and opens it again on the same data. */
export function disclosureContract(store: () => Storage, reopen: () => Promise<void>): void {
  it('disclosure: ensure creates a row once (a second ensure, or a taken code, changes nothing); publish sets and clears the time', async () => {
    await store().commit([{ op: 'disclosure.ensure', row: { sessionId: 's1', escalationCode: 'CODEONE111', publishedAt: null } }]);
    await store().commit([{ op: 'disclosure.ensure', row: { sessionId: 's1', escalationCode: 'CODETWO222', publishedAt: null } }]);
    await store().commit([{ op: 'disclosure.ensure', row: { sessionId: 's2', escalationCode: 'CODEONE111', publishedAt: null } }]);
    expect(await store().getDisclosure('s1')).toEqual({ sessionId: 's1', escalationCode: 'CODEONE111', publishedAt: null });
    expect(await store().getDisclosure('s2')).toBeNull();
    await store().commit([{ op: 'disclosure.publish', sessionId: 's1', publishedAt: 1234 }]);
    await reopen();
    expect(await store().getDisclosureByCode('CODEONE111')).toEqual({ sessionId: 's1', escalationCode: 'CODEONE111', publishedAt: 1234 });
    await store().commit([{ op: 'disclosure.publish', sessionId: 's1', publishedAt: null }]);
    expect((await store().getDisclosure('s1'))?.publishedAt).toBeNull();
    expect(await store().getDisclosureByCode('NOPE')).toBeNull();
  });

  it('action updates: listed per session, oldest first, every field round-trips', async () => {
    await store().commit([
      { op: 'actionUpdate.put', row: update('u2', 's1', 200, { status: null, by: 'owner', label: 'Office', actorId: null }) },
      { op: 'actionUpdate.put', row: update('u1', 's1', 100) },
      { op: 'actionUpdate.put', row: update('u3', 's2', 50) },
    ]);
    await reopen();
    expect(await store().listActionUpdates('s1')).toEqual([update('u1', 's1', 100), update('u2', 's1', 200, { status: null, by: 'owner', label: 'Office', actorId: null })]);
    expect(await store().listActionUpdates('nope')).toEqual([]);
  });

  it('follow-up links: put is an upsert (revoking), get by code, list per session', async () => {
    await store().commit([{ op: 'followUpLink.put', link: link('L1', 's1') }, { op: 'followUpLink.put', link: link('L2', 's2') }]);
    await store().commit([{ op: 'followUpLink.put', link: link('L1', 's1', { revoked: true }) }]);
    await reopen();
    expect(await store().getFollowUpLink('L1')).toEqual(link('L1', 's1', { revoked: true }));
    expect(await store().listFollowUpLinks('s2')).toEqual([link('L2', 's2')]);
    expect(await store().getFollowUpLink('nope')).toBeNull();
  });

  it('escalations: listed for both the source and the target session, status replaced by put, updates per escalation', async () => {
    await store().commit([
      { op: 'escalation.put', escalation: escalation('e1', 's1', 's2') },
      { op: 'escalation.put', escalation: escalation('e2', 's3', 's1', { kind: 'theme', createdAt: 30 }) },
    ]);
    await store().commit([
      { op: 'escalation.put', escalation: escalation('e1', 's1', 's2', { status: 'accepted', updatedAt: 40 }) },
      { op: 'escalationUpdate.put', row: escUpdate('x2', 'e1', 60, { status: 'done', note: 'Finished' }) },
      { op: 'escalationUpdate.put', row: escUpdate('x1', 'e1', 40) },
    ]);
    await reopen();
    expect(await store().getEscalation('e1')).toEqual(escalation('e1', 's1', 's2', { status: 'accepted', updatedAt: 40 }));
    expect((await store().listEscalations('s1')).map((e) => e.id)).toEqual(['e1', 'e2']);
    expect((await store().listEscalations('s2')).map((e) => e.id)).toEqual(['e1']);
    expect(await store().listEscalationUpdates('e1')).toEqual([escUpdate('x1', 'e1', 40), escUpdate('x2', 'e1', 60, { status: 'done', note: 'Finished' })]);
    expect(await store().getEscalation('nope')).toBeNull();
    expect(await store().listEscalationUpdates('nope')).toEqual([]);
  });

  const rowsOf = (sid: string, bid: string, pid: string, createdAt = 1): StorageOp[] => [
    { op: 'session.put', session: { id: sid, title: sid, joinCode: `CODE${sid}`, joinOpen: true, settings: {}, createdAt } },
    { op: 'board.put', board: { id: bid, sessionId: sid, title: 'Board', kind: 'plenary', createdAt } },
    { op: 'participant.put', participant: { id: pid, sessionId: sid, role: 'resident', name: null, group: null, ageBand: null, locale: null, tokenVersion: 0, revoked: false, createdAt } },
  ];

  it('deletion is final: a later commit writing a row of the deleted session, its boards or participants rejects (SessionDeletedError) and applies nothing', async () => {
    await store().commit([...rowsOf('s1', 'b1', 'p1'), ...rowsOf('s2', 'b2', 'p2')]);
    await store().commit([{ op: 'session.delete', sessionId: 's1' }]);
    const late: StorageOp[][] = [
      // e.g. session:joining that read the session just before the deletion
      [rowsOf('s1', 'b1', 'p1')[0]!],
      [{ op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) }],
      [{ op: 'idempotency.put', row: { participantId: 'p1', key: 'k', fingerprint: 'f', result: {}, at: 5 } }],
      [{ op: 'record.append', entry: { sessionId: 's2', boardId: null, actorId: null, kind: 'ok', data: {}, at: 5 } }, { op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'late', data: {}, at: 5 } }],
      [{ op: 'disclosure.ensure', row: { sessionId: 's1', escalationCode: 'LATECODE11', publishedAt: null } }],
      [{ op: 'escalation.put', escalation: escalation('e9', 's2', 's1') }],
      [{ op: 'vote.add', boardId: 'b2', participantId: 'p1', targetId: 't', delta: 1 }],
    ];
    const results = await Promise.allSettled(late.map((ops) => store().commit(ops)));
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { name: 'SessionDeletedError' } });
    expect(await store().getSession('s1')).toBeNull();
    expect(await store().loadBoardDoc('b1')).toEqual({ snapshot: null, updates: [] });
    expect(await store().getIdempotency('p1', 'k')).toBeNull();
    // The whole commit is refused, also its part about another session.
    expect(await store().listRecord('s2')).toEqual([]);
    expect(await store().getDisclosure('s1')).toBeNull();
    expect(await store().getEscalation('e9')).toBeNull();
    expect(await store().listVotes('b2')).toEqual([]);
    expect(await store().listIdleSessions(Number.MAX_SAFE_INTEGER)).toEqual([{ sessionId: 's2', lastActivityAt: 1 }]);
    // The other session goes on; deleting again is no error.
    await store().commit([{ op: 'record.append', entry: { sessionId: 's2', boardId: 'b2', actorId: 'p2', kind: 'ok', data: {}, at: 6 } }]);
    await store().commit([{ op: 'session.delete', sessionId: 's1' }]);
    expect((await store().listRecord('s2')).map((e) => e.kind)).toEqual(['ok']);
  });

  it('deletion is final within one batch too: a write queued right behind the delete is refused, one queued before it is deleted with it', async () => {
    await store().commit(rowsOf('s1', 'b1', 'p1'));
    const [before, del, after] = await Promise.allSettled([
      store().commit([{ op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) }]),
      store().commit([{ op: 'session.delete', sessionId: 's1' }]),
      store().commit([rowsOf('s1', 'b1', 'p1')[1]!]),
    ]);
    expect([before.status, del.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(after).toMatchObject({ status: 'rejected', reason: { name: 'SessionDeletedError' } });
    expect(await store().getBoard('b1')).toBeNull();
    expect(await store().loadBoardDoc('b1')).toEqual({ snapshot: null, updates: [] });
  });

  it('a failed commit holding a session.delete does not make the deletion final', async () => {
    await store().commit(rowsOf('s1', 'b1', 'p1'));
    // The taken join code fails the commit after its delete ran: all of it is rolled back.
    await expect(store().commit([{ op: 'session.delete', sessionId: 's1' }, ...rowsOf('s3', 'b3', 'p3'), { op: 'session.put', session: { id: 's4', title: 's4', joinCode: 'CODEs3', joinOpen: true, settings: {}, createdAt: 1 } }])).rejects.toThrow();
    expect(await store().getSession('s1')).not.toBeNull();
    await store().commit([{ op: 'record.append', entry: { sessionId: 's1', boardId: 'b1', actorId: 'p1', kind: 'still', data: {}, at: 2 } }]);
    expect((await store().listRecord('s1')).map((e) => e.kind)).toEqual(['still']);
  });

  it('listIdleSessions: a board document update counts as activity of its session (edits made only through Yjs)', async () => {
    await store().commit([...rowsOf('s1', 'b1', 'p1', 1000), ...rowsOf('s2', 'b2', 'p2', 1000)]);
    const start = Date.now();
    expect((await store().listIdleSessions(start)).map((s) => s.sessionId)).toEqual(['s1', 's2']);
    await store().commit([{ op: 'board.update', boardId: 'b2', update: new Uint8Array([1]) }]);
    const idle = await store().listIdleSessions(start);
    expect(idle.map((s) => s.sessionId)).toEqual(['s1']);
    const s2 = (await store().listIdleSessions(Number.MAX_SAFE_INTEGER)).find((s) => s.sessionId === 's2')!;
    expect(s2.lastActivityAt).toBeGreaterThanOrEqual(start);
    // Compaction folds the updates away but the activity stays; deleting the session removes it.
    await store().commit([{ op: 'board.compact', boardId: 'b2', snapshot: new Uint8Array([2]) }]);
    expect((await store().listIdleSessions(start)).map((s) => s.sessionId)).toEqual(['s1']);
  });
}
