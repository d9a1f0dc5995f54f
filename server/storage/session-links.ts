/**
 * Which sessions, boards and participants each storage op writes a row for. A store refuses an
 * op naming one of a deleted session's ids (SessionDeletedError), so a deletion is final; the
 * PostgreSQL store also locks the named rows, so a deletion in another process waits for the
 * commit or the commit sees the deletion.
 */
import type { StorageOp } from './storage.ts';

/** Ids named by an op; a null or missing id names nothing. */
export interface NamedIds {
  sessions?: (string | null)[];
  boards?: (string | null)[];
  participants?: string[];
  /**
   * Of `sessions`, those the op only points at (an escalation names the session it goes to): a
   * deleted one refuses the op like any other, but the writer needs no lease on them.
   */
  unfenced?: string[];
}

/** The session, board and participant ids an op writes a row for (deletions name none: deleting again is harmless). */
export function idsWritten(op: StorageOp): NamedIds {
  switch (op.op) {
    case 'session.put': return { sessions: [op.session.id] };
    case 'board.put': return { sessions: [op.board.sessionId], boards: [op.board.id] };
    case 'participant.put': return { sessions: [op.participant.sessionId], participants: [op.participant.id] };
    case 'invite.put': return { sessions: [op.invite.sessionId] };
    case 'board.update': case 'board.compact': return { boards: [op.boardId] };
    case 'clientId.claim': case 'vote.add': return { boards: [op.boardId], participants: [op.participantId] };
    case 'record.append': return {
      sessions: [op.entry.sessionId], boards: [op.entry.boardId],
      // Each side's record of an escalation is written by the other side's owner too.
      ...(op.entry.kind === 'escalation.received' || op.entry.kind === 'escalation.updated' ? { unfenced: [op.entry.sessionId] } : {}),
    };
    case 'idempotency.put': return { participants: [op.row.participantId] };
    case 'heldNote.put': return { boards: [op.row.boardId] };
    case 'photo.put': return { sessions: [op.photo.sessionId], boards: [op.photo.boardId] };
    case 'disclosure.ensure': return { sessions: [op.row.sessionId] };
    case 'disclosure.publish': return { sessions: [op.sessionId] };
    case 'actionUpdate.put': return { sessions: [op.row.sessionId], boards: [op.row.boardId] };
    case 'followUpLink.put': return { sessions: [op.link.sessionId] };
    // An escalation is shared by two sessions, each owned by its own process: the sender creates
    // it, the receiver sets its status. Neither owner keeps it in memory (it is read from the
    // store), so it needs neither lease; the commands' other ops carry the writer's.
    case 'escalation.put': return { sessions: [op.escalation.sessionId, op.escalation.targetSessionId], boards: [op.escalation.boardId], unfenced: [op.escalation.sessionId, op.escalation.targetSessionId] };
    case 'escalationUpdate.put': return { sessions: [op.row.sessionId] };
    case 'heldNote.delete': case 'photo.delete': case 'session.delete': case 'idempotency.expire': return {};
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}

/** The sessions a commit's ops only point at and write nothing of: no lease is needed on them. */
export function onlyPointedAt(ops: readonly StorageOp[]): Set<string> {
  const pointed = new Set<string>();
  const written = new Set<string>();
  for (const op of ops) {
    const named = idsWritten(op);
    const unfenced = new Set(named.unfenced ?? []);
    for (const id of named.sessions ?? []) if (id !== null) (unfenced.has(id) ? pointed : written).add(id);
  }
  for (const id of written) pointed.delete(id);
  return pointed;
}
