/**
 * The storage contract for health: called from inside `storageContract`, so it runs against
 * every backend with a fresh store per case. Health is ok only while reads AND writes work.
 */
import { expect, it } from 'vitest';
import type { SessionRow, Storage, StorageOp } from '../../server/storage/storage.ts';

/** Makes every later write of the backend fail as a full disk would, until `restore()`. */
export type FailWrites = () => Promise<{ restore(): Promise<void> }>;

const session = (id: string, joinCode: string): SessionRow => ({ id, title: id, joinCode, joinOpen: true, settings: {}, createdAt: 1 });
const tick = (i: number): StorageOp[] => [
  { op: 'record.append', entry: { sessionId: 's1', boardId: null, actorId: null, kind: 'tick', data: { i }, at: i } },
];

/** The cases; `store()` is the current store, `failWrites` breaks the backend's writes for real. */
export function healthContract(store: () => Storage, failWrites: FailWrites): void {
  it('health: ok on a fresh store and after a write', async () => {
    expect(await store().health()).toMatchObject({ ok: true });
    await store().commit(tick(1));
    expect(await store().health()).toMatchObject({ ok: true });
  });

  it('health: a commit refused for its data (a join code already taken) leaves health ok', async () => {
    await store().commit([{ op: 'session.put', session: session('s1', 'SAME') }]);
    await expect(store().commit([{ op: 'session.put', session: session('s2', 'SAME') }])).rejects.toThrow();
    expect(await store().health()).toMatchObject({ ok: true });
  });

  it('health: after a write fails for a reason of the store, not ok with that error while writes keep failing; ok again once writing works', async () => {
    await store().commit(tick(1));
    const broken = await failWrites();
    try {
      await expect(store().commit(tick(2))).rejects.toThrow(/simulated disk full/);
      const failing = await store().health();
      expect(failing).toMatchObject({ ok: false, writeError: { message: expect.stringMatching(/simulated disk full/) } });
      expect(failing.detail).toMatch(/last write failed: .*simulated disk full/);
      // Reads still work: health must not be judged by them alone.
      expect(await store().listRecord('s1')).toHaveLength(1);
      // Still failing: asking again (which may probe) does not turn it ok.
      expect(await store().health()).toMatchObject({ ok: false });
    } finally {
      await broken.restore();
    }
    await store().commit(tick(3));
    expect(await store().health()).toEqual({ ok: true, kind: store().kind });
    expect((await store().listRecord('s1')).map((e) => e.data)).toEqual([{ i: 1 }, { i: 3 }]);
  });

  it('health: with writes working again and no traffic, health alone finds out (a probe write)', async () => {
    await store().commit(tick(1));
    const broken = await failWrites();
    await expect(store().commit(tick(2))).rejects.toThrow();
    expect(await store().health()).toMatchObject({ ok: false });
    await broken.restore();
    expect(await store().health()).toEqual({ ok: true, kind: store().kind });
    expect((await store().listRecord('s1')).map((e) => e.data)).toEqual([{ i: 1 }]);
  });
}
