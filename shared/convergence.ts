/**
 * Convergence: what `session:converge` does with each breakout action, decided from the breakout's
 * action, the plenary's copy and what the plenary remembers of the last convergence (the ledger in
 * the plenary's `board.converged`). Converging is idempotent per action: an action comes once, a
 * copy deleted on the plenary stays deleted, a breakout's later edits travel unless the plenary's
 * copy was edited since (then the plenary's copy wins and the facilitator is told).
 */
import type { ActionFields } from './board-schema.ts';

/** What the plenary remembers of one converged action: its breakout and the carried fields' keys. */
export interface ConvergedEntry {
  /** The breakout board the action was drafted on. */
  from: string;
  /** `carriedKey` of the breakout's action when it was last carried. */
  source: string;
  /** `carriedKey` of the plenary's copy right after it was last carried. */
  copy: string;
}

/** The plenary's convergence ledger, by action id. */
export type ConvergenceLedger = Record<string, ConvergedEntry>;

/** The fields a convergence carries: the ones people edit (not ids, provenance or theme). */
export function carriedKey(a: Pick<ActionFields, 'title' | 'owner' | 'due' | 'status'>): string {
  return JSON.stringify([a.title, a.owner, a.due, a.status]);
}

/** What to do with one breakout action. */
export type ConvergeStep =
  /** Not on the plenary yet: copy it there. */
  | { kind: 'add'; action: ActionFields }
  /** Edited on its breakout since it was carried, untouched on the plenary: carry the edits. */
  | { kind: 'carry'; action: ActionFields }
  /** Edited on both boards since: the plenary's copy stays as it is. */
  | { kind: 'kept'; action: ActionFields }
  /** Its plenary copy was deleted after converging: it stays deleted. */
  | { kind: 'deleted'; action: ActionFields }
  /** Nothing changed on the breakout since: nothing to do. */
  | { kind: 'same'; action: ActionFields }
  /** On the plenary from before the ledger existed: remembered as it is now, nothing changes. */
  | { kind: 'adopt'; action: ActionFields; copy: ActionFields };

/** Decides what one breakout action needs, given the plenary's copy (or null) and the ledger entry. */
export function convergeStep(action: ActionFields, copy: ActionFields | null, entry: ConvergedEntry | undefined): ConvergeStep {
  if (!entry) return copy ? { kind: 'adopt', action, copy } : { kind: 'add', action };
  if (!copy) return { kind: 'deleted', action };
  if (carriedKey(action) === entry.source) return { kind: 'same', action };
  return carriedKey(copy) === entry.copy ? { kind: 'carry', action } : { kind: 'kept', action };
}
