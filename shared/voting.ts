/**
 * Dot-voting accounting for one board: each participant has a budget of dots and may put at most
 * `cap` on one target. Pure and synchronous, so the server can reserve a dot in the same turn
 * it checks the budget (50 simultaneous casts with 5 dots give exactly 5).
 */
import { wireError, type WireError } from './errors.ts';
import { isModerator, type Role } from './roles.ts';

/** Budget and cap in force on a board. */
export interface VoteRules {
  dotsPerParticipant: number;
  capPerTarget: number;
}

/** The outcome of a cast or retract. */
export type VoteChange = { ok: true; remaining: number; onTarget: number } | { ok: false; error: WireError };

/** One voter's dots on one target, as they move with it (refunds, merges, put back). */
export interface VoterDots {
  participantId: string;
  count: number;
}

/** One change to one voter's dots on one target: what storage's `vote.add` op records. */
export interface DotDelta {
  participantId: string;
  targetId: string;
  delta: number;
}

/** The deltas that undo `deltas` (to take back a reservation whose commit failed). */
export function invertDeltas(deltas: readonly DotDelta[]): DotDelta[] {
  return deltas.map((d) => ({ ...d, delta: -d.delta }));
}

/**
 * Who counts in "N of M still have dots": residents (people without a device included) always;
 * facilitators and experts only once they have a dot on the board, since the console gives them
 * no ballot and counting them would keep the hall waiting for people who never vote.
 */
export function countsAsVoter(role: Role, dotsOnBoard: number): boolean {
  if (role === 'resident') return true;
  return isModerator(role) && dotsOnBoard > 0;
}

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

  /** Who has dots on a target, and how many (voters in id order, so records are stable). */
  onTarget(targetId: string): VoterDots[] {
    const out: VoterDots[] = [];
    for (const [participantId, mine] of this.dots) {
      const count = mine.get(targetId) ?? 0;
      if (count > 0) out.push({ participantId, count });
    }
    return out.sort((a, b) => (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0));
  }

  /** Gives every dot on a target back to its voter (the target left the board); applied at once. */
  refund(targetId: string): DotDelta[] {
    const deltas = this.onTarget(targetId).map((v) => ({ participantId: v.participantId, targetId, delta: -v.count }));
    this.apply(deltas);
    return deltas;
  }

  /**
   * Moves every dot on `from` onto `to` (a merge), above the per-item cap if need be: the voter
   * chose both. The budget is unchanged. Applied at once.
   */
  transfer(from: string, to: string): DotDelta[] {
    if (from === to) return [];
    const deltas = this.onTarget(from).flatMap((v) => [
      { participantId: v.participantId, targetId: from, delta: -v.count },
      { participantId: v.participantId, targetId: to, delta: v.count },
    ]);
    this.apply(deltas);
    return deltas;
  }

  /**
   * Puts dots back on a target that returned to the board, each voter's only as far as their
   * budget still allows (they may have spent the refund elsewhere); the rest stay refunded.
   * Applied at once.
   */
  putBack(targetId: string, dots: readonly VoterDots[], rules: VoteRules): { deltas: DotDelta[]; restored: VoterDots[]; refunded: VoterDots[] } {
    const deltas: DotDelta[] = [];
    const restored: VoterDots[] = [];
    const refunded: VoterDots[] = [];
    for (const v of dots) {
      const back = Math.max(0, Math.min(v.count, rules.dotsPerParticipant - this.spent(v.participantId)));
      if (back > 0) {
        const d = { participantId: v.participantId, targetId, delta: back };
        this.apply([d]);
        deltas.push(d);
        restored.push({ participantId: v.participantId, count: back });
      }
      if (back < v.count) refunded.push({ participantId: v.participantId, count: v.count - back });
    }
    return { deltas, restored, refunded };
  }

  /** Applies deltas as they are, with no budget or cap check (moves already decided, or their inverse). */
  apply(deltas: readonly DotDelta[]): void {
    for (const d of deltas) {
      const mine = this.mineMap(d.participantId);
      const n = (mine.get(d.targetId) ?? 0) + d.delta;
      if (n > 0) mine.set(d.targetId, n);
      else mine.delete(d.targetId);
    }
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
