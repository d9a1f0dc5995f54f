/** What a command handler is given and returns. Handlers parse nothing: the bus already did. */
import type { z } from 'zod';
import { CommandSchemas, type CommandName, type CommandResultOf, type ParsedPayload } from '../../shared/commands.ts';
import type { Actor } from '../../shared/roles.ts';
import type { WireError } from '../../shared/errors.ts';
import type { Storage, StorageOp } from '../storage/storage.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { Presence } from '../presence/presence.ts';

export interface CommandContext {
  actor: Actor;
  now: number;
  storage: Storage;
  rooms: BoardRooms;
  /** The Socket.IO connection the command came on (null when not from a socket). */
  connectionId: string | null;
  /** Presence, for commands that move a connection between boards. */
  presence: Presence;
  /** Pushes to connected clients (Socket.IO rooms, across processes). */
  notify: Notifier;
  /**
   * Ops that must land in the same commit as the command's effect (its idempotency result),
   * so a replay after a crash can never apply twice nor find a result for an unapplied command.
   */
  finalOps(result: object): StorageOp[];
}

/** A refused command: what its ack carries. */
export type CommandFailure = { ok: false; error: WireError };

/** A handler's answer: its result (spread into the ack) or a refusal. */
export type CommandResult<R extends object = object> = { ok: true; result: R } | CommandFailure;

/**
 * What the bus runs: a schema and a handler for what the schema parses. The app's commands are
 * built with `defineCommand`; the bus itself needs no more than this (its tests use ad-hoc ones).
 */
export interface CommandHandler<S extends z.ZodType = z.ZodType, R extends object = object> {
  schema: S;
  // Method syntax on purpose: a handler of one payload type is stored among handlers of any.
  run(ctx: CommandContext, payload: z.output<S>): Promise<CommandResult<R>>;
}

/** One command of the wire: its name, its schema from shared/commands.ts, and a handler typed by both maps. */
export interface CommandDefinition<N extends CommandName = CommandName> extends CommandHandler<(typeof CommandSchemas)[N], CommandResultOf<N>> {
  name: N;
}

/** Declares a command by name: the payload is what its schema parses, the result what CommandResults says. */
export function defineCommand<N extends CommandName>(name: N, run: (ctx: CommandContext, payload: ParsedPayload<N>) => Promise<CommandResult<CommandResultOf<N>>>): CommandDefinition<N> {
  return { name, schema: CommandSchemas[name], run };
}
