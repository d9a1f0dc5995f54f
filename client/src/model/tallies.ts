/**
 * The revealed vote as ranked rows, the same ranking everywhere (big screen, console, tablets and
 * the public page): most dots first, ties share a rank (1, 1, 3) and are listed by title, then id.
 */
import { rankTallies } from '../../../shared/results.ts';
import type { PublicTally, TallyTarget } from '../../../shared/results.ts';
import type { BoardModel } from './board-model.ts';

/** The ranked rows of a board's revealed tallies (empty before the reveal); targets that are gone are left out. */
export function rankedRows(model: BoardModel): PublicTally[] {
  const tallies = model.tallies.value;
  if (!tallies) return [];
  const targets = new Map<string, TallyTarget>();
  const on = model.settings.value.voteOn;
  if (on === 'notes') for (const n of model.notes.value) targets.set(n.id, { kind: 'note', title: n.text });
  if (on === 'clusters') for (const c of model.clusters.value) targets.set(c.id, { kind: 'theme', title: c.title });
  if (on === 'actions') for (const a of model.actions.value) targets.set(a.id, { kind: 'action', title: a.title });
  return rankTallies(tallies, targets);
}
