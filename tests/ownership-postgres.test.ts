/**
 * One owner per session on PostgreSQL (server/ownership/postgres-ownership.ts) and the fence the
 * store checks in every commit's transaction (postgres-storage.ts): two owners on one database,
 * driven by hand, leases lapsing by the database's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStorage, type PostgresStorage } from '../server/storage/postgres-storage.ts';
import { openPostgresOwnership, type PostgresOwnership } from '../server/ownership/postgres-ownership.ts';
import { OwnedElsewhereError } from '../server/ownership/session-ownership.ts';
import { FencedError, type StorageOp } from '../server/storage/storage.ts';
import { createTestDatabase, createTestSchema } from './helpers/postgres.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const open: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const o of open.reverse()) await o.close().catch(() => undefined);
  await db.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Owner {
  name: string;
  store: PostgresStorage;
  leases: PostgresOwnership;
  lost: [string, string][];
  takeovers: boolean[];
  fencedCommits: number;
}

/** One "process": its store with fencing on, and its leases (renewed only when the test says so). */
async function owner(url: string, name: string, leaseMs = 400): Promise<Owner> {
  const store = await openPostgresStorage({ url, owner: name });
  const o: Owner = { name, store, leases: null as never, lost: [], takeovers: [], fencedCommits: 0 };
  o.leases = await openPostgresOwnership({
    url, owner: name, internalUrl: () => `http://${name}.internal:3000`, leaseMs, renewMs: 3_600_000, idleMs: 3_600_000,
    events: { tookOver: (lapsed) => o.takeovers.push(lapsed), fencedCommit: () => o.fencedCommits++ },
  });
  o.leases.onLost((sessionId, why) => o.lost.push([sessionId, why]));
  open.push(store, o.leases);
  return o;
}

const session = (id: string): StorageOp => ({ op: 'session.put', session: { id, title: id, joinCode: `J${id}`.toUpperCase(), joinOpen: true, settings: {}, createdAt: 1 } });
const board = (id: string, sessionId: string): StorageOp => ({ op: 'board.put', board: { id, sessionId, title: 'Plenary', kind: 'plenary', createdAt: 1 } });
const record = (sessionId: string, kind: string): StorageOp => ({ op: 'record.append', entry: { sessionId, boardId: null, actorId: null, kind, data: {}, at: 2 } });

async function kinds(o: Owner, sessionId: string): Promise<string[]> {
  return (await o.store.listRecord(sessionId)).map((e) => e.kind);
}

