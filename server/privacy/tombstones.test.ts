import { describe, expect, it } from 'vitest';
import { Tombstones } from './tombstones.ts';

describe('Tombstones', () => {
  it('remembers an id for the grace period after it was added, then forgets it', () => {
    let now = 0;
    const t = new Tombstones(100, () => now);
    t.add('a');
    now = 50;
    t.add('b');
    now = 99;
    expect([t.has('a'), t.has('b'), t.size]).toEqual([true, true, 2]);
    now = 100;
    expect([t.has('a'), t.has('b'), t.size]).toEqual([false, true, 1]);
    now = 150;
    expect(t.size).toBe(0);
  });

  it('adding an id again starts its grace period again', () => {
    let now = 0;
    const t = new Tombstones(100, () => now);
    t.add('a');
    t.add('b');
    now = 80;
    t.add('a');
    now = 120;
    expect([t.has('a'), t.has('b')]).toEqual([true, false]);
  });

  it('stays bounded by the ids of one grace period, however many were added over time', () => {
    let now = 0;
    const t = new Tombstones(1_000, () => now);
    for (let i = 0; i < 100_000; i++) {
      now = i;
      t.add(`id-${i}`);
    }
    expect(t.size).toBe(1_000);
  });
});
