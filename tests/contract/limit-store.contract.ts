/**
 * The rules every LimitStore keeps (server/limits/limit-store.ts), run against the in-memory
 * store and the Redis one alike (tests/limit-store-memory.test.ts, tests/limit-store-redis.test.ts).
 * Each test name states the rule it checks.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LimitStore } from '../../server/limits/limit-store.ts';

export interface LimitStoreHarness {
  /** A new instance, standing for one server process. */
  create: () => Promise<LimitStore>;
  /** Closes every instance created. */
  cleanup: () => Promise<void>;
}

export interface LimitStoreContractOptions {
  /** Instances of one harness share their counts (Redis), as processes behind one load balancer. */
  sharedStore?: boolean;
}

const minute = 60_000;
/** A key no other test uses. */
const freshKey = () => `k:${randomUUID()}`;

export function limitStoreContract(name: string, factory: () => Promise<LimitStoreHarness>, options: LimitStoreContractOptions = {}): void {
  describe(`limit store contract: ${name}`, () => {
    let harness: LimitStoreHarness;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('add counts up from 1 within a window, and keys count apart', async () => {
      const s = await harness.create();
      const [a, b] = [freshKey(), freshKey()];
      expect((await s.add(a, 1, minute)).count).toBe(1);
      expect((await s.add(a, 1, minute)).count).toBe(2);
      expect((await s.add(b, 1, minute)).count).toBe(1);
      expect((await s.add(a, 3, minute)).count).toBe(5);
    });

    it('the window is opened by the first add and reported as the time left of it', async () => {
      const s = await harness.create();
      const k = freshKey();
      const first = await s.add(k, 1, minute);
      expect(first.resetMs).toBeGreaterThan(minute - 5_000);
      expect(first.resetMs).toBeLessThanOrEqual(minute);
      const later = await s.add(k, 1, 5 * minute);
      // A later add with another window length does not move the window that is open.
      expect(later.resetMs).toBeLessThanOrEqual(minute);
    });

    it('adding 0 reads the count without opening a window', async () => {
      const s = await harness.create();
      const k = freshKey();
      expect(await s.add(k, 0, minute)).toEqual({ count: 0, resetMs: 0 });
      expect((await s.add(k, 1, minute)).count).toBe(1);
      expect((await s.add(k, 0, minute)).count).toBe(1);
    });

    it('a negative add refunds within the window, never below zero, and opens no window', async () => {
      const s = await harness.create();
      const k = freshKey();
      expect(await s.add(k, -1, minute)).toEqual({ count: 0, resetMs: 0 });
      expect(await s.add(k, 0, minute)).toEqual({ count: 0, resetMs: 0 });
      await s.add(k, 2, minute);
      expect((await s.add(k, -1, minute)).count).toBe(1);
      expect((await s.add(k, -5, minute)).count).toBe(0);
      expect((await s.add(k, 1, minute)).count).toBe(1);
    });

    it('the count starts again from zero once the window has lapsed', async () => {
      const s = await harness.create();
      const k = freshKey();
      await s.add(k, 4, 150);
      await vi.waitFor(async () => expect((await s.add(k, 0, 150)).count).toBe(0), { timeout: 3_000, interval: 50 });
      const reopened = await s.add(k, 1, minute);
      expect(reopened.count).toBe(1);
      expect(reopened.resetMs).toBeGreaterThan(minute - 5_000);
    });

    it('concurrent adds are each counted once', async () => {
      const s = await harness.create();
      const k = freshKey();
      const counts = await Promise.all(Array.from({ length: 50 }, () => s.add(k, 1, minute)));
      expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    if (options.sharedStore) {
      it('instances sharing a store count into the same windows', async () => {
        const [p1, p2] = [await harness.create(), await harness.create()];
        const k = freshKey();
        await p1.add(k, 2, minute);
        expect((await p2.add(k, 1, minute)).count).toBe(3);
        expect((await p1.add(k, 0, minute)).count).toBe(3);
      });
    } else {
      it('instances count apart (each is one process)', async () => {
        const [p1, p2] = [await harness.create(), await harness.create()];
        const k = freshKey();
        await p1.add(k, 2, minute);
        expect((await p2.add(k, 1, minute)).count).toBe(1);
      });
    }
  });
}
