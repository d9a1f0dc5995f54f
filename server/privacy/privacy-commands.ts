/** `session:delete`: the facilitator deletes the whole session over Socket.IO (as `DELETE /api/sessions/:id`). */
import { can } from '../../shared/permissions.ts';
import { defineCommand, type CommandDefinition } from '../commands/command-types.ts';
import { fail } from '../commands/board-access.ts';
import { titleMismatch, type SessionDeletion } from './session-deletion.ts';

/** The command needs the app's deletion service (it closes connections and logs), so it is built with it. */
export function sessionDeleteCommand(deletion: SessionDeletion): CommandDefinition<'session:delete'> {
  return defineCommand('session:delete', async (ctx, p) => {
    const allowed = can(ctx.actor, 'session:delete');
    if (!allowed.ok) return allowed;
    const r = await deletion.deleteConfirmed(ctx.actor.sessionId, p.confirmTitle);
    if (r === 'no-session') return fail('NOT_FOUND', 'The session no longer exists.');
    if (r === 'title-mismatch') return fail('VALIDATION', titleMismatch);
    // No idempotency result is stored: it would be deleted with the session anyway.
    return { ok: true, result: { deleted: r.sessionId } };
  });
}
