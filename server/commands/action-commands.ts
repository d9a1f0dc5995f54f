/** Action items: created and deleted by command; their title is then co-drafted live through Yjs. */
import { actionsMap, clustersMap, readAction, writeNewAction } from '../../shared/board-doc.ts';
import { newId } from '../ids.ts';
import { defineCommand } from './command-types.ts';
import { fail, authorizeOnBoard, recordOp } from './board-access.ts';

export const actionAdd = defineCommand('action:add', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'action:add', p.boardId);
  if (!access.ok) return access.result;
  if (p.clusterId && !clustersMap(access.room.doc).has(p.clusterId)) return fail('NOT_FOUND', 'No such theme on this board.');
  const actionId = newId();
  const result = { actionId };
  await access.room.serverChange(
    (doc) => writeNewAction(doc, { id: actionId, title: p.title, owner: '', due: null, status: 'planned', clusterId: p.clusterId ?? null, createdAt: ctx.now }),
    ctx.finalOps(result),
  );
  return { ok: true, result };
});

export const actionDelete = defineCommand('action:delete', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'action:delete', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const action = readAction(room.doc, p.actionId);
  if (!action) return fail('NOT_FOUND', 'No such action item on this board.');
  const result = {};
  await room.serverChange((doc) => actionsMap(doc).delete(p.actionId), [recordOp(ctx, board, 'action.deleted', { action }), ...ctx.finalOps(result)]);
  return { ok: true, result };
});
