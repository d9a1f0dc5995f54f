/** The "posted" notice follows the concern it speaks of (private → shown, or → screening). */
import { describe, expect, it } from 'vitest';
import { postedFollowUp } from './my-concerns-model.ts';

describe('postedFollowUp', () => {
  it('keeps a notice that is still true, and says nothing while the new place is unknown', () => {
    expect(postedFollowUp('private', 'private')).toBeNull();
    expect(postedFollowUp('pending', 'pending')).toBeNull();
    expect(postedFollowUp('private', null)).toBeNull();
    expect(postedFollowUp('public', 'board')).toBeNull();
  });

  it('replaces “only you see it” once the private writing was revealed', () => {
    expect(postedFollowUp('private', 'board')).toBe('tablet.add.nowOnBoard');
    expect(postedFollowUp('private', 'pending')).toBe('tablet.add.nowPending');
    expect(postedFollowUp('pending', 'board')).toBe('tablet.add.nowOnBoard');
  });

  it('drops the notice when the concern was not accepted or taken off (My concerns says why)', () => {
    expect(postedFollowUp('pending', 'rejected')).toBe('clear');
    expect(postedFollowUp('private', 'hidden')).toBe('clear');
  });
});
