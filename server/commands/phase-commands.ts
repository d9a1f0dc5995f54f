/** phase:set — the procedure moves on, recorded with who, when and (for a jump) why. */
import { CommandSchemas } from '../../shared/commands.ts';
import { can } from '../../shared/permissions.ts';
import { checkPhaseChange } from '../../shared/phases.ts';
import { boardMap, readPhase } from '../../shared/board-doc.ts';
import type { StorageOp } from '../storage/storage.ts';
import { defineCommand, type CommandContext, type CommandResult } from './command-types.ts';
import { openBoard, ruleState } from './board-access.ts';

async function setPhaseOn(ctx: CommandContext, boardId: string, phase: ReturnType<typeof readPhase>, reason: string | undefined, extra: StorageOp[]): Promise<CommandResult> {
  const access = await openBoard(ctx, boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const allowed = can(ctx.actor, 'phase:set', ruleState(room));
  if (!allowed.ok) return allowed;
  const change = checkPhaseChange(readPhase(room.doc), phase, reason);
  if (!change.ok) return change;
  if (change.noop) {
    if (extra.length) await ctx.storage.commit(extra);
    return { ok: true, result: { phase } };
  }
  await room.serverChange((doc) => {
    boardMap(doc).set('phase', phase);
    // A ready check belongs to one step.
    boardMap(doc).set('ready', []);
  }, [
    { op: 'record.append', entry: { sessionId: board.sessionId, boardId: board.id, actorId: ctx.actor.participantId, kind: 'phase.set', data: { from: change.from, to: change.to, skipped: change.skipped, reason: reason ?? null }, at: ctx.now } },
    ...extra,
  ]);
  return { ok: true, result: { phase } };
}

export const phaseSet = defineCommand(CommandSchemas['phase:set'], async (ctx, p) => {
  if (p.boardId !== '*') return setPhaseOn(ctx, p.boardId, p.phase, p.reason, ctx.finalOps({ phase: p.phase }));
  const boards = await ctx.storage.listBoards(ctx.actor.sessionId);
  for (const [i, b] of boards.entries()) {
    const last = i === boards.length - 1;
    const r = await setPhaseOn(ctx, b.id, p.phase, p.reason, last ? ctx.finalOps({ phase: p.phase, boards: boards.length }) : []);
    if (!r.ok) return r;
  }
  return { ok: true, result: { phase: p.phase, boards: boards.length } };
});
