import { describe, expect, it } from 'vitest';
import { createMemoryData, createMemoryStorage } from './memory-storage.ts';
import { CommitWatch, type CommitTargets } from './commit-watch.ts';

const session = { id: 's1', title: 'S', joinCode: 'C1', joinOpen: true, settings: {}, createdAt: 1 };

describe('CommitWatch', () => {
  it('tells listeners what a landed commit changed, before the committer goes on; reads pass through', async () => {
    const watch = new CommitWatch(createMemoryStorage());
    const seen: CommitTargets[] = [];
    watch.onCommit((t) => seen.push(t));
    await watch.storage.commit([
      { op: 'session.put', session },
      { op: 'board.update', boardId: 'b1', update: new Uint8Array([1]) },
      { op: 'idempotency.put', row: { participantId: 'p1', key: 'k-12345678', fingerprint: 'f', result: {}, at: 1 } },
    ]);
    expect(seen.map((t) => [[...t.sessions], [...t.boards]])).toEqual([[['s1'], ['b1']]]);
    expect(await watch.storage.getSession('s1')).toMatchObject({ title: 'S' });
    expect(watch.storage.kind).toBe('memory');
  });

  it('reports nothing for a commit that failed or that changed no content', async () => {
    const data = createMemoryData();
    const watch = new CommitWatch(createMemoryStorage(data));
    const seen: CommitTargets[] = [];
    const stop = watch.onCommit((t) => seen.push(t));
    await watch.storage.commit([{ op: 'idempotency.expire', before: 10 }, { op: 'board.compact', boardId: 'b1', snapshot: new Uint8Array([1]) }]);
    data.device.failing = 'disk full';
    await expect(watch.storage.commit([{ op: 'session.put', session }])).rejects.toThrow('disk full');
    data.device.failing = null;
    stop();
    await watch.storage.commit([{ op: 'session.put', session }]);
    expect(seen).toEqual([]);
  });

  it('a listener that throws does not fail the commit', async () => {
    const watch = new CommitWatch(createMemoryStorage());
    watch.onCommit(() => {
      throw new Error('broken cache');
    });
    await expect(watch.storage.commit([{ op: 'session.put', session }])).resolves.toBeUndefined();
  });
});
