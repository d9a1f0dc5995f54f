/**
 * One follow-up update of an action item, as a moderator (command) or an owner (follow-up link)
 * writes it: the timeline row, the new status in the board document and the record entry land
 * in one commit.
 */
import type * as Y from 'yjs';
import type { ActionStatus } from '../../shared/board-schema.ts';
import { actionsMap } from '../../shared/board-doc.ts';
import type { ActionUpdateRow, BoardRow, StorageOp } from '../storage/storage.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import { newId } from '../ids.ts';

export interface ActionUpdateInput {
  board: BoardRow;
  room: BoardRoom;
  actionId: string;
  status?: ActionStatus;
  note: string;
  by: ActionUpdateRow['by'];
  label: string | null;
  actorId: string | null;
  now: number;
  /** Ops for the same commit (the command's idempotency result). */
  extraOps?: StorageOp[];
}

/** Writes the update; null when the action is not on the board (nothing is written then). */
export async function applyActionUpdate(u: ActionUpdateInput): Promise<ActionUpdateRow | null> {
  if (!actionsMap(u.room.doc).has(u.actionId)) return null;
  const row: ActionUpdateRow = {
    id: newId(), sessionId: u.board.sessionId, boardId: u.board.id, actionId: u.actionId, at: u.now,
    status: u.status ?? null, note: u.note, by: u.by, label: u.label, actorId: u.actorId,
  };
  const ops: StorageOp[] = [
    { op: 'actionUpdate.put', row },
    // The note stays out of the record: the timeline holds it, the record says that it happened.
    { op: 'record.append', entry: { sessionId: u.board.sessionId, boardId: u.board.id, actorId: u.actorId, kind: 'action.updated', data: { actionId: u.actionId, status: row.status, by: u.by, label: u.label }, at: u.now } },
    ...(u.extraOps ?? []),
  ];
  // No await between the existence check above and this synchronous mutation.
  await u.room.serverChange((doc) => {
    const m = actionsMap(doc).get(u.actionId) as Y.Map<unknown> | undefined;
    if (m && u.status && m.get('status') !== u.status) m.set('status', u.status);
  }, ops);
  return row;
}
