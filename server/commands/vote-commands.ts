/**
 * Dot-voting. Votes live in storage, never in the board document, until a moderator reveals them:
 * a client cannot be made to forget what it already received. A cast reserves the dot in the
 * ledger synchronously (so concurrent casts cannot overspend), then commits, then acks.
 */
import { boardMap, readVotingClosed } from '../../shared/board-doc.ts';
import { BoardKeys } from '../../shared/board-schema.ts';
import type { VoteLedger } from '../../shared/voting.ts';
import { wireError, type WireError } from '../../shared/errors.ts';
import { can } from '../../shared/permissions.ts';
import { isModerator } from '../../shared/roles.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import type { BoardRow } from '../storage/storage.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import { defineCommand, type CommandContext } from './command-types.ts';
import { boardSettings, fail, authorizeOnBoard, recordOp } from './board-access.ts';
import { isRevealed, progress, pushProgress, refreshTallies, targetExists } from './dot-ledger.ts';

/** Whose dots: the actor's, or (for a scribe) those of the device-less person they vote for. */
async function resolveVoter(ctx: CommandContext, onBehalfOf: string | undefined): Promise<{ ok: true; voterId: string } | { ok: false; error: WireError }> {
  if (onBehalfOf === undefined) return { ok: true, voterId: ctx.actor.participantId };
  if (!isModerator(ctx.actor.role)) return { ok: false, error: wireError('FORBIDDEN', 'Only a facilitator or an expert votes on behalf of someone.') };
  const person = await ctx.storage.getParticipant(onBehalfOf);
  if (!person || person.sessionId !== ctx.actor.sessionId || !person.scribedBy || person.revoked) {
    return { ok: false, error: wireError('NOT_FOUND', 'No person without a device with this id in the session.') };
  }
  return { ok: true, voterId: person.id };
}

/**
 * Commits one dot already reserved in the ledger (+1 cast, −1 retract) with the command's
 * idempotency result; undoes the reservation if the commit fails; tells moderators the progress.
 */
async function commitDot(ctx: CommandContext, board: BoardRow, room: BoardRoom, ledger: VoteLedger, voterId: string, targetId: string, delta: 1 | -1, result: object): Promise<void> {
  const ops = [{ op: 'vote.add' as const, boardId: board.id, participantId: voterId, targetId, delta }, ...ctx.finalOps(result)];
  try {
    // After reveal the tallies stay live; before it nothing reaches the document.
    if (isRevealed(room)) await room.serverChange((doc) => refreshTallies(room, ledger, doc), ops);
    else await room.commitOps(ops);
  } catch (err) {
    if (delta === 1) ledger.retract(voterId, targetId, boardSettings(room));
    else ledger.cast(voterId, targetId, { dotsPerParticipant: Infinity, capPerTarget: Infinity });
    throw err;
  }
  void pushProgress(ctx, board, room, ledger).catch(() => undefined);
}

export const voteCast = defineCommand('vote:cast', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'vote:cast', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const voter = await resolveVoter(ctx, p.onBehalfOf);
  if (!voter.ok) return voter;
  const ledger = await room.voteLedger();
  // Checked and reserved in one synchronous step: nothing (a reveal, a hide, a merge) can interleave between them.
  const still = can(ctx.actor, 'vote:cast', readRuleState(room.doc));
  if (!still.ok) return still;
  if (!targetExists(room, p.targetId)) return fail('NOT_FOUND', `No such ${boardSettings(room).voteOn.replace(/s$/, '')} to vote on.`);
  const change = ledger.cast(voter.voterId, p.targetId, boardSettings(room));
  if (!change.ok) return change;
  const result = { remaining: change.remaining, onTarget: change.onTarget };
  await commitDot(ctx, board, room, ledger, voter.voterId, p.targetId, 1, result);
  return { ok: true, result };
});

export const voteRetract = defineCommand('vote:retract', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'vote:retract', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const voter = await resolveVoter(ctx, p.onBehalfOf);
  if (!voter.ok) return voter;
  const ledger = await room.voteLedger();
  const still = can(ctx.actor, 'vote:retract', readRuleState(room.doc));
  if (!still.ok) return still;
  const change = ledger.retract(voter.voterId, p.targetId, boardSettings(room));
  if (!change.ok) return change;
  const result = { remaining: change.remaining, onTarget: change.onTarget };
  await commitDot(ctx, board, room, ledger, voter.voterId, p.targetId, -1, result);
  return { ok: true, result };
});

export const voteMine = defineCommand('vote:mine', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'vote:mine', p.boardId);
  if (!access.ok) return access.result;
  const voter = await resolveVoter(ctx, p.onBehalfOf);
  if (!voter.ok) return voter;
  const ledger = await access.room.voteLedger();
  const rules = boardSettings(access.room);
  return { ok: true, result: { votes: ledger.mine(voter.voterId), remaining: Math.max(0, rules.dotsPerParticipant - ledger.spent(voter.voterId)), dotsPerParticipant: rules.dotsPerParticipant } };
});

export const voteStatus = defineCommand('vote:status', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'vote:status', p.boardId);
  if (!access.ok) return access.result;
  return { ok: true, result: await progress(ctx, access.board, access.room, await access.room.voteLedger()) };
});

export const voteReveal = defineCommand('vote:reveal', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'vote:reveal', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const ledger = await room.voteLedger();
  const tallies = ledger.tallies((t) => targetExists(room, t));
  const result = { tallies, voteOn: boardSettings(room).voteOn };
  // The reveal is the end of the vote: the count the hall sees is final until someone reopens it.
  await room.serverChange((doc) => {
    boardMap(doc).set(BoardKeys.tallies, tallies);
    if (!readVotingClosed(doc)) boardMap(doc).set(BoardKeys.voting, 'closed');
  }, [recordOp(ctx, board, 'vote.revealed', result), ...ctx.finalOps(result)]);
  return { ok: true, result };
});

export const voteReopen = defineCommand('vote:reopen', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'vote:reopen', p.boardId);
  if (!access.ok) return access.result;
  const { room, board } = access;
  const result = { voting: 'open' as const };
  // Reopening an open vote changes nothing and records nothing (like setting the current phase).
  if (!readVotingClosed(room.doc)) {
    const ops = ctx.finalOps(result);
    if (ops.length > 0) await room.commitOps(ops);
    return { ok: true, result };
  }
  // The tallies stay: they keep following every dot, as after any reveal.
  await room.serverChange((doc) => boardMap(doc).set(BoardKeys.voting, 'open'), [recordOp(ctx, board, 'vote.reopened', {}), ...ctx.finalOps(result)]);
  return { ok: true, result };
});
