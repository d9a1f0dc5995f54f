/**
 * Dot-voting accounting for one board: each participant has a budget of dots and may put at most
 * `cap` on one target. Pure and synchronous, so the server can reserve a dot in the same turn
 * it checks the budget (50 simultaneous casts with 5 dots give exactly 5).
 */
import { wireError, type WireError } from './errors.ts';

/** Budget and cap in force on a board. */
export interface VoteRules {
  dotsPerParticipant: number;
  capPerTarget: number;
}

/** The outcome of a cast or retract. */
export type VoteChange = { ok: true; remaining: number; onTarget: number } | { ok: false; error: WireError };

export class VoteLedger {
  /** participantId → targetId → dots. */
  private readonly dots = new Map<string, Map<string, number>>();

  /** Builds a ledger from stored rows. */
  static from(rows: Iterable<{ participantId: string; targetId: string; count: number }>): VoteLedger {
    const l = new VoteLedger();
    for (const r of rows) if (r.count > 0) l.mineMap(r.participantId).set(r.targetId, r.count);
    return l;
  }

  /** Dots a participant has placed in all. */
  spent(participantId: string): number {
    let n = 0;
    for (const c of this.dots.get(participantId)?.values() ?? []) n += c;
    return n;
  }

  /** A participant's own dots by target. */
  mine(participantId: string): Record<string, number> {
    return Object.fromEntries(this.dots.get(participantId) ?? []);
  }

  /** Places one dot if budget and cap allow; the reservation is immediate. */
  cast(participantId: string, targetId: string, rules: VoteRules): VoteChange {
    const spent = this.spent(participantId);
    if (spent >= rules.dotsPerParticipant) {
      return { ok: false, error: wireError('BUDGET', `You have used all ${rules.dotsPerParticipant} of your dots.`) };
    }
    const mine = this.mineMap(participantId);
    const on = mine.get(targetId) ?? 0;
    if (on >= rules.capPerTarget) {
      return { ok: false, error: wireError('CAP', `At most ${rules.capPerTarget} dots on one item.`) };
    }
    mine.set(targetId, on + 1);
    return { ok: true, remaining: rules.dotsPerParticipant - spent - 1, onTarget: on + 1 };
  }

  /** Takes one dot back from a target. */
  retract(participantId: string, targetId: string, rules: VoteRules): VoteChange {
    const mine = this.mineMap(participantId);
    const on = mine.get(targetId) ?? 0;
    if (on === 0) return { ok: false, error: wireError('NOT_FOUND', 'You have no dot on this item.') };
    if (on === 1) mine.delete(targetId);
    else mine.set(targetId, on - 1);
    return { ok: true, remaining: rules.dotsPerParticipant - this.spent(participantId), onTarget: on - 1 };
  }

  /** Dots per target over everyone, restricted to targets that still exist. */
  tallies(exists: (targetId: string) => boolean = () => true): Record<string, number> {
    const out: Record<string, number> = {};
    for (const mine of this.dots.values()) {
      for (const [t, c] of mine) if (exists(t)) out[t] = (out[t] ?? 0) + c;
    }
    return out;
  }

  /** How many of the given participants still have at least one dot to place. */
  withDotsLeft(participantIds: Iterable<string>, rules: VoteRules): number {
    let n = 0;
    for (const id of participantIds) if (this.spent(id) < rules.dotsPerParticipant) n++;
    return n;
  }

  private mineMap(participantId: string): Map<string, number> {
    let m = this.dots.get(participantId);
    if (!m) this.dots.set(participantId, (m = new Map()));
    return m;
  }
}
