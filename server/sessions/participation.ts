/**
 * Participation balance: people present and concerns by self-reported group and age band, so
 * the room can see who is missing. Aggregates only; never who said what.
 *
 * Concerns are counted per board and kept until a commit touches the board (server/storage/
 * commit-watch.ts), so a roster change recounts nothing, and a board that is not in memory is
 * read once from storage without being loaded as a live room (a session with many breakouts
 * would otherwise load every one of them on every roster change). Listeners hear of a commit
 * that may change a session's figures: that is how the push goes out when a concern is added.
 */
import * as Y from 'yjs';
import { notesMap } from '../../shared/board-doc.ts';
import type { ParticipationBucket, ParticipationSummary } from '../../shared/socket-protocol.ts';
import type { HeldNoteRow, Storage } from '../storage/storage.ts';
import type { CommitTargets, CommitWatch } from '../storage/commit-watch.ts';
import type { Presence } from '../presence/presence.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import { NoteAuthorTally, type AuthorCounts } from './note-author-tally.ts';

/** Counts for one group or age band. */
export type Bucket = ParticipationBucket;

/** A session's participation balance. */
export type Participation = ParticipationSummary;

/** The bucket for people who gave no answer. */
export const Unspecified = 'unspecified';

/** Boards whose counts are kept (least recently used go first): small maps, bounded in number. */
const MaxBoards = 2_000;

export interface ParticipationDeps {
  storage: Storage;
  presence: Presence;
  rooms: BoardRooms;
  commits: CommitWatch;
}

/** Boards' tallies, built on first use; each lives as long as its document. */
const tallies = new WeakMap<Y.Doc, NoteAuthorTally>();

/** Concerns on the board, plus those still private or awaiting screening: they were said too. */
function countConcerns(doc: Y.Doc, held: HeldNoteRow[]): AuthorCounts {
  let tally = tallies.get(doc);
  if (!tally) tallies.set(doc, (tally = new NoteAuthorTally(notesMap(doc))));
  const counts: AuthorCounts = new Map(tally.counts);
  for (const h of held) if (h.state === 'private' || h.state === 'pending') counts.set(h.note.authorId, (counts.get(h.note.authorId) ?? 0) + 1);
  return counts;
}

export class ParticipationCounts {
  /** Board → its session and its counts (null once a commit touched it); oldest use first. */
  private readonly boards = new Map<string, { sessionId: string; counts: AuthorCounts | null }>();
  /** Counts being taken, per board; `stale` once a commit touched the board meanwhile. */
  private readonly counting = new Map<string, { done: Promise<AuthorCounts>; stale: boolean }>();
  private readonly listeners = new Set<(sessionId: string) => void>();

  constructor(private readonly deps: ParticipationDeps) {
    deps.commits.onCommit((t) => this.onCommit(t));
  }

  /** The session's balance now. */
  async summary(sessionId: string): Promise<Participation> {
    const { storage, presence } = this.deps;
    const [people, roster, boards] = await Promise.all([storage.listParticipants(sessionId), presence.roster(sessionId), storage.listBoards(sessionId)]);
    const online = new Set(roster.map((e) => e.participantId));
    const notesBy = new Map<string, number>();
    for (const counts of await Promise.all(boards.map((b) => this.boardCounts(b.id, sessionId)))) {
      for (const [author, n] of counts) notesBy.set(author, (notesBy.get(author) ?? 0) + n);
    }
    const empty = (): Bucket => ({ joined: 0, present: 0, notes: 0 });
    const out: Participation = { sessionId, residents: empty(), byGroup: {}, byAgeBand: {} };
    for (const p of people) {
      if (p.role !== 'resident' || p.revoked) continue;
      // A scribed person is present through their scribe whenever the scribe is.
      const present = online.has(p.id) || (p.scribedBy != null && online.has(p.scribedBy)) ? 1 : 0;
      const notes = notesBy.get(p.id) ?? 0;
      for (const bucket of [out.residents, (out.byGroup[p.group ?? Unspecified] ??= empty()), (out.byAgeBand[p.ageBand ?? Unspecified] ??= empty())]) {
        bucket.joined += 1;
        bucket.present += present;
        bucket.notes += notes;
      }
    }
    return out;
  }

  /** Calls `listener` with a session whose figures a commit may have changed; returns the unsubscriber. */
  onChange(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async boardCounts(boardId: string, sessionId: string): Promise<AuthorCounts> {
    const known = this.boards.get(boardId);
    // Most recently used last, so the least recently used is the first to go.
    this.boards.delete(boardId);
    this.boards.set(boardId, { sessionId, counts: known?.counts ?? null });
    while (this.boards.size > MaxBoards) this.boards.delete(this.boards.keys().next().value!);
    if (known?.counts) return known.counts;
    let run = this.counting.get(boardId);
    if (!run) {
      const started = { done: this.count(boardId), stale: false };
      this.counting.set(boardId, (run = started));
      void started.done.then((counts) => {
        const entry = this.boards.get(boardId);
        if (!started.stale && entry) entry.counts = counts;
      }, () => undefined).finally(() => {
        if (this.counting.get(boardId) === started) this.counting.delete(boardId);
      });
    }
    return run.done;
  }

  /** From the live room when it is in memory; otherwise from storage, without loading a room. */
  private async count(boardId: string): Promise<AuthorCounts> {
    const room = this.deps.rooms.peek(boardId);
    if (room) return countConcerns(room.doc, await room.heldNotes());
    const [stored, held] = await Promise.all([this.deps.storage.loadBoardDoc(boardId), this.deps.storage.listHeldNotes(boardId)]);
    const doc = new Y.Doc();
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      return countConcerns(doc, held);
    } finally {
      doc.destroy();
    }
  }

  private onCommit(t: CommitTargets): void {
    const changed = new Set<string>();
    for (const boardId of t.boards) {
      const run = this.counting.get(boardId);
      if (run) run.stale = true;
      const entry = this.boards.get(boardId);
      if (!entry) continue; // never counted: nobody is watching its session
      entry.counts = null;
      changed.add(entry.sessionId);
    }
    for (const sessionId of t.sessions) changed.add(sessionId);
    for (const sessionId of changed) for (const listener of this.listeners) listener(sessionId);
  }
}