describe('session leases and the epoch fence on PostgreSQL', () => {
  let url: string;
  beforeAll(async () => {
    url = (await createTestSchema(db.url)).url;
  });

  it('a claim is exclusive while the lease lives; a commit needs the fence of every session it writes', async () => {
    const [a, b] = [await owner(url, 'A'), await owner(url, 'B')];
    const lease = await a.leases.hold('s1');
    expect(lease).toEqual(expect.objectContaining({ sessionId: 's1', epoch: 1 }));
    expect(await a.leases.hold('s1')).toBe(lease); // held: no second claim
    await a.store.commit([session('s1'), board('b1', 's1')], [lease]);

    const elsewhere = await b.leases.hold('s1').catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(OwnedElsewhereError);
    expect(elsewhere).toMatchObject({ code: 'SERVED_ELSEWHERE', ownerUrl: 'http://A.internal:3000' });

    // No fence, or B's store writing A's session (through its board only): refused, nothing applied.
    await expect(a.store.commit([record('s1', 'unfenced')])).rejects.toBeInstanceOf(FencedError);
    await expect(b.store.commit([{ op: 'board.update', boardId: 'b1', update: new Uint8Array([0, 0]) }], [lease])).rejects.toThrow(/took session s1 over/);
    await expect(a.store.commit([record('s1', 'fenced')], [lease])).resolves.toBeUndefined();
    expect(await kinds(a, 's1')).toEqual(['fenced']);
  });

  it('after the lease lapses another process takes over with a higher epoch; the old owner\'s commits are refused, in a batch with others that land', async () => {
    const [a, b] = [await owner(url, 'A2'), await owner(url, 'B2')];
    const [l2, l3] = [await a.leases.hold('s2'), await a.leases.hold('s3')];
    await a.store.commit([session('s2')], [l2]);
    await a.store.commit([session('s3')], [l3]);
    await sleep(600); // past the 400 ms lease: A did not renew (as if frozen)
    const taken = await b.leases.hold('s2');
    expect(taken.epoch).toBe(l2.epoch + 1);
    expect(b.takeovers).toEqual([true]); // from a lapsed lease

    // A wakes up and commits, for both sessions, in one batch: only s2's commit is refused.
    const [s2, s3] = await Promise.allSettled([a.store.commit([record('s2', 'late')], [l2]), a.store.commit([record('s3', 'still mine')], [l3])]);
    expect(s2.status).toBe('rejected');
    expect((s2 as PromiseRejectedResult).reason).toBeInstanceOf(FencedError);
    expect((s2 as PromiseRejectedResult).reason).toMatchObject({ sessionId: 's2' });
    expect(s3.status).toBe('fulfilled'); // nobody took s3: a lapsed lease still fences nobody out
    await b.store.commit([record('s2', 'new owner')], [taken]);
    expect(await kinds(b, 's2')).toEqual(['new owner']);
    expect(await kinds(b, 's3')).toEqual(['still mine']);

    // A's next renewal finds s2 gone to B; it keeps s3 (renewing a lapsed, untaken lease is fine).
    await a.leases.renew();
    expect(a.lost).toEqual([['s2', 'taken-over']]);
    expect(a.leases.current('s2')).toBeUndefined();
    expect(a.leases.current('s3')).toBe(l3);
  });

  it('a fenced commit tells the old owner, which drops the session; claiming it again gives a new epoch', async () => {
    const [a, b] = [await owner(url, 'A3'), await owner(url, 'B3')];
    const first = await a.leases.hold('s4');
    await a.store.commit([session('s4')], [first]);
    await sleep(600);
    const bLease = await b.leases.hold('s4');
    const err = await a.store.commit([record('s4', 'late')], [first]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FencedError);
    a.leases.fenced(first);
    expect(a.lost).toEqual([['s4', 'fenced']]);
    expect(a.fencedCommits).toBe(1);
    // B gives it up (graceful stop): A may claim at once, and its epoch passes B's.
    await b.leases.close();
    const again = await a.leases.hold('s4');
    expect(again.epoch).toBe(bLease.epoch + 1);
    expect(a.takeovers).toEqual([false]); // released, not lapsed
    await a.store.commit([record('s4', 'back')], [again]);
    expect(await kinds(a, 's4')).toEqual(['back']);
  });

  it('an escalation needs a lease only on what it writes: the other session, owned elsewhere, is pointed at, not written', async () => {
    const [a, b] = [await owner(url, 'A4'), await owner(url, 'B4')];
    const from = await a.leases.hold('s5');
    const to = await b.leases.hold('s6');
    await a.store.commit([session('s5'), board('b5', 's5')], [from]);
    await b.store.commit([session('s6')], [to]);
    const escalation: StorageOp = { op: 'escalation.put', escalation: { id: 'e1', sessionId: 's5', boardId: 'b5', itemId: 'i1', kind: 'theme', title: 'Lift', detail: '', targetSessionId: 's6', status: 'open', createdBy: 'p', createdAt: 3, updatedAt: 3 } };
    const received: StorageOp = { op: 'record.append', entry: { sessionId: 's6', boardId: null, actorId: null, kind: 'escalation.received', data: { escalationId: 'e1' }, at: 3 } };
    await a.store.commit([escalation, received, record('s5', 'item.escalated')], [from]);
    expect((await a.store.listEscalations('s6')).map((e) => e.id)).toEqual(['e1']);
    // Anything else of the other session's is still its owner's alone.
    await expect(a.store.commit([record('s6', 'note')], [from])).rejects.toThrow(/session s6 without a lease/);
    // And the writer's own session still needs the writer's lease.
    await expect(b.store.commit([escalation, received], [to])).resolves.toBeUndefined();
    await expect(b.store.commit([escalation, record('s5', 'item.escalated')], [to])).rejects.toThrow(/session s5 without a lease/);
  });

  it('a takeover waits for a commit in flight under the old epoch: the commit lands whole before the epoch moves, never after', async () => {
    const [a, b] = [await owner(url, 'A5'), await owner(url, 'B5')];
    const lease = await a.leases.hold('s7');
    await a.store.commit([session('s7')], [lease]);
    // A commit that takes a while once inside its transaction: a trigger sleeps on one record kind.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE FUNCTION slow_record() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF NEW.kind = 'slow' THEN PERFORM pg_sleep(1); END IF; RETURN NEW; END $$`);
      await admin.query('CREATE TRIGGER slow_record BEFORE INSERT ON record FOR EACH ROW EXECUTE FUNCTION slow_record()');
      await sleep(600); // A's lease lapsed: B may take over
      const order: string[] = [];
      const committing = a.store.commit([record('s7', 'slow')], [lease]).then(() => order.push('A committed'));
      await sleep(200); // A's transaction holds the owner row FOR SHARE, and sleeps
      const claim = b.leases.hold('s7').then((l) => (order.push('B claimed'), l));
      await Promise.all([committing, claim]);
      expect(order).toEqual(['A committed', 'B claimed']);
      expect((await claim).epoch).toBe(lease.epoch + 1);
      expect(await kinds(a, 's7')).toEqual(['slow']);
      // From now on A is fenced out.
      await expect(a.store.commit([record('s7', 'after')], [lease])).rejects.toBeInstanceOf(FencedError);
    } finally {
      await admin.query('DROP TRIGGER IF EXISTS slow_record ON record').catch(() => undefined);
      await admin.end();
    }
  });
});
