/**
 * Commits under the session owner's fence. `fencingStorage` wraps the store every service uses:
 * each commit carries a fence for every session it writes, claiming the session's lease first
 * when this process does not hold it (OwnedElsewhereError when another process does). A board's
 * room and a command pin the lease they started under (`underLease`): a commit of theirs made
 * after the session changed hands is refused by the store, never made under a newer lease.
 *
 * With one process (LocalOwnership) both return the store itself: nothing to fence.
 */
import { FencedError, type Fence, type Storage, type StorageOp } from '../storage/storage.ts';
import { idsWritten, onlyPointedAt } from '../storage/session-links.ts';
import { withCommit } from '../storage/with-commit.ts';
import type { Lease, SessionOwnership } from './session-ownership.ts';

/** The sessions a commit writes that its ops name outright, and the ids whose session must be looked up. */
function sessionsNamed(ops: StorageOp[]): { sessions: Set<string>; boards: Set<string>; participants: Set<string>; photos: Set<string> } {
  const found = { sessions: new Set<string>(), boards: new Set<string>(), participants: new Set<string>(), photos: new Set<string>() };
  for (const op of ops) {
    if (op.op === 'session.delete') found.sessions.add(op.sessionId);
    if (op.op === 'photo.delete') found.photos.add(op.photoId);
    if (op.op === 'heldNote.delete') found.boards.add(op.boardId);
    const ids = idsWritten(op);
    for (const id of ids.sessions ?? []) if (id) found.sessions.add(id);
    for (const id of ids.boards ?? []) if (id) found.boards.add(id);
    for (const id of ids.participants ?? []) found.participants.add(id);
  }
  return found;
}

export function fencingStorage(inner: Storage, ownership: SessionOwnership): Storage {
  if (ownership.kind === 'local') return inner;
  const commit = async (ops: StorageOp[], fences: readonly Fence[] = []): Promise<void> => {
    const epochs = new Map(fences.map((f) => [f.sessionId, f.epoch]));
    const named = sessionsNamed(ops);
    // A commit without a pinned lease names its sessions through boards, participants or photos
    // too (a follow-up update, a photo): their sessions are looked up. With one, they are its own.
    if (epochs.size === 0) {
      for (const id of named.boards) { const b = await inner.getBoard(id); if (b) named.sessions.add(b.sessionId); }
      for (const id of named.participants) { const p = await inner.getParticipant(id); if (p) named.sessions.add(p.sessionId); }
      for (const id of named.photos) { const p = await inner.getPhoto(id); if (p) named.sessions.add(p.sessionId); }
    }
    // A session the commit only points at (the other side of an escalation) needs no lease.
    for (const id of onlyPointedAt(ops)) named.sessions.delete(id);
    for (const sessionId of named.sessions) if (!epochs.has(sessionId)) epochs.set(sessionId, (await ownership.hold(sessionId)).epoch);
    try {
      await inner.commit(ops, [...epochs].map(([sessionId, epoch]) => ({ sessionId, epoch })));
    } catch (err) {
      if (err instanceof FencedError) {
        const epoch = epochs.get(err.sessionId);
        if (epoch !== undefined) ownership.fenced({ sessionId: err.sessionId, epoch });
      }
      throw err;
    }
  };
  return withCommit(inner, commit);
}

/**
 * The store as seen by work that started under `lease` (a board's room, a command): its commits
 * carry that lease's fence, plus any other fences they are given or the store claims.
 */
export function underLease<S extends Pick<Storage, 'commit'>>(storage: S, lease: Lease, ownership: SessionOwnership): S {
  if (ownership.kind === 'local') return storage;
  const view = Object.create(storage) as S & { commit: Storage['commit'] };
  view.commit = (ops, fences = []) => storage.commit(ops, [lease, ...fences.filter((f) => f.sessionId !== lease.sessionId)]);
  return view;
}
