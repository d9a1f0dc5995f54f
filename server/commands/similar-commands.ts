/**
 * Similar concerns: suggestions computed locally (shared/similar-concerns.ts) and a one-step
 * merge of a group into a theme or into one concern, recorded and undoable.
 */
import type * as Y from 'yjs';
import { clustersMap, notesMap, readNote } from '../../shared/board-doc.ts';
import type { MergedNote, NoteFields } from '../../shared/board-schema.ts';
import { suggestSimilar as suggest } from '../../shared/similar-concerns.ts';
import { defineCommand } from './command-types.ts';
import { fail, authorizeOnBoard, recordOp } from './board-access.ts';
import { commitWithDots, dotOps, refreshTallies } from './dot-ledger.ts';

export const suggestSimilar = defineCommand('suggest:similar', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'suggest:similar', p.boardId);
  if (!access.ok) return access.result;
  const notes = [...notesMap(access.room.doc).values()].map((m) => ({ id: m.get('id') as string, text: m.get('text') as string }));
  return { ok: true, result: { groups: suggest(notes) } };
});

export const noteMergeInto = defineCommand('note:mergeInto', async (ctx, p) => {
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
  const ledger = await room.voteLedger();
  const target = readNote(room.doc, targetId);
  if (!target) return fail('NOT_FOUND', 'The concern to merge into must be on the board.');
  // Read again after the wait: a concern hidden or deleted meanwhile must not be folded twice.
  const folded = ids.filter((id) => id !== targetId).map((id) => readNote(room.doc, id));
  if (folded.some((n) => n === null)) return fail('NOT_FOUND', 'Every concern to merge must be on the board.');
  const gone = folded as NoteFields[];
  if (gone.length === 0) return fail('VALIDATION', 'noteIds: name at least one concern other than the one merged into');
  const result = { into: { noteId: targetId }, merged: gone.length };
  // The kept concern takes the theme of the first folded concern that has one, unless it has its own.
  const tookTheme = target.clusterId ? null : (gone.find((n) => n.clusterId && clustersMap(room.doc).has(n.clusterId))?.clusterId ?? null);
  // Dots follow their concern onto the kept one, above the cap if need be: the voter chose both.
  const moves = gone.flatMap((n) => ledger.onTarget(n.id).map((v) => ({ participantId: v.participantId, from: n.id, count: v.count })));
  const deltas = gone.flatMap((n) => ledger.transfer(n.id, targetId));
  const record = { into: { noteId: targetId }, notes: gone, mergedFromBefore: target.mergedFrom ?? null, tookTheme, dots: moves };
  // Duplicates leave the board; the kept concern lists them (their authors still find them), and the record keeps them whole for undo.
  await commitWithDots(ctx, board, room, ledger, deltas, () => room.serverChange((doc) => {
    for (const n of gone) notesMap(doc).delete(n.id);
    const kept = notesMap(doc).get(targetId) as Y.Map<unknown>;
    kept.set('mergedFrom', [...(target.mergedFrom ?? []), ...gone.map((n) => n.id)]);
    kept.set('mergedNotes', [...(target.mergedNotes ?? []), ...gone.flatMap(foldedEntries)]);
    if (tookTheme) kept.set('clusterId', tookTheme);
    if (deltas.length > 0) refreshTallies(room, ledger, doc);
  }, [recordOp(ctx, board, 'notes.merged', record), ...dotOps(board.id, deltas), ...ctx.finalOps(result)]));
  return { ok: true, result };
});

/** A folded concern as the kept one lists it, with what had been folded into it before (merges chain). */
function foldedEntries(n: NoteFields): MergedNote[] {
  return [{ id: n.id, authorId: n.authorId, text: n.text, createdAt: n.createdAt }, ...(n.mergedNotes ?? [])];
}
