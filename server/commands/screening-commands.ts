/**
 * Held concerns: private writing, screening and hiding. What is held is never in the board
 * document, so no screen or other resident can receive it; it reaches only its author and the
 * moderators, through `notes:held`.
 */
import { notesMap, readNote, writeNewNote } from '../../shared/board-doc.ts';
import { isModerator } from '../../shared/roles.ts';
import type { VoterDots } from '../../shared/voting.ts';
import { defineCommand, type CommandContext } from './command-types.ts';
import { boardSettings, fail, authorizeOnBoard, recordOp } from './board-access.ts';
import { announceHeld } from './note-commands.ts';
import { commitWithDots, dotOps, dotsOf, refreshTallies } from './dot-ledger.ts';

export const notesHeld = defineCommand('notes:held', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'notes:held', p.boardId);
  if (!access.ok) return access.result;
  const all = await access.room.heldNotes();
  // Authors see their own held concerns (hidden ones too, with the reason); moderators see all.
  const visible = isModerator(ctx.actor.role) ? all : all.filter((h) => h.note.authorId === ctx.actor.participantId);
  return { ok: true, result: { notes: visible.map((h) => ({ note: h.note, state: h.state, reason: h.reason, at: h.at })) } };
});

export const notesReveal = defineCommand('notes:reveal', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'notes:reveal', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const privateNotes = (await room.heldNotes()).filter((h) => h.state === 'private');
  const screening = boardSettings(room).screening;
  const result = { revealed: privateNotes.length, toScreening: screening };
  const record = recordOp(ctx, board, 'notes.revealed', { count: privateNotes.length, toScreening: screening });
  if (screening) {
    // With screening on, revealed private notes still wait for a moderator's approval.
    await room.holdNotes(privateNotes.map((h) => ({ ...h, state: 'pending' as const, at: ctx.now })), [record, ...ctx.finalOps(result)]);
  } else {
    await room.releaseHeld(privateNotes.map((h) => h.note.id), [record, ...ctx.finalOps(result)], (doc) => {
      for (const h of privateNotes) writeNewNote(doc, h.note);
    });
  }
  for (const a of new Set(privateNotes.map((h) => h.note.authorId))) announceHeld(ctx, board.sessionId, board.id, a);
  return { ok: true, result };
});

export const noteApprove = defineCommand('note:approve', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'note:approve', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const held = await room.heldNote(p.noteId);
  if (!held || (held.state !== 'pending' && held.state !== 'rejected')) return fail('NOT_FOUND', 'No concern with this id awaits screening.');
  const result = {};
  await room.releaseHeld(p.noteId, [recordOp(ctx, board, 'note.approved', { noteId: p.noteId }), ...ctx.finalOps(result)], (doc) => writeNewNote(doc, held.note));
  announceHeld(ctx, board.sessionId, board.id, held.note.authorId);
  return { ok: true, result };
});

export const noteReject = defineCommand('note:reject', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'note:reject', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const held = await room.heldNote(p.noteId);
  if (!held || held.state !== 'pending') return fail('NOT_FOUND', 'No concern with this id awaits screening.');
  const result = {};
  await room.holdNote({ ...held, state: 'rejected', reason: p.reason, at: ctx.now }, [recordOp(ctx, board, 'note.rejected', { noteId: p.noteId, reason: p.reason }), ...ctx.finalOps(result)]);
  announceHeld(ctx, board.sessionId, board.id, held.note.authorId);
  return { ok: true, result };
});

export const noteHide = defineCommand('note:hide', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'note:hide', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const ledger = await room.voteLedger();
  // Loaded before the dots move, so nothing runs between the refund and the concern leaving the board.
  await room.heldNotes();
  const note = readNote(room.doc, p.noteId);
  if (!note) return fail('NOT_FOUND', 'No such concern on the board.');
  const result = {};
  // Its dots go back to their voters in the same commit; the record keeps whose, for note:restore.
  const deltas = ledger.refund(p.noteId);
  // One commit: the note leaves the document and is kept, with its reason, among the held.
  await commitWithDots(ctx, board, room, ledger, deltas, () => room.holdNote(
    { boardId: board.id, note, state: 'hidden', reason: p.reason, at: ctx.now },
    [recordOp(ctx, board, 'note.hidden', { noteId: p.noteId, reason: p.reason, dots: dotsOf(deltas) }), ...dotOps(board.id, deltas), ...ctx.finalOps(result)],
    (doc) => {
      notesMap(doc).delete(p.noteId);
      if (deltas.length > 0) refreshTallies(room, ledger, doc);
    },
  ));
  announceHeld(ctx, board.sessionId, board.id, note.authorId);
  return { ok: true, result };
});

export const noteRestore = defineCommand('note:restore', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'note:restore', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const refunded = await dotsRefundedByHide(ctx, board.id, p.noteId);
  const ledger = await room.voteLedger();
  const held = await room.heldNote(p.noteId);
  if (!held || held.state !== 'hidden') return fail('NOT_FOUND', 'No hidden concern with this id.');
  const result = {};
  // The dots the hide gave back return only as far as each voter's budget still allows.
  const back = ledger.putBack(p.noteId, refunded, boardSettings(room));
  await commitWithDots(ctx, board, room, ledger, back.deltas, () => room.releaseHeld(
    p.noteId,
    [recordOp(ctx, board, 'note.restored', { noteId: p.noteId, dots: { restored: back.restored, refunded: back.refunded } }), ...dotOps(board.id, back.deltas), ...ctx.finalOps(result)],
    (doc) => {
      writeNewNote(doc, held.note);
      if (back.deltas.length > 0) refreshTallies(room, ledger, doc);
    },
  ));
  announceHeld(ctx, board.sessionId, board.id, held.note.authorId);
  return { ok: true, result };
});

/** The dots the latest hide of this concern gave back (none for hides recorded before dots followed concerns). */
async function dotsRefundedByHide(ctx: CommandContext, boardId: string, noteId: string): Promise<VoterDots[]> {
  const hides = (await ctx.storage.listRecord(ctx.actor.sessionId)).filter((e) => e.kind === 'note.hidden' && e.boardId === boardId && (e.data as { noteId?: string }).noteId === noteId);
  return (hides.at(-1)?.data as { dots?: VoterDots[] } | undefined)?.dots ?? [];
}
