/**
 * The storage contract for publishing, follow-up and escalation rows: called from inside
 * `storageContract`, so it runs against every backend with a fresh store per case.
 */
import { expect, it } from 'vitest';
import type { ActionUpdateRow, EscalationRow, EscalationUpdateRow, FollowUpLinkRow, Storage } from '../../server/storage/storage.ts';

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
}
