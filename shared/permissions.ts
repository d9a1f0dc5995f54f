/**
 * `can(actor, command, state)`: the one place that says who may do what in which phase.
 * The server enforces it; the client imports it to show only what the server would accept.
 */
import type { Phase } from './board-schema.ts';
import type { CommandName } from './commands.ts';
import { wireError, type WireError } from './errors.ts';
import { isModerator, type Actor } from './roles.ts';

/** What the rules need to know about the board (and the target, when there is one). */
export interface BoardState {
  phase: Phase;
  locked: boolean;
  residentsSort: boolean;
  /** Author of the target note, for commands that act on one. */
  targetAuthorId?: string | null;
}

/** Allowed, or the error the server answers. */
export type Permission = { ok: true } | { ok: false; error: WireError };

const allow: Permission = { ok: true };
const deny = (code: 'FORBIDDEN' | 'PHASE' | 'LOCKED', message: string): Permission => ({ ok: false, error: wireError(code, message) });

/** Decides whether `actor` may run `command` on a board in `state`. */
export function can(actor: Actor, command: CommandName, state: BoardState): Permission {
  if (actor.role === 'screen') return deny('FORBIDDEN', 'The big screen is read-only.');
  const moderator = isModerator(actor.role);
  if (!moderator && state.locked) return deny('LOCKED', 'The facilitator has locked this board for a moment.');
  const own = state.targetAuthorId != null && state.targetAuthorId === actor.participantId;
  switch (command) {
    case 'note:add':
      if (moderator) return allow;
      return state.phase === 'gather' ? allow : deny('PHASE', 'Concerns can be added during the gather step.');
    case 'note:edit':
    case 'note:delete':
      if (moderator) return allow;
      if (!own) return deny('FORBIDDEN', 'You can change only your own concerns.');
      return state.phase === 'gather' ? allow : deny('PHASE', 'Concerns can be changed during the gather step.');
    case 'note:move':
      if (moderator) return allow;
      if (state.phase === 'cluster' && state.residentsSort) return allow;
      return deny('FORBIDDEN', 'Only the facilitator sorts concerns into themes here.');
    case 'phase:set':
      return moderator ? allow : deny('FORBIDDEN', 'Only a facilitator or an expert moves the procedure on.');
    default: {
      const never: never = command;
      return deny('FORBIDDEN', `Unknown command ${String(never)}`);
    }
  }
}
