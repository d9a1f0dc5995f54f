import { describe, expect, it } from 'vitest';
import { PendingByAddress, PerMinuteLimit } from './connection-limits.ts';

describe('PendingByAddress', () => {
  it('refuses past the cap per address and frees a slot once, however often release is called', () => {
    const p = new PendingByAddress(2);
    const a = p.tryAcquire('1.1.1.1')!;
    expect(p.tryAcquire('1.1.1.1')).not.toBeNull();
    expect(p.tryAcquire('1.1.1.1')).toBeNull();
    expect(p.tryAcquire('2.2.2.2')).not.toBeNull();
    a();
    a();
    expect(p.held('1.1.1.1')).toBe(1);
    expect(p.tryAcquire('1.1.1.1')).not.toBeNull();
    expect(p.tryAcquire('1.1.1.1')).toBeNull();
  });
});

describe('PerMinuteLimit', () => {
  it('allows max per sliding minute, does not count refusals, and forgets stale keys', () => {
    let now = 1_000_000;
    const l = new PerMinuteLimit(3, () => now);
    expect([l.hit('p'), l.hit('p'), l.hit('p'), l.hit('p')]).toEqual([true, true, true, false]);
    expect(l.hit('q')).toBe(true);
    now += 30_000;
    expect(l.hit('p')).toBe(false);
    now += 30_001;
    expect(l.hit('p')).toBe(true);
    now += 120_000;
    l.hit('r');
    expect((l as unknown as { logs: Map<string, number[]> }).logs.size).toBe(1);
  });
});
