/**
 * phase:set — the procedure moves on, recorded with who, when and (for a jump) why. With
 * `boardId: "*"` every board of the session moves in one commit: all of them or none.
 */
import { can } from '../../shared/permissions.ts';
import { checkPhaseChange } from '../../shared/phases.ts';
import type { Phase } from '../../shared/board-schema.ts';
import { boardMap, readPhase } from '../../shared/board-doc.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import type { StorageOp } from '../storage/storage.ts';
import { commitTogether, stageAll } from '../yjs/board-authority.ts';
import { defineCommand, type CommandFailure } from './command-types.ts';
import { openBoard, recordOp, type BoardAccess } from './board-access.ts';

export const phaseSet = defineCommand('phase:set', async (ctx, p) => {
  const ids = p.boardId === '*' ? (await ctx.storage.listBoards(ctx.actor.sessionId)).map((b) => b.id) : [p.boardId];
  // Every board is loaded first; what follows is synchronous, so no other command changes a
  // board between its check and its change.
  type Opened = Extract<BoardAccess, { ok: true }>;
  const opened: Opened[] = [];
  for (const id of ids) {
    const access = await openBoard(ctx, id);
    if (!access.ok) return access.result;
    opened.push(access);
  }
  const moves: { access: Opened; from: Phase; skipped: Phase[] }[] = [];
  for (const access of opened) {
    const allowed = can(ctx.actor, 'phase:set', readRuleState(access.room.doc));
    if (!allowed.ok) return allowed;
    const change = checkPhaseChange(readPhase(access.room.doc), p.phase, p.reason);
    if (!change.ok) return change satisfies CommandFailure;
    if (!change.noop) moves.push({ access, from: change.from, skipped: change.skipped });
  }
  const result = p.boardId === '*' ? { phase: p.phase, boards: ids.length } : { phase: p.phase };
  const staged = stageAll(moves.map(({ access }) => ({
    authority: access.room.authority,
    mutate: (doc) => {
      boardMap(doc).set('phase', p.phase);
      // A ready check belongs to one step.
      boardMap(doc).set('ready', []);
    },
  })));
  const records: StorageOp[] = moves.map(({ access, from, skipped }) => recordOp(ctx, access.board, 'phase.set', { from, to: p.phase, skipped, reason: p.reason ?? null }));
  await commitTogether(ctx.storage, staged, [...records, ...ctx.finalOps(result)]);
  return { ok: true, result };
});
