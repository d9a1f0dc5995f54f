import { describe, expect, it } from 'vitest';
import { cutText, loneSurrogateAt } from './well-formed-text.ts';
import { illFormedText } from './validation.ts';

const HIGH = String.fromCharCode(0xd83d);
const LOW = String.fromCharCode(0xde00);

describe('well-formed text', () => {
  it('finds the first unpaired surrogate, and none in emoji or CJK', () => {
    expect(loneSurrogateAt('电梯 😀👍🏽 𠮷')).toBe(-1);
    expect(loneSurrogateAt(`ab${HIGH}`)).toBe(2);
    expect(loneSurrogateAt(`${LOW}ab`)).toBe(0);
    expect(loneSurrogateAt(`😀${LOW}${HIGH}`)).toBe(2);
    expect(loneSurrogateAt(`${HIGH}${HIGH}${LOW}`)).toBe(0);
  });

  it('cuts without splitting a pair', () => {
    expect(cutText('a😀', 2)).toBe('a');
    expect(cutText('a😀', 3)).toBe('a😀');
    expect(cutText('😀', 0)).toBe('');
    expect(cutText('abc', 2)).toBe('ab');
  });

  it('names the field of the first ill-formed string anywhere in a payload, keys included', () => {
    expect(illFormedText({ a: 'ok 😀', b: [1, { c: '电梯' }] })).toBeNull();
    expect(illFormedText({ a: 'ok', b: [1, { c: `x${HIGH}` }] })).toMatch(/^b\.1\.c: contains an unpaired surrogate \(U\+D83D at 1\)/);
    expect(illFormedText(`${LOW}`)).toMatch(/^\(payload\): /);
    expect(illFormedText({ [`k${LOW}`]: 1 })).toMatch(/^\(a field name\): /);
    // Deep nesting is walked without recursion.
    let deep: unknown = HIGH;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(illFormedText(deep)).toMatch(/^…\.0\.0\.0\.0\.0\.0\.0\.0: contains an unpaired surrogate/);
  });
});
