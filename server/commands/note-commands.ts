/**
 * Concerns: add, edit, move, delete. A resident's concern goes into the board document at once,
 * or is held out of it (private writing during gather, or awaiting screening) and reaches only
 * its author and the moderators until it may be shown.
 */
import { unsortedPosition } from '../../shared/board-placement.ts';
import { cleanNoteText, type CommandResultOf } from '../../shared/commands.ts';
import { can } from '../../shared/permissions.ts';
import type { NoteFields } from '../../shared/board-schema.ts';
import { noteCount, notesMap, readNote, readPhase, writeNewNote, clustersMap } from '../../shared/board-doc.ts';
import { isModerator } from '../../shared/roles.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import type { ParticipantRow, StorageOp } from '../storage/storage.ts';
import { newId } from '../ids.ts';
import { defineCommand, type CommandContext } from './command-types.ts';
import { boardSettings, fail, authorizeOnBoard, openBoard, recordOp } from './board-access.ts';
import { commitWithDots, dotOps, dotsOf, refreshTallies } from './dot-ledger.ts';

/** Tells the author and the moderators that a held concern changed (content is fetched with notes:held). */
export function announceHeld(ctx: CommandContext, sessionId: string, boardId: string, authorId: string): void {
  ctx.notify.toParticipant(sessionId, authorId, 'held:changed', { boardId });
  ctx.notify.toModerators(sessionId, 'held:changed', { boardId });
}

/** A concern that is not in the document: held for privacy, screening, or hidden. */
export const noteAdd = defineCommand('note:add', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'note:add', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  if (p.onBehalfOf && !isModerator(ctx.actor.role)) return fail('FORBIDDEN', 'Only a facilitator or an expert writes on behalf of someone.');
  const settings = boardSettings(room);
  const text = cleanNoteText(p.text, settings.noteMaxLength);
  if (!text.ok) return fail('VALIDATION', text.reason);

  const ops: StorageOp[] = [];
  let authorId = ctx.actor.participantId;
  if (p.onBehalfOf && 'participantId' in p.onBehalfOf) {
    const person = await ctx.storage.getParticipant(p.onBehalfOf.participantId);
    if (!person || person.sessionId !== board.sessionId || !person.scribedBy || person.revoked) return fail('NOT_FOUND', 'No person without a device with this id in the session.');
    authorId = person.id;
  } else if (p.onBehalfOf) {
    // A person without a device: a participant of their own, with the scribe's name on it, no token.
    const person: ParticipantRow = {
      id: newId(), sessionId: board.sessionId, role: 'resident', name: p.onBehalfOf.name, group: null, ageBand: null, locale: null,
      tokenVersion: 1, revoked: false, createdAt: ctx.now, scribedBy: ctx.actor.participantId,
    };
    authorId = person.id;
    ops.push({ op: 'participant.put', participant: person }, recordOp(ctx, board, 'participant.scribed', { participantId: person.id }));
  }
  const noteId = newId();
  // Held concerns take a place too, so concerns approved or revealed later do not land on each other.
  const pos = p.x !== undefined && p.y !== undefined ? { x: p.x, y: p.y } : unsortedPosition(noteCount(room.doc) + (await room.heldCount()));
  const note: NoteFields = {
    id: noteId, text: text.text, authorId, x: pos.x, y: pos.y, clusterId: null, createdAt: ctx.now, color: p.color ?? 'yellow',
    ...(p.onBehalfOf ? { scribedBy: ctx.actor.participantId } : {}),
  };
  // Moderators' own concerns are public at once; residents' follow the board's privacy and screening.
  const held = isModerator(ctx.actor.role) && !p.onBehalfOf
    ? null
    : settings.privateGather && readPhase(room.doc) === 'gather' ? 'private' : settings.screening ? 'pending' : null;
  const result: CommandResultOf<'note:add'> = { noteId, state: held ?? 'public', ...(p.onBehalfOf ? { participantId: authorId } : {}) };
  if (held) {
    await room.holdNote({ boardId: board.id, note, state: held, reason: null, at: ctx.now }, [...ops, ...ctx.finalOps(result)]);
    announceHeld(ctx, board.sessionId, board.id, authorId);
  } else {
    await room.serverChange((doc) => writeNewNote(doc, note), [...ops, ...ctx.finalOps(result)]);
  }
  return { ok: true, result };
});

