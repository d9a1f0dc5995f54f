/** Concerns: add, edit, move, delete. Rules in shared/permissions.ts; effects committed with the ack. */
import { CommandSchemas, cleanNoteText } from '../../shared/commands.ts';
import { can } from '../../shared/permissions.ts';
import { notesMap, readNote, writeNewNote, boardMap, clustersMap } from '../../shared/board-doc.ts';
import { isModerator } from '../../shared/roles.ts';
import { newId } from '../ids.ts';
import { defineCommand } from './command-types.ts';
import { fail, openBoard, ruleState } from './board-access.ts';

/** Where a new note lands when the client gives no position: a loose grid so notes do not pile up. */
function defaultPosition(count: number): { x: number; y: number } {
  return { x: 40 + (count % 8) * 220, y: 40 + Math.floor(count / 8) * 160 };
}

export const noteAdd = defineCommand(CommandSchemas['note:add'], async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room } = access;
  const allowed = can(ctx.actor, 'note:add', ruleState(room));
  if (!allowed.ok) return allowed;
  const maxLength = (boardMap(room.doc).get('settings') as { noteMaxLength?: number } | undefined)?.noteMaxLength ?? 280;
  const text = cleanNoteText(p.text, maxLength);
  if (!text.ok) return fail('VALIDATION', text.reason);
  const noteId = newId();
  const pos = p.x !== undefined && p.y !== undefined ? { x: p.x, y: p.y } : defaultPosition(notesMap(room.doc).size);
  const result = { noteId };
  await room.serverChange(
    (doc) => writeNewNote(doc, { id: noteId, text: text.text, authorId: ctx.actor.participantId, x: pos.x, y: pos.y, clusterId: null, createdAt: ctx.now, color: p.color ?? 'yellow' }),
    ctx.finalOps(result),
  );
  return { ok: true, result };
});

export const noteEdit = defineCommand(CommandSchemas['note:edit'], async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room } = access;
  const note = readNote(room.doc, p.noteId);
  if (!note) return fail('NOT_FOUND', 'No such concern on this board.');
  const allowed = can(ctx.actor, 'note:edit', ruleState(room, note.authorId));
  if (!allowed.ok) return allowed;
  const maxLength = (boardMap(room.doc).get('settings') as { noteMaxLength?: number } | undefined)?.noteMaxLength ?? 280;
  const text = cleanNoteText(p.text, maxLength);
  if (!text.ok) return fail('VALIDATION', text.reason);
  const result = {};
  await room.serverChange((doc) => notesMap(doc).get(p.noteId)?.set('text', text.text), ctx.finalOps(result));
  return { ok: true, result };
});

export const noteMove = defineCommand(CommandSchemas['note:move'], async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room } = access;
  const note = readNote(room.doc, p.noteId);
  if (!note) return fail('NOT_FOUND', 'No such concern on this board.');
  const allowed = can(ctx.actor, 'note:move', ruleState(room, note.authorId));
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

export const noteDelete = defineCommand(CommandSchemas['note:delete'], async (ctx, p) => {
  const access = await openBoard(ctx, p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const note = readNote(room.doc, p.noteId);
  if (!note) return fail('NOT_FOUND', 'No such concern on this board.');
  const allowed = can(ctx.actor, 'note:delete', ruleState(room, note.authorId));
  if (!allowed.ok) return allowed;
  const result = {};
  // A moderator deleting someone else's concern is moderation: recorded with the note, so it can be undone.
  const moderation = isModerator(ctx.actor.role) && note.authorId !== ctx.actor.participantId;
  await room.serverChange((doc) => notesMap(doc).delete(p.noteId), [
    ...(moderation
      ? [{ op: 'record.append' as const, entry: { sessionId: board.sessionId, boardId: board.id, actorId: ctx.actor.participantId, kind: 'note.deleted', data: { note }, at: ctx.now } }]
      : []),
    ...ctx.finalOps(result),
  ]);
  return { ok: true, result };
});
