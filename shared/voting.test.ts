/** The ledger's rules for dots that follow their concern, and who counts as a voter. */
import { describe, expect, it } from 'vitest';
import { countsAsVoter, invertDeltas, VoteLedger } from './voting.ts';

const rules = { dotsPerParticipant: 3, capPerTarget: 2 };

function ledger(): VoteLedger {
  return VoteLedger.from([
    { participantId: 'ana', targetId: 'A', count: 2 },
    { participantId: 'ana', targetId: 'B', count: 1 },
    { participantId: 'bo', targetId: 'A', count: 1 },
  ]);
}

describe('VoteLedger: dots follow their concern', () => {
  it('transfer moves every dot onto the kept target above the cap, and leaves budgets alone', () => {
    const l = ledger();
    expect(l.transfer('A', 'B')).toEqual([
      { participantId: 'ana', targetId: 'A', delta: -2 },
      { participantId: 'ana', targetId: 'B', delta: 2 },
      { participantId: 'bo', targetId: 'A', delta: -1 },
      { participantId: 'bo', targetId: 'B', delta: 1 },
    ]);
    expect(l.mine('ana')).toEqual({ B: 3 });
    expect(l.spent('ana')).toBe(3);
    // The cap still holds for new casts.
    expect(l.cast('bo', 'B', rules)).toMatchObject({ ok: true, onTarget: 2 });
    expect(l.cast('bo', 'B', rules)).toMatchObject({ ok: false, error: { code: 'CAP' } });
  });

  it('refund gives every dot on a target back; putBack returns them only as far as each budget allows', () => {
    const l = ledger();
    const refund = l.refund('A');
    expect(refund).toEqual([{ participantId: 'ana', targetId: 'A', delta: -2 }, { participantId: 'bo', targetId: 'A', delta: -1 }]);
    expect(l.tallies()).toEqual({ B: 1 });
    expect(l.cast('ana', 'C', rules).ok).toBe(true);
    const back = l.putBack('A', [{ participantId: 'ana', count: 2 }, { participantId: 'bo', count: 1 }], rules);
    expect(back.restored).toEqual([{ participantId: 'ana', count: 1 }, { participantId: 'bo', count: 1 }]);
    expect(back.refunded).toEqual([{ participantId: 'ana', count: 1 }]);
    expect(l.mine('ana')).toEqual({ A: 1, B: 1, C: 1 });
  });

  it('apply(invertDeltas(…)) takes a change back exactly (a failed commit)', () => {
    const l = ledger();
    const before = l.tallies();
    l.apply(invertDeltas(l.transfer('A', 'B')));
    expect(l.tallies()).toEqual(before);
    expect(l.mine('ana')).toEqual({ A: 2, B: 1 });
  });
});

describe('countsAsVoter', () => {
  it('residents always; facilitators and experts once they hold a dot; screens never', () => {
    expect(countsAsVoter('resident', 0)).toBe(true);
    expect(countsAsVoter('facilitator', 0)).toBe(false);
    expect(countsAsVoter('expert', 1)).toBe(true);
    expect(countsAsVoter('screen', 3)).toBe(false);
  });
});