export const noteEdit = defineCommand('note:edit', async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const note = readNote(room.doc, p.noteId);
  const held = note ? null : await room.heldNote(p.noteId);
  const target = note ?? (held && held.state !== 'hidden' ? held.note : null);
  if (!target) return fail('NOT_FOUND', 'No such concern on this board.');
  const allowed = can(ctx.actor, 'note:edit', readRuleState(room.doc, target.authorId));
  if (!allowed.ok) return allowed;
  const text = cleanNoteText(p.text, boardSettings(room).noteMaxLength);
  if (!text.ok) return fail('VALIDATION', text.reason);
  const result = {};
  if (held) {
    await room.holdNote({ ...held, note: { ...held.note, text: text.text }, at: ctx.now }, ctx.finalOps(result));
    announceHeld(ctx, board.sessionId, board.id, held.note.authorId);
  } else {
    await room.serverChange((doc) => notesMap(doc).get(p.noteId)?.set('text', text.text), ctx.finalOps(result));
  }
  return { ok: true, result };
});

export const noteMove = defineCommand('note:move', async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room } = access;
  const note = readNote(room.doc, p.noteId);
  if (!note) return fail('NOT_FOUND', 'No such concern on this board.');
  const allowed = can(ctx.actor, 'note:move', readRuleState(room.doc, note.authorId));
  if (!allowed.ok) return allowed;
  if (p.clusterId && !clustersMap(room.doc).has(p.clusterId)) return fail('NOT_FOUND', 'No such theme on this board.');
  const result = {};
  await room.serverChange((doc) => {
    const m = notesMap(doc).get(p.noteId)!;
    m.set('x', p.x);
    m.set('y', p.y);
    if (p.clusterId !== undefined) m.set('clusterId', p.clusterId);
  }, ctx.finalOps(result));
  return { ok: true, result };
});

export const noteDelete = defineCommand('note:delete', async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const ledger = await room.voteLedger();
  const note = readNote(room.doc, p.noteId);
  const held = note ? null : await room.heldNote(p.noteId);
  const target = note ?? held?.note ?? null;
  if (!target) return fail('NOT_FOUND', 'No such concern on this board.');
  const allowed = can(ctx.actor, 'note:delete', readRuleState(room.doc, target.authorId));
  if (!allowed.ok) return allowed;
  const result = {};
  // A concern on the board gives its dots back to their voters (a held one has none).
  const deltas = held ? [] : ledger.refund(p.noteId);
  // A moderator's delete is moderation: recorded with the whole note, so it can be undone.
  // A held concern's state is kept so that undo puts it back where it was, never onto the board.
  const record = isModerator(ctx.actor.role)
    ? [recordOp(ctx, board, 'note.deleted', { note: target, held: held ? { state: held.state, reason: held.reason } : null, dots: dotsOf(deltas) })]
    : deltas.length > 0 ? [recordOp(ctx, board, 'votes.refunded', { noteId: p.noteId, dots: dotsOf(deltas) })] : [];
  // An author's own delete cannot be undone, so the photo goes with it; a moderator's keeps it for undo.
  if (!isModerator(ctx.actor.role) && target.photoId) record.push({ op: 'photo.delete', photoId: target.photoId });
  if (held) {
    await room.releaseHeld(p.noteId, [...record, ...ctx.finalOps(result)]);
    announceHeld(ctx, board.sessionId, board.id, held.note.authorId);
  } else {
    await commitWithDots(ctx, board, room, ledger, deltas, () => room.serverChange((doc) => {
      notesMap(doc).delete(p.noteId);
      if (deltas.length > 0) refreshTallies(room, ledger, doc);
    }, [...record, ...dotOps(board.id, deltas), ...ctx.finalOps(result)]));
  }
  return { ok: true, result };
});
