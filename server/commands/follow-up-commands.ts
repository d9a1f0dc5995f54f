/** `action:update`: a moderator's dated follow-up note on an action item, optionally with a new status. */
import type { PublicActionUpdate } from '../../shared/results.ts';
import { applyActionUpdate } from '../results/action-updates.ts';
import { defineCommand } from './command-types.ts';
import { authorizeOnBoard, fail } from './board-access.ts';

export const actionUpdate = defineCommand('action:update', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'action:update', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  // can() admits only moderators; the role names who wrote the update in the public timeline.
  const by = ctx.actor.role === 'facilitator' ? 'facilitator' : 'expert';
  const update: PublicActionUpdate = { at: ctx.now, status: p.status ?? null, note: p.note, by, label: null };
  const result = { boardId: board.id, actionId: p.actionId, update };
  const row = await applyActionUpdate({
    board, room, actionId: p.actionId, status: p.status, note: p.note, by, label: null, actorId: ctx.actor.participantId, now: ctx.now,
    extraOps: ctx.finalOps(result),
  });
  if (!row) return fail('NOT_FOUND', 'No such action item on this board.');
  ctx.notify.toModerators(board.sessionId, 'action:updated', { boardId: board.id, actionId: p.actionId, status: p.status ?? null, at: ctx.now });
  return { ok: true, result };
});
