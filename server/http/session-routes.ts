import { createHash, timingSafeEqual } from 'node:crypto';
/** HTTP routes for sessions: create, join, invite, who-am-I. Thin: parse, authorise, call the service. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CreateInviteBody, CreateSessionBody, JoinByCodeBody, JoinByInviteBody } from '../../shared/http-api.ts';
import { isModerator } from '../../shared/roles.ts';
import { formatJoinCode } from '../../shared/join-code.ts';
import { bearerToken, type Authenticator } from '../auth/authenticate.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { Participation } from '../sessions/participation.ts';
import type { Limits } from '../limits/limits.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './parse.ts';

export interface SessionRoutesDeps {
  sessions: SessionService;
  auth: Authenticator;
  adminToken: string | null;
  participation: (sessionId: string) => Promise<Participation>;
  /** The session's escalation code (shown to its moderators), made on first use. */
  escalationCode?: (sessionId: string) => Promise<string>;
  /** Wrong-code and session-creation limits. */
  limits: Pick<Limits, 'codes' | 'addressOf' | 'createSession' | 'createInvite'>;
}

/** Compares secrets in constant time (by their digests, so lengths leak nothing either). */
function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Resolves the request's bearer token to an actor or throws 401. */
export async function requireActor(auth: Authenticator, req: FastifyRequest) {
  const r = await auth.authenticate(bearerToken(req.headers.authorization));
  if (!r.ok) throw new HttpError(r.error.code, r.error.message);
  return r.actor;
}

export function sessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): void {
  const { sessions, auth, limits } = deps;

  app.post('/api/sessions', async (req, reply) => {
    const address = limits.addressOf(req.raw);
    const { adminToken } = deps;
    if (adminToken !== null) {
      // The admin token is chosen by an operator and may be guessable: wrong ones count as wrong codes.
      const given = bearerToken(req.headers.authorization);
      await limits.codes.attempt(address, 'admin', given ?? '', async () => {
        if (!sameSecret(given, adminToken)) throw new HttpError('UNAUTHORIZED', 'Creating a session needs the admin token (Authorization: Bearer <ADMIN_TOKEN>).');
      }, 'UNAUTHORIZED');
    }
    const body = parseBody(CreateSessionBody, req.body);
    if (adminToken === null) await limits.createSession(address);
    const created = await sessions.createSession(body.title, body.settings, body.template);
    // The facilitator's network knows the code: its residents keep joining while the address is blocked.
    await limits.codes.remember(address, 'join', created.joinCode);
    req.log.info({ sessionId: created.sessionId }, 'session created');
    return reply.code(201).send(created);
  });

  app.post('/api/join', async (req) => {
    // Pick the schema by the key given, so an error names the offending field of that form.
    const byInvite = typeof req.body === 'object' && req.body !== null && 'inviteCode' in req.body;
    const address = limits.addressOf(req.raw);
    if (byInvite) {
      const body = parseBody(JoinByInviteBody, req.body);
      return limits.codes.attempt(address, 'invite', body.inviteCode, () => sessions.joinByInvite(body));
    }
    const body = parseBody(JoinByCodeBody, req.body);
    return limits.codes.attempt(address, 'join', body.joinCode, () => sessions.joinByCode(body));
  });

  app.get<{ Params: { code: string } }>('/api/join/:code', async (req) => {
    const code = req.params.code.trim();
    if (code.length < 4 || code.length > 40) throw new HttpError('VALIDATION', 'joinCode: 4 to 40 characters');
    return limits.codes.attempt(limits.addressOf(req.raw), 'join', code, () => sessions.preview(code));
  });

  app.post<{ Params: { id: string } }>('/api/sessions/:id/invites', async (req, reply) => {
    const actor = await requireActor(auth, req);
    const body = parseBody(CreateInviteBody, req.body);
    await limits.createInvite(actor.participantId);
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

  app.get<{ Params: { id: string } }>('/api/sessions/:id/participation', async (req) => {
    const actor = await requireActor(auth, req);
    if (actor.sessionId !== req.params.id) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    if (!isModerator(actor.role)) throw new HttpError('FORBIDDEN', 'Participation figures are for facilitators and experts.');
    return deps.participation(actor.sessionId);
  });

  app.get('/api/me', async (req) => {
    const actor = await requireActor(auth, req);
    const { session, boards } = await sessions.describe(actor);
    const moderator = isModerator(actor.role);
    // Whoever may see the join code here makes it known at this address (see the wrong-code rule).
    if (moderator || actor.role === 'screen') await limits.codes.remember(limits.addressOf(req.raw), 'join', session.joinCode);
    return {
      participantId: actor.participantId,
      role: actor.role,
      name: actor.name,
      sessionId: session.id,
      title: session.title,
      boards,
      ...(moderator || actor.role === 'screen'
        ? { joinCode: session.joinCode, joinCodeDisplay: formatJoinCode(session.joinCode), joinUrl: sessions.joinUrl(session.joinCode), joinOpen: session.joinOpen }
        : {}),
      ...(moderator && deps.escalationCode ? { escalationCode: await deps.escalationCode(session.id) } : {}),
    };
  });
}
