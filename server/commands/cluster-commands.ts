/** Themes: add, rename, delete (its notes return to no theme), merge (every note kept). Both destructive ones are undoable. */
import { clustersMap, notesInCluster, notesMap, readCluster, writeNewCluster } from '../../shared/board-doc.ts';
import { newId } from '../ids.ts';
import { defineCommand } from './command-types.ts';
import { fail, authorizeOnBoard, recordOp } from './board-access.ts';

export const clusterAdd = defineCommand('cluster:add', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'cluster:add', p.boardId);
  if (!access.ok) return access.result;
  const clusterId = newId();
  const result = { clusterId };
  await access.room.serverChange((doc) => writeNewCluster(doc, { id: clusterId, title: p.title, x: p.x, y: p.y, createdAt: ctx.now }), ctx.finalOps(result));
  return { ok: true, result };
});

export const clusterRename = defineCommand('cluster:rename', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'cluster:rename', p.boardId);
  if (!access.ok) return access.result;
  if (!clustersMap(access.room.doc).has(p.clusterId)) return fail('NOT_FOUND', 'No such theme on this board.');
  const result = {};
  await access.room.serverChange((doc) => clustersMap(doc).get(p.clusterId)!.set('title', p.title), ctx.finalOps(result));
  return { ok: true, result };
});

export const clusterDelete = defineCommand('cluster:delete', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'cluster:delete', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const cluster = readCluster(room.doc, p.clusterId);
  if (!cluster) return fail('NOT_FOUND', 'No such theme on this board.');
  const noteIds = notesInCluster(room.doc, p.clusterId);
  const result = {};
  await room.serverChange(
    (doc) => {
      for (const id of noteIds) notesMap(doc).get(id)!.set('clusterId', null);
      clustersMap(doc).delete(p.clusterId);
    },
    [recordOp(ctx, board, 'cluster.deleted', { cluster, noteIds }), ...ctx.finalOps(result)],
  );
  return { ok: true, result };
});

export const clusterMerge = defineCommand('cluster:merge', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'cluster:merge', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  if (p.sourceId === p.targetId) return fail('VALIDATION', 'targetId: a theme cannot be merged into itself');
  const source = readCluster(room.doc, p.sourceId);
  const target = readCluster(room.doc, p.targetId);
  if (!source || !target) return fail('NOT_FOUND', 'Both themes must exist on this board.');
  const noteIds = notesInCluster(room.doc, p.sourceId);
  const result = { targetId: p.targetId, moved: noteIds.length };
  await room.serverChange(
    (doc) => {
      for (const id of noteIds) notesMap(doc).get(id)!.set('clusterId', p.targetId);
      clustersMap(doc).delete(p.sourceId);
    },
    [recordOp(ctx, board, 'cluster.merged', { source, targetId: p.targetId, noteIds }), ...ctx.finalOps(result)],
  );
  return { ok: true, result };
});
