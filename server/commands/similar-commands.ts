/**
 * Similar concerns: suggestions computed locally (shared/similar-concerns.ts) and a one-step
 * merge of a group into a theme or into one concern, recorded and undoable.
 */
import type * as Y from 'yjs';
import { CommandSchemas } from '../../shared/commands.ts';
import { clustersMap, notesMap, readNote } from '../../shared/board-doc.ts';
import type { NoteFields } from '../../shared/board-schema.ts';
import { suggestSimilar as suggest } from '../../shared/similar-concerns.ts';
import { defineCommand } from './command-types.ts';
import { fail, authorizeOnBoard, recordOp } from './board-access.ts';

export const suggestSimilar = defineCommand(CommandSchemas['suggest:similar'], async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'suggest:similar', p.boardId);
  if (!access.ok) return access.result;
  const notes = [...notesMap(access.room.doc).values()].map((m) => ({ id: m.get('id') as string, text: m.get('text') as string }));
  return { ok: true, result: { groups: suggest(notes) } };
});

export const noteMergeInto = defineCommand(CommandSchemas['note:mergeInto'], async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'note:mergeInto', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const ids = [...new Set(p.noteIds)];
  const notes = ids.map((id) => readNote(room.doc, id));
  if (notes.some((n) => n === null)) return fail('NOT_FOUND', 'Every concern to merge must be on the board.');
  const present = notes as NoteFields[];

  if ('clusterId' in p.into) {
    const clusterId = p.into.clusterId;
    if (!clustersMap(room.doc).has(clusterId)) return fail('NOT_FOUND', 'No such theme on this board.');
    const result = { into: { clusterId }, merged: ids.length };
    await room.serverChange((doc) => {
      for (const id of ids) notesMap(doc).get(id)!.set('clusterId', clusterId);
    }, [recordOp(ctx, board, 'notes.merged', { into: { clusterId }, before: present.map((n) => ({ id: n.id, clusterId: n.clusterId })) }), ...ctx.finalOps(result)]);
    return { ok: true, result };
  }

  const targetId = p.into.noteId;
  const target = readNote(room.doc, targetId);
  if (!target) return fail('NOT_FOUND', 'The concern to merge into must be on the board.');
  const folded = present.filter((n) => n.id !== targetId);
  if (folded.length === 0) return fail('VALIDATION', 'noteIds: name at least one concern other than the one merged into');
  const result = { into: { noteId: targetId }, merged: folded.length };
  // Duplicates leave the board; the kept concern lists them, and the record keeps them whole for undo.
  await room.serverChange((doc) => {
    for (const n of folded) notesMap(doc).delete(n.id);
    (notesMap(doc).get(targetId) as Y.Map<unknown>).set('mergedFrom', [...(target.mergedFrom ?? []), ...folded.map((n) => n.id)]);
  }, [recordOp(ctx, board, 'notes.merged', { into: { noteId: targetId }, notes: folded, mergedFromBefore: target.mergedFrom ?? null }), ...ctx.finalOps(result)]);
  return { ok: true, result };
});
