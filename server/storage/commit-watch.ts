/**
 * Watches what is committed. Wraps a Storage so that once a commit has landed, and before the
 * code that committed it goes on, listeners learn which sessions and boards it wrote. Caches of
 * views derived from storage (participation counts, public results) drop what a commit touched,
 * so every write path (commands, Yjs updates, HTTP routes, deletions, retention) invalidates
 * them without each remembering to.
 */
import type { Fence, Storage, StorageOp } from './storage.ts';
import { withCommit } from './with-commit.ts';

/** The sessions and boards whose stored content a commit changed. */
export interface CommitTargets {
  sessions: ReadonlySet<string>;
  boards: ReadonlySet<string>;
}

/** Told after every commit that landed; must not throw (a throw is swallowed). */
export type CommitListener = (targets: CommitTargets) => void;

/**
 * The sessions and boards an op changes the content of. Ops that change nothing anyone reads
 * back as content (client-id claims, compaction, idempotency results) name none; an op that
 * names only a board names that board, and the listener knows the board's session.
 */
export function opTargets(op: StorageOp): { sessions?: (string | null)[]; boards?: (string | null)[] } {
  switch (op.op) {
    case 'session.put': return { sessions: [op.session.id] };
    case 'board.put': return { sessions: [op.board.sessionId], boards: [op.board.id] };
    case 'participant.put': return { sessions: [op.participant.sessionId] };
    case 'invite.put': return { sessions: [op.invite.sessionId] };
    case 'board.update': case 'vote.add': case 'heldNote.delete': return { boards: [op.boardId] };
    case 'heldNote.put': return { boards: [op.row.boardId] };
    case 'record.append': return { sessions: [op.entry.sessionId], boards: [op.entry.boardId] };
    case 'photo.put': return { sessions: [op.photo.sessionId], boards: [op.photo.boardId] };
    case 'session.delete': case 'disclosure.publish': return { sessions: [op.sessionId] };
    case 'disclosure.ensure': case 'escalationUpdate.put': return { sessions: [op.row.sessionId] };
    case 'actionUpdate.put': return { sessions: [op.row.sessionId], boards: [op.row.boardId] };
    case 'followUpLink.put': return { sessions: [op.link.sessionId] };
    case 'escalation.put': return { sessions: [op.escalation.sessionId, op.escalation.targetSessionId], boards: [op.escalation.boardId] };
    // A photo is removed with its concern's document change, which names the board.
    case 'clientId.claim': case 'board.compact': case 'idempotency.put': case 'idempotency.expire': case 'photo.delete': return {};
    default: {
      const unknownOp: never = op;
      throw new Error(`unknown storage op ${JSON.stringify(unknownOp)}`);
    }
  }
}

/** What the ops of one commit change. */
export function commitTargets(ops: StorageOp[]): CommitTargets {
  const sessions = new Set<string>();
  const boards = new Set<string>();
  for (const op of ops) {
    const t = opTargets(op);
    for (const id of t.sessions ?? []) if (id) sessions.add(id);
    for (const id of t.boards ?? []) if (id) boards.add(id);
  }
  return { sessions, boards };
}

/** A Storage whose commits are reported to listeners (`storage`), over the one it wraps. */
export class CommitWatch {
  /** Use this one everywhere: its commits are watched; every other member is the inner store's. */
  readonly storage: Storage;
  private readonly listeners = new Set<CommitListener>();

  /** `timed` hears how long each commit took and whether it landed (metrics); it must not throw. */
  constructor(inner: Storage, timed?: (seconds: number, ok: boolean) => void) {
    const commit = async (ops: StorageOp[], fences?: readonly Fence[]): Promise<void> => {
      if (timed) {
        const started = performance.now();
        try {
          await inner.commit(ops, fences);
        } catch (err) {
          timed((performance.now() - started) / 1000, false);
          throw err;
        }
        timed((performance.now() - started) / 1000, true);
      } else {
        await inner.commit(ops, fences);
      }
      if (this.listeners.size === 0) return;
      const targets = commitTargets(ops);
      if (targets.sessions.size === 0 && targets.boards.size === 0) return;
      for (const listener of this.listeners) {
        try {
          listener(targets);
        } catch {
          // a cache that failed to invalidate must not turn a durable commit into a failure
        }
      }
    };
    this.storage = withCommit(inner, commit);
  }

  /** Calls `listener` after every commit that changed some content; returns the unsubscriber. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
