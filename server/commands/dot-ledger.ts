/**
 * The vote ledger seen from the acts that touch it. Dots follow their concern: an act that takes
 * a concern off the board, folds it into another or brings it back moves its dots in the same
 * commit as its own effect (storage's `vote.add` ops next to the record entry), keeps
 * `board.tallies` live after a reveal, and tells moderators and screens the new progress.
 */
import type * as Y from 'yjs';
import { actionsMap, boardMap, clustersMap, notesMap } from '../../shared/board-doc.ts';
import { BoardKeys } from '../../shared/board-schema.ts';
import type { Role } from '../../shared/roles.ts';
import { countsAsVoter, invertDeltas, type DotDelta, type VoteLedger, type VoterDots } from '../../shared/voting.ts';
import type { BoardRow, StorageOp } from '../storage/storage.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import type { CommandContext } from './command-types.ts';
import { boardSettings } from './board-access.ts';

/** Does the target exist among the things this board votes on (in `doc`, which may be mid-change)? */
export function targetExists(room: BoardRoom, targetId: string, doc: Y.Doc = room.doc): boolean {
  const on = boardSettings(room).voteOn;
  const map = on === 'notes' ? notesMap(doc) : on === 'clusters' ? clustersMap(doc) : actionsMap(doc);
  return map.has(targetId);
}

/** Tallies are public once revealed, and from then on follow every change of the dots. */
export function isRevealed(room: BoardRoom): boolean {
  return boardMap(room.doc).get(BoardKeys.tallies) != null;
}

/** Writes `board.tallies` from the ledger if the vote was revealed; call inside the act's change, after it. */
export function refreshTallies(room: BoardRoom, ledger: VoteLedger, doc: Y.Doc): void {
  if (isRevealed(room)) boardMap(doc).set(BoardKeys.tallies, ledger.tallies((t) => targetExists(room, t, doc)));
}

/** The storage ops that record ledger changes (one per voter and target). */
export function dotOps(boardId: string, deltas: readonly DotDelta[]): StorageOp[] {
  return deltas.filter((d) => d.delta !== 0).map((d) => ({ op: 'vote.add' as const, boardId, participantId: d.participantId, targetId: d.targetId, delta: d.delta }));
}

/** Per voter, what a list of deltas on one target added up to (for the record). */
export function dotsOf(deltas: readonly DotDelta[]): VoterDots[] {
  return deltas.map((d) => ({ participantId: d.participantId, count: Math.abs(d.delta) }));
}

/**
 * Commits an act whose dots the ledger already moved (`deltas`, applied synchronously before,
 * so no cast can slip in between). If the commit fails the ledger is put back, so it never runs
 * ahead of storage; once it is durable, moderators and screens hear the new progress.
 */
export async function commitWithDots(ctx: CommandContext, board: BoardRow, room: BoardRoom, ledger: VoteLedger, deltas: readonly DotDelta[], commit: () => Promise<void>): Promise<void> {
  try {
    await commit();
  } catch (err) {
    ledger.apply(invertDeltas(deltas));
    throw err;
  }
  if (deltas.length > 0) void pushProgress(ctx, board, room, ledger).catch(() => undefined);
}

/** Counts only: the payload a screen may see before the reveal (no ids but the board's). */
export function progressOf(board: BoardRow, room: BoardRoom, ledger: VoteLedger, people: { id: string; role: Role; revoked: boolean }[]) {
  const voters = people.filter((p) => !p.revoked && countsAsVoter(p.role, ledger.spent(p.id)));
  const rules = boardSettings(room);
  return { boardId: board.id, voters: voters.length, withDotsLeft: ledger.withDotsLeft(voters.map((v) => v.id), rules), dotsPerParticipant: rules.dotsPerParticipant };
}

/** The current progress of a board's vote. */
export async function progress(ctx: CommandContext, board: BoardRow, room: BoardRoom, ledger: VoteLedger) {
  return progressOf(board, room, ledger, await ctx.storage.listParticipants(board.sessionId));
}

/**
 * Moderators and big screens see how many voters still have dots, never where the dots went.
 * Screens show the count to the hall; they have no moderator room, so each screen participant
 * (a handful per session) gets it in its own room.
 */
export async function pushProgress(ctx: CommandContext, board: BoardRow, room: BoardRoom, ledger: VoteLedger): Promise<void> {
  const people = await ctx.storage.listParticipants(board.sessionId);
  const counts = progressOf(board, room, ledger, people);
  ctx.notify.toModerators(board.sessionId, 'vote:progress', counts);
  for (const p of people) if (p.role === 'screen' && !p.revoked) ctx.notify.toParticipant(board.sessionId, p.id, 'vote:progress', counts);
}
