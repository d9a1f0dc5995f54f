/** Finds the board a command names, checks it belongs to the actor's session, and reads its rule state. */
import { wireError } from '../../shared/errors.ts';
import { readSettings } from '../../shared/board-doc.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import { can } from '../../shared/permissions.ts';
import type { CommandName } from '../../shared/commands.ts';
import type { BoardRow, StorageOp } from '../storage/storage.ts';
import type { PublicSettings } from '../../shared/board-doc.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import type { CommandContext, CommandFailure } from './command-types.ts';

export type BoardAccess = { ok: true; board: BoardRow; room: BoardRoom } | { ok: false; result: CommandFailure };

export async function openBoard(ctx: CommandContext, boardId: string): Promise<BoardAccess> {
  const board = ctx.rooms.liveRow(boardId) ?? (await ctx.storage.getBoard(boardId));
  if (!board || board.sessionId !== ctx.actor.sessionId) {
    return { ok: false, result: { ok: false, error: wireError('NOT_FOUND', 'No such board in this session.') } };
  }
  return { ok: true, board, room: await ctx.rooms.get(board.id, board.sessionId, board) };
}

/** Opens the board and checks `can()` for a command that has no target author: the common preamble. */
export async function authorizeOnBoard(ctx: CommandContext, command: CommandName, boardId: string): Promise<BoardAccess> {
  const access = await openBoard(ctx, boardId);
  if (!access.ok) return access;
  const allowed = can(ctx.actor, command, readRuleState(access.room.doc));
  return allowed.ok ? access : { ok: false, result: allowed };
}

/** Shorthand for a failed command. */
export function fail(code: Parameters<typeof wireError>[0], message: string): CommandFailure {
  return { ok: false, error: wireError(code, message) };
}

/** A procedure-record entry for a command on a board. */
export function recordOp(ctx: CommandContext, board: BoardRow, kind: string, data: unknown): StorageOp {
  return { op: 'record.append', entry: { sessionId: board.sessionId, boardId: board.id, actorId: ctx.actor.participantId, kind, data, at: ctx.now } };
}

/** The board's effective settings, as published in its document. */
export function boardSettings(room: BoardRoom): PublicSettings {
  return readSettings(room.doc);
}
