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
    case 'record.append': return { sessions: [op.entry.sessionId], boards: [op.entry.boardId] };
    case 'idempotency.put': return { participants: [op.row.participantId] };
    case 'heldNote.put': return { boards: [op.row.boardId] };
    case 'photo.put': return { sessions: [op.photo.sessionId], boards: [op.photo.boardId] };
    case 'disclosure.ensure': return { sessions: [op.row.sessionId] };
    case 'disclosure.publish': return { sessions: [op.sessionId] };
    case 'actionUpdate.put': return { sessions: [op.row.sessionId], boards: [op.row.boardId] };
    case 'followUpLink.put': return { sessions: [op.link.sessionId] };
    case 'escalation.put': return { sessions: [op.escalation.sessionId, op.escalation.targetSessionId], boards: [op.escalation.boardId] };
    case 'escalationUpdate.put': return { sessions: [op.row.sessionId] };
    case 'heldNote.delete': case 'photo.delete': case 'session.delete': case 'idempotency.expire': return {};
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}
