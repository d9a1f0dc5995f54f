/**
 * One owner per session, seen through two servers on one PostgreSQL database (in this test
 * process, each with its own leases and connections): who may act for a session, what the other
 * answers, the ownership metrics, deletion and retention taking turns.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { api, command, connectSocket, createSession, eventually } from './helpers/clients.ts';
import { useOpenClients } from './helpers/open-clients.ts';
import { createTestSchema, usePostgresServers } from './helpers/postgres.ts';
import type { TestServer } from './helpers/test-server.ts';

const { db: database, servers, start: startOn } = usePostgresServers();
const clients = useOpenClients();

const start = (databaseUrl: string): Promise<TestServer> => startOn(databaseUrl, { metricsPort: 0 });

async function socket(base: string, token: string) {
  const s = await connectSocket(base, token);
  clients.sockets.push(s);
  return s;
}

/** One metric's value from the server's /metrics (labels as printed), or undefined. */
async function metric(server: TestServer, line: string): Promise<number | undefined> {
  const text = await (await fetch(`${server.app.metricsUrl()!}/metrics`)).text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('one owner per session, two servers on PostgreSQL', () => {
  it('the server holding a session acts for it; the other hands commands to it and reads without claiming, and takes over once the first lets go', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b] = [await start(url), await start(url)];
    const s = await createSession(a.url, 'Lift 电梯');
    const boardId = s.boards[0]!.id;
    expect((await command(await socket(a.url, s.facilitatorToken), 'note:add', { boardId, text: 'Through A' })).ok).toBe(true);
    expect(await metric(a, 'yishi_sessions_owned')).toBe(1);
    expect(await metric(b, 'yishi_sessions_owned')).toBe(0);

    const onB = await socket(b.url, s.facilitatorToken);
    const viaB = await command(onB, 'note:add', { boardId, text: 'Through B, by A' });
    expect(viaB, JSON.stringify(viaB)).toMatchObject({ ok: true });
    // A read that decides nothing goes through B, without claiming: the join page, the record.
    expect(await api(b.url, 'GET', `/api/join/${s.joinCode}`)).toMatchObject({ status: 200 });
    const record = await api<{ entries: { kind: string }[] }>(b.url, 'GET', `/api/sessions/${s.sessionId}/record`, undefined, s.facilitatorToken);
    expect(record.status).toBe(200);
    expect(await metric(b, 'yishi_sessions_owned')).toBe(0);

    // A stops gracefully: it gives its leases up, and B takes the session at once.
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    expect(await command(onB, 'note:add', { boardId, text: 'Through B, by B' })).toMatchObject({ ok: true });
    expect(await metric(b, 'yishi_sessions_owned')).toBe(1);
    expect(await metric(b, 'yishi_ownership_takeovers_total{previous="released"}')).toBe(1);
    expect(await metric(b, 'yishi_fenced_commits_total')).toBe(0);
    expect(await metric(b, 'yishi_lease_renewal_failures_total')).toBe(0);
  });

  it('a deletion asked through another server is made by the owner; retention sweeps in one server at a time and skips a session the other holds', async () => {
    const { url } = await createTestSchema(database().url);
    const [a, b] = [await start(url), await start(url)];
    const kept = await createSession(a.url, 'Held by A');
    const other = await createSession(b.url, 'Held by B');
    const doomed = await createSession(a.url, 'Deleted through B');
    // Deleting A's session through B: the request is relayed to A, which deletes it (B never held it).
    const deleted = await api(b.url, 'DELETE', `/api/sessions/${doomed.sessionId}`, { confirmTitle: 'Deleted through B' }, doomed.facilitatorToken);
    expect(deleted.status).toBeLessThan(300);
    expect(b.app.ownership.current(doomed.sessionId)).toBeUndefined();
    expect(await api(a.url, 'GET', `/api/join/${doomed.joinCode}`)).toMatchObject({ status: 404 });
    expect(await api(a.url, 'GET', `/api/join/${kept.joinCode}`)).toMatchObject({ status: 200 });

    // Both sessions idle for years: every time stamp of the schema set to the epoch.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const [table, column] of [['sessions', 'created_at'], ['boards', 'created_at'], ['participants', 'created_at'], ['record', 'at'], ['board_activity', 'at'], ['idempotency', 'at'], ['invites', 'created_at']]) {
        await client.query(`UPDATE ${table} SET ${column} = 0`);
      }
    } finally {
      await client.end();
    }
    // One of them leads the sweep (whichever claimed the task's lease first, at start): it deletes
    // the idle session it holds itself, not the other's, which the other server holds.
    expect((await a.app.storage.listIdleSessions(Date.now() - 24 * 3600 * 1000)).map((x) => x.sessionId).sort()).toEqual([kept.sessionId, other.sessionId].sort());
    const aLeads = await a.app.ownership.lead('retention');
    const [leader, follower] = aLeads ? [a, b] : [b, a];
    const [ownIdle, heldByFollower] = aLeads ? [kept, other] : [other, kept];
    expect(await follower.app.ownership.lead('retention')).toBe(false);
    expect(await leader.app.retention.sweep()).toEqual([ownIdle.sessionId]);
    expect(await follower.app.retention.sweep()).toEqual([]); // not the leader: it does not sweep at all
    expect(await api(leader.url, 'GET', `/api/join/${heldByFollower.joinCode}`)).toMatchObject({ status: 200 });
    // Once the other lets go (it stops), the leader's next sweep deletes that one too.
    await follower.close();
    servers.splice(servers.indexOf(follower), 1);
    // (The leader remembers for up to a second that the other server held it: it may take one more sweep.)
    await eventually(async () => expect(await leader.app.retention.sweep()).toEqual([heldByFollower.sessionId]), 5000);
    expect(await api(leader.url, 'GET', `/api/join/${heldByFollower.joinCode}`)).toMatchObject({ status: 404 });
  });
});
