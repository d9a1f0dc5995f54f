/** The phase machine: gather → cluster → vote → act → done. Steps are never skipped silently. */
import { Phases, type Phase } from './board-schema.ts';
import { wireError, type WireError } from './errors.ts';

/** The outcome of asking to change phase. */
export type PhaseChange =
  | { ok: true; noop: true }
  | { ok: true; noop: false; from: Phase; to: Phase; skipped: Phase[] }
  | { ok: false; error: WireError };

/** Setting the current phase is a no-op; one step forward or any step back is free; a jump forward needs a reason. */
export function checkPhaseChange(from: Phase, to: Phase, reason: string | undefined): PhaseChange {
  if (from === to) return { ok: true, noop: true };
  const i = Phases.indexOf(from);
  const j = Phases.indexOf(to);
  const skipped = j > i + 1 ? Phases.slice(i + 1, j) : [];
  if (skipped.length > 0 && !reason) {
    return { ok: false, error: wireError('PHASE', `Moving from ${from} to ${to} skips ${skipped.join(', ')}: give a reason, it goes into the record.`) };
  }
  return { ok: true, noop: false, from, to, skipped: [...skipped] };
}
