/** `DELETE /api/sessions/:id`: the facilitator deletes the whole session (same as the `session:delete` command). */
import type { FastifyInstance } from 'fastify';
import { CommandSchemas } from '../../shared/commands.ts';
import { can } from '../../shared/permissions.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { titleMismatch, type SessionDeletion } from '../privacy/session-deletion.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './parse.ts';
import { requireActor } from './session-routes.ts';

/** The sentence for a confirmation that is not the title (also the command's). */

export function privacyRoutes(app: FastifyInstance, deps: { auth: Authenticator; deletion: SessionDeletion }): void {
  app.delete<{ Params: { id: string } }>('/api/sessions/:id', async (req, reply) => {
    const actor = await requireActor(deps.auth, req);
    if (actor.sessionId !== req.params.id) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    const allowed = can(actor, 'session:delete');
    if (!allowed.ok) throw new HttpError(allowed.error.code, allowed.error.message);
    const body = parseBody(CommandSchemas['session:delete'], req.body);
    const r = await deps.deletion.deleteConfirmed(actor.sessionId, body.confirmTitle);
    if (r === 'no-session') throw new HttpError('NOT_FOUND', 'The session no longer exists.');
    if (r === 'title-mismatch') throw new HttpError('VALIDATION', titleMismatch);
    return reply.code(204).send();
  });
}
