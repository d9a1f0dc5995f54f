/** What a command handler is given and returns. Handlers parse nothing: the bus already did. */
import type { z } from 'zod';
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

export type CommandResult = { ok: true; result: object } | { ok: false; error: WireError };

export interface CommandDefinition<S extends z.ZodType = z.ZodType> {
  schema: S;
  run(ctx: CommandContext, payload: z.output<S>): Promise<CommandResult>;
}

/** Declares a command with its payload type inferred from the schema. */
export function defineCommand<S extends z.ZodType>(schema: S, run: CommandDefinition<S>['run']): CommandDefinition<S> {
  return { schema, run };
}
