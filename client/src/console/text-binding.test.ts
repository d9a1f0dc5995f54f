import { describe, expect, it } from 'vitest';
import { diffText, moveCaret, rebaseSplice } from './text-binding.ts';
import type { Splice } from './text-binding.ts';

const apply = (s: string, sp: Splice) => s.slice(0, sp.index) + sp.insert + s.slice(sp.index + sp.remove);

describe('diffText', () => {
  it('finds the one changed run', () => {
    expect(diffText('修电梯', '修理电梯')).toEqual({ index: 1, remove: 0, insert: '理' });
    expect(diffText('abcdef', 'abXef')).toEqual({ index: 2, remove: 2, insert: 'X' });
    expect(diffText('same', 'same')).toEqual({ index: 4, remove: 0, insert: '' });
  });

  it('never splits a surrogate pair', () => {
    const d = diffText('a😀b', 'a😁b');
    expect(apply('a😀b', d)).toBe('a😁b');
    expect(d.index).toBe(1);
  });
});

describe('rebaseSplice: a local edit lands where it was meant after a remote edit', () => {
  const base = 'fix the lift';
  const cases: [string, string, string][] = [
    // [local result on base, remote result on base, expected merge]
    ['fix the lift now', 'please fix the lift', 'please fix the lift now'],
    ['please fix the lift', 'fix the lift now', 'please fix the lift now'],
    ['fix lift', 'fix the old lift', 'fix old lift'],
  ];
  for (const [local, remote, expected] of cases) {
    it(`${local} + ${remote}`, () => {
      const r = diffText(base, remote);
      const l = rebaseSplice(diffText(base, local), r);
      expect(apply(apply(base, r), l)).toBe(expected);
    });
  }

  it('a local replacement of a region containing the remote edit wins', () => {
    const r = diffText(base, 'fix the LIFT');
    const l = rebaseSplice(diffText(base, 'repair'), r);
    expect(apply(apply(base, r), l)).toBe('repair');
  });
});

describe('moveCaret', () => {
  it('keeps the caret on the same character across a remote insert before it', () => {
    expect(moveCaret(5, { index: 0, remove: 0, insert: 'ab' })).toBe(7);
    expect(moveCaret(1, { index: 3, remove: 0, insert: 'ab' })).toBe(1);
    expect(moveCaret(4, { index: 2, remove: 4, insert: 'x' })).toBe(3);
  });
});
