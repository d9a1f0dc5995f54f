/** HTTP routes for sessions: create, join, invite, who-am-I. Thin: parse, authorise, call the service. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CreateInviteBody, CreateSessionBody, JoinBody } from '../../shared/http-api.ts';
import { isModerator } from '../../shared/roles.ts';
import { formatJoinCode } from '../../shared/join-code.ts';
import { bearerToken, type Authenticator } from '../auth/authenticate.ts';
import type { SessionService } from '../sessions/session-service.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './parse.ts';

export interface SessionRoutesDeps {
  sessions: SessionService;
  auth: Authenticator;
  adminToken: string | null;
}

/** Resolves the request's bearer token to an actor or throws 401. */
export async function requireActor(auth: Authenticator, req: FastifyRequest) {
  const r = await auth.authenticate(bearerToken(req.headers.authorization));
  if (!r.ok) throw new HttpError(r.error.code, r.error.message);
  return r.actor;
}

export function sessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): void {
  const { sessions, auth } = deps;

  app.post('/api/sessions', async (req, reply) => {
    if (deps.adminToken !== null && bearerToken(req.headers.authorization) !== deps.adminToken) {
      throw new HttpError('UNAUTHORIZED', 'Creating a session needs the admin token (Authorization: Bearer <ADMIN_TOKEN>).');
    }
    const body = parseBody(CreateSessionBody, req.body);
    const created = await sessions.createSession(body.title, body.settings);
    req.log.info({ sessionId: created.sessionId }, 'session created');
    return reply.code(201).send(created);
  });

  app.post('/api/join', async (req) => {
    const body = parseBody(JoinBody, req.body);
    return 'inviteCode' in body ? sessions.joinByInvite(body) : sessions.joinByCode(body);
  });

  app.post<{ Params: { id: string } }>('/api/sessions/:id/invites', async (req, reply) => {
    const actor = await requireActor(auth, req);
    const body = parseBody(CreateInviteBody, req.body);
    return reply.code(201).send(await sessions.createInvite(actor, req.params.id, body.role));
  });

  app.get<{ Params: { id: string }; Querystring: { after?: string } }>('/api/sessions/:id/record', async (req) => {
    const actor = await requireActor(auth, req);
    if (actor.sessionId !== req.params.id) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    if (!isModerator(actor.role)) throw new HttpError('FORBIDDEN', 'The procedure record is for facilitators and experts.');
    const after = req.query.after === undefined ? 0 : Number(req.query.after);
    if (!Number.isInteger(after) || after < 0) throw new HttpError('VALIDATION', 'after: a non-negative integer sequence number');
    return { sessionId: actor.sessionId, entries: await sessions.record(actor.sessionId, after) };
  });

  app.get('/api/me', async (req) => {
    const actor = await requireActor(auth, req);
    const { session, boards } = await sessions.describe(actor);
    const moderator = isModerator(actor.role);
    return {
      participantId: actor.participantId,
      role: actor.role,
      name: actor.name,
      sessionId: session.id,
      title: session.title,
      boards,
      ...(moderator || actor.role === 'screen'
        ? { joinCode: formatJoinCode(session.joinCode), joinUrl: sessions.joinUrl(session.joinCode), joinOpen: session.joinOpen }
        : {}),
    };
  });
}
