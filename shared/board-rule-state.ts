/** A board's rule state, read from its document: what `can()` and `effectiveRole()` decide on. */
import type * as Y from 'yjs';
import { readLocked, readPhase, readSettings, readVotingClosed } from './board-doc.ts';
import { readBreakout } from './open-space.ts';
import type { BoardState } from './permissions.ts';

/** The board's rule state as its document holds it now; `targetAuthorId` for commands on one concern. */
export function readRuleState(doc: Y.Doc, targetAuthorId?: string | null): BoardState {
  return {
    phase: readPhase(doc), locked: readLocked(doc), residentsSort: readSettings(doc).residentsSort, targetAuthorId,
    convenerId: readBreakout(doc)?.convenerId ?? null, votingClosed: readVotingClosed(doc),
  };
}
