/** Removing a participant, and undoing a destructive moderator action from the procedure record. */
import type * as Y from 'yjs';
import { can } from '../../shared/permissions.ts';
import { CloseCodes } from '../../shared/errors.ts';
import type { MergedNote, NoteFields } from '../../shared/board-schema.ts';
import { actionsMap, clustersMap, notesMap, writeNewAction, writeNewCluster, writeNewNote } from '../../shared/board-doc.ts';
import type { HeldNoteRow, RecordEntry } from '../storage/storage.ts';
import { defineCommand, type CommandContext } from './command-types.ts';
import { announceHeld } from './note-commands.ts';
import { fail, openBoard, recordOp } from './board-access.ts';
import { commitWithDots, dotOps, refreshTallies } from './dot-ledger.ts';
import { undoDots, type UndoData } from './undo-dots.ts';

export const participantKick = defineCommand('participant:kick', async (ctx, p) => {
  const allowed = can(ctx.actor, 'participant:kick');
  if (!allowed.ok) return allowed;
  const target = await ctx.storage.getParticipant(p.participantId);
  if (!target || target.sessionId !== ctx.actor.sessionId) return fail('NOT_FOUND', 'No such participant in this session.');
  if (target.role === 'facilitator') return fail('FORBIDDEN', 'A facilitator cannot be removed.');
  if (target.role === 'expert' && ctx.actor.role !== 'facilitator') return fail('FORBIDDEN', 'Only a facilitator can remove an expert.');
  const result = { participantId: target.id };
  await ctx.storage.commit([
    { op: 'participant.put', participant: { ...target, revoked: true, tokenVersion: target.tokenVersion + 1 } },
    { op: 'record.append', entry: { sessionId: target.sessionId, boardId: null, actorId: ctx.actor.participantId, kind: 'participant.kicked', data: { participantId: target.id, role: target.role, reason: p.reason ?? null }, at: ctx.now } },
    ...ctx.finalOps(result),
  ]);
  // Every transport: this process's Yjs and Socket.IO connections, and Socket.IO in other processes.
  ctx.notify.closeParticipantEverywhere(target.id, CloseCodes.KICKED, p.reason ?? 'removed from the session');
  return { ok: true, result };
});

/** Record kinds that can be undone, and how. */
const undoable = new Set(['note.deleted', 'cluster.deleted', 'cluster.merged', 'action.deleted', 'notes.merged']);

async function findEntry(ctx: CommandContext, seq: number): Promise<{ entry: RecordEntry | null; undone: boolean }> {
  const all = await ctx.storage.listRecord(ctx.actor.sessionId);
  return {
    entry: all.find((e) => e.seq === seq) ?? null,
    undone: all.some((e) => e.kind === 'undo' && (e.data as { of?: number }).of === seq),
  };
}

export const recordUndo = defineCommand('record:undo', async (ctx, p) => {
  const allowed = can(ctx.actor, 'record:undo');
  if (!allowed.ok) return allowed;
  const { entry, undone } = await findEntry(ctx, p.seq);
  if (!entry || !entry.boardId) return fail('NOT_FOUND', 'No such entry in this session’s record.');
  if (!undoable.has(entry.kind)) return fail('CONFLICT', `A ${entry.kind} entry cannot be undone.`);
  if (undone) return fail('CONFLICT', 'This action was already undone.');
  const access = await openBoard(ctx, entry.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const data = entry.data as UndoData;
  const result = { undone: p.seq, kind: entry.kind };
  const heldBefore = (entry.data as { held?: { state: HeldNoteRow['state']; reason: string | null } | null }).held;
  if (entry.kind === 'note.deleted' && heldBefore && data.note) {
    await room.holdNote({ boardId: board.id, note: data.note, state: heldBefore.state, reason: heldBefore.reason, at: ctx.now }, [recordOp(ctx, board, 'undo', { of: p.seq, kind: entry.kind }), ...ctx.finalOps(result)]);
    announceHeld(ctx, board.sessionId, board.id, data.note.authorId);
    return { ok: true, result };
  }
  const ledger = await room.voteLedger();
  // Planned and applied to the ledger right before the change that brings the concerns back.
  const dots = undoDots(entry.kind, data, room, ledger);
  await commitWithDots(ctx, board, room, ledger, dots.deltas, () => room.serverChange(
    (doc) => {
      switch (entry.kind) {
        case 'note.deleted':
          if (data.note && !notesMap(doc).has(data.note.id)) writeNewNote(doc, data.note);
          break;
        case 'cluster.deleted':
        case 'cluster.merged': {
          const c = (data.cluster ?? data.source)!;
          if (!clustersMap(doc).has(c.id)) writeNewCluster(doc, c);
          // Notes return only if nobody has filed them elsewhere since.
          const from = entry.kind === 'cluster.merged' ? data.targetId! : null;
          for (const id of data.noteIds ?? []) {
            const n = notesMap(doc).get(id) as Y.Map<unknown> | undefined;
            if (n && n.get('clusterId') === from) n.set('clusterId', c.id);
          }
          break;
        }
        case 'action.deleted':
          if (data.action && !actionsMap(doc).has(data.action.id)) writeNewAction(doc, data.action);
          break;
        case 'notes.merged':
          if (data.into?.clusterId) {
            for (const b of data.before ?? []) {
              const n = notesMap(doc).get(b.id) as Y.Map<unknown> | undefined;
              if (n && n.get('clusterId') === data.into.clusterId) n.set('clusterId', b.clusterId);
            }
          } else if (data.into?.noteId) {
            for (const n of data.notes ?? []) if (!notesMap(doc).has(n.id)) writeNewNote(doc, n);
            const kept = notesMap(doc).get(data.into.noteId) as Y.Map<unknown> | undefined;
            if (kept) {
              if (data.mergedFromBefore) kept.set('mergedFrom', data.mergedFromBefore);
              else kept.delete('mergedFrom');
              unlistFolded(kept, data.notes ?? []);
              // The theme it took from a folded concern goes back with it, if nobody moved it since.
              if (data.tookTheme && kept.get('clusterId') === data.tookTheme) kept.set('clusterId', null);
            }
          }
          break;
      }
      if (dots.deltas.length > 0) refreshTallies(room, ledger, doc);
    },
    [recordOp(ctx, board, 'undo', { of: p.seq, kind: entry.kind, ...(dots.record ? { dots: dots.record } : {}) }), ...dotOps(board.id, dots.deltas), ...ctx.finalOps(result)],
  ));
  return { ok: true, result };
});

/** Takes the folded concerns (and what was folded into them) off the kept concern's list for their authors. */
function unlistFolded(kept: Y.Map<unknown>, folded: NoteFields[]): void {
  const ids = new Set(folded.flatMap((n) => [n.id, ...(n.mergedNotes ?? []).map((m) => m.id)]));
  const left = ((kept.get('mergedNotes') ?? []) as MergedNote[]).filter((m) => !ids.has(m.id));
  if (left.length > 0) kept.set('mergedNotes', left);
  else if (kept.has('mergedNotes')) kept.delete('mergedNotes');
}
