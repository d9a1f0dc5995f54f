/**
 * Follow-up over HTTP: owners' follow-up links (made and revoked by moderators, used with the
 * code alone), the escalations list, and reissuing a moderator's token to a new device.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CreateFollowUpLinkBody, FollowUpCodeParam, FollowUpUpdateBody, PathId, ReissueBody, type ModeratorsResponse, type ReissueResponse } from '../../shared/http-api.ts';
import type { CreateFollowUpLinkResponse, EscalationsResponse, FollowUpView } from '../../shared/results.ts';
import { isModerator, type Actor } from '../../shared/roles.ts';
import { CloseCodes } from '../../shared/errors.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { FollowUpLinkRow, ParticipantRow } from '../storage/storage.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { Limits } from '../limits/limits.ts';
import { publicResultsUrl } from '../results/disclosure.ts';
import { gatherActions, type ResultsDeps } from '../results/gather.ts';
import { applyActionUpdate } from '../results/action-updates.ts';
import { escalationViews } from '../results/escalation-views.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './parse.ts';
import { requireActor } from './session-routes.ts';

export interface FollowUpRoutesDeps extends ResultsDeps {
  auth: Authenticator;
  /** Signs a fresh token for a participant (with its current token version). */
  tokenFor: (p: ParticipantRow) => string;
  /** Closes every live connection of a participant (their old token was revoked). */
  closeParticipant: (participantId: string, code: number, reason: string) => void;
  /** Tells the session's moderators about an owner's update (`action:updated`), as for the command. */
  notify: Pick<Notifier, 'toModerators'>;
  /** Owner-link codes are counted by the wrong-code rule. */
  limits: Pick<Limits, 'codes' | 'addressOf'>;
  now?: () => number;
}

/** A follow-up code: 128 random bits, URL-safe. */
function newFollowUpCode(): string {
  return randomBytes(16).toString('base64url');
}

export function followUpRoutes(app: FastifyInstance, deps: FollowUpRoutesDeps): void {
  const now = deps.now ?? Date.now;
  const { storage } = deps;
  // Links are built like join links (PUBLIC_URL, else the LAN address), never from the request's
  // Host: a facilitator at http://localhost would hand owners a link no other device can open.
  const base = () => deps.publicUrl();

  /** The actor, if a facilitator or expert of the session in the path. */
  const moderatorOf = async (req: FastifyRequest, sessionId: string): Promise<Actor> => {
    const actor = await requireActor(deps.auth, req);
    if (actor.sessionId !== sessionId) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    if (!isModerator(actor.role)) throw new HttpError('FORBIDDEN', 'Only a facilitator or an expert can do this.');
    return actor;
  };

  /** A live (not revoked) link, or 404 (429 past the wrong-code limit). */
  const liveLink = (req: FastifyRequest, code: string): Promise<FollowUpLinkRow> => deps.limits.codes.attempt(deps.limits.addressOf(req.raw), 'followUp', code, async () => {
    const link = FollowUpCodeParam.safeParse(code).success ? await storage.getFollowUpLink(code) : null;
    if (!link || link.revoked) throw new HttpError('NOT_FOUND', 'This follow-up link does not exist or was withdrawn.');
    return link;
  });

  const linkUrl = (code: string) => `${base()}/o/${code}`;

  app.post<{ Params: { id: string } }>('/api/sessions/:id/follow-up-links', async (req, reply) => {
    const actor = await moderatorOf(req, req.params.id);
    const body = parseBody(CreateFollowUpLinkBody, req.body);
    const seen = new Set<string>();
    const actions = body.actionIds.filter((a) => !seen.has(`${a.boardId}/${a.actionId}`) && seen.add(`${a.boardId}/${a.actionId}`));
    for (const a of actions) {
      const board = await storage.getBoard(a.boardId);
      const exists = board && board.sessionId === actor.sessionId && (await deps.rooms.read(board.id, board.sessionId)).doc.getMap('actions').has(a.actionId);
      if (!exists) throw new HttpError('NOT_FOUND', `actionIds: no action ${a.boardId}/${a.actionId} in this session.`);
    }
    const at = now();
    const link: FollowUpLinkRow = { code: newFollowUpCode(), sessionId: actor.sessionId, label: body.label, actions, createdBy: actor.participantId, createdAt: at, revoked: false };
    await storage.commit([
      { op: 'followUpLink.put', link },
      // The code is a capability: it stays out of the record.
      { op: 'record.append', entry: { sessionId: actor.sessionId, boardId: null, actorId: actor.participantId, kind: 'followUp.linkCreated', data: { label: link.label, actions }, at } },
    ]);
    const res: CreateFollowUpLinkResponse = { code: link.code, url: linkUrl(link.code), label: link.label, actions };
    return reply.code(201).send(res);
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/follow-up-links', async (req) => {
    const actor = await moderatorOf(req, req.params.id);
    const links = await storage.listFollowUpLinks(actor.sessionId);
    return { links: links.map((l) => ({ code: l.code, url: linkUrl(l.code), label: l.label, actions: l.actions, createdAt: l.createdAt, revoked: l.revoked })) };
  });

  app.delete<{ Params: { id: string; code: string } }>('/api/sessions/:id/follow-up-links/:code', async (req, reply) => {
    const actor = await moderatorOf(req, req.params.id);
    const link = FollowUpCodeParam.safeParse(req.params.code).success ? await storage.getFollowUpLink(req.params.code) : null;
    if (!link || link.sessionId !== actor.sessionId) throw new HttpError('NOT_FOUND', 'No such follow-up link in this session.');
    if (!link.revoked) {
      await storage.commit([
        { op: 'followUpLink.put', link: { ...link, revoked: true } },
        { op: 'record.append', entry: { sessionId: actor.sessionId, boardId: null, actorId: actor.participantId, kind: 'followUp.linkRevoked', data: { label: link.label }, at: now() } },
      ]);
    }
    return reply.code(204).send();
  });

  const view = async (req: FastifyRequest, link: FollowUpLinkRow): Promise<FollowUpView> => {
    const [session, disclosure] = await Promise.all([storage.getSession(link.sessionId), storage.getDisclosure(link.sessionId)]);
    if (!session) throw new HttpError('NOT_FOUND', 'This follow-up link does not exist or was withdrawn.');
    const published = disclosure?.publishedAt != null;
    return {
      sessionId: session.id, sessionTitle: session.title, label: link.label, published,
      publicUrl: published ? publicResultsUrl(base(), session.id) : null,
      actions: await gatherActions(deps, session.id, link.actions, now()),
    };
  };

  app.get<{ Params: { code: string } }>('/api/follow-up/:code', async (req, reply) => {
    return reply.header('Cache-Control', 'no-store').send(await view(req, await liveLink(req, req.params.code)));
  });

  app.post<{ Params: { code: string } }>('/api/follow-up/:code/updates', async (req) => {
    const link = await liveLink(req, req.params.code);
    const body = parseBody(FollowUpUpdateBody, req.body);
    if (!link.actions.some((a) => a.boardId === body.boardId && a.actionId === body.actionId)) {
      throw new HttpError('FORBIDDEN', 'This link does not cover that action item.');
    }
    const disclosure = await storage.getDisclosure(link.sessionId);
    if (disclosure?.publishedAt == null) throw new HttpError('NOT_PUBLISHED', 'Updates through a follow-up link open once the results are published.');
    const board = await storage.getBoard(body.boardId);
    if (!board || board.sessionId !== link.sessionId) throw new HttpError('NOT_FOUND', 'This action item no longer exists.');
    const room = await deps.rooms.get(board.id, board.sessionId);
    const row = await applyActionUpdate({ board, room, actionId: body.actionId, status: body.status, note: body.note, by: 'owner', label: link.label, actorId: null, now: now() });
    if (!row) throw new HttpError('NOT_FOUND', 'This action item no longer exists.');
    deps.notify.toModerators(board.sessionId, 'action:updated', { boardId: board.id, actionId: body.actionId, status: row.status, at: row.at });
    const [action] = await gatherActions(deps, link.sessionId, [{ boardId: board.id, actionId: body.actionId }], now());
    if (!action) throw new HttpError('NOT_FOUND', 'This action item no longer exists.');
    return action;
  });

  app.get<{ Params: { id: string } }>('/api/sessions/:id/escalations', async (req) => {
    const actor = await moderatorOf(req, req.params.id);
    const views = await escalationViews(storage, await storage.listEscalations(actor.sessionId), actor.sessionId, base());
    const newestFirst = [...views].reverse();
    const res: EscalationsResponse = { incoming: newestFirst.filter((v) => v.direction === 'incoming'), outgoing: newestFirst.filter((v) => v.direction === 'outgoing') };
    return res;
  });

  // The people a facilitator may reissue a sign-in to, online or not (a lost phone is offline).
  app.get<{ Params: { id: string } }>('/api/sessions/:id/moderators', async (req) => {
    const actor = await requireActor(deps.auth, req);
    if (actor.sessionId !== req.params.id) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    if (actor.role !== 'facilitator') throw new HttpError('FORBIDDEN', 'Only a facilitator lists who may be signed in again.');
    const people = await storage.listParticipants(actor.sessionId);
    const res: ModeratorsResponse = {
      moderators: people.filter((p) => !p.revoked && isModerator(p.role)).map((p) => ({ participantId: p.id, role: p.role as 'facilitator' | 'expert', name: p.name })),
    };
    return res;
  });

  app.post<{ Params: { id: string; participantId: string } }>('/api/sessions/:id/participants/:participantId/reissue', async (req) => {
    const actor = await requireActor(deps.auth, req);
    if (actor.sessionId !== req.params.id) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    if (actor.role !== 'facilitator') throw new HttpError('FORBIDDEN', 'Only a facilitator reissues sign-ins.');
    const body = parseBody(ReissueBody, req.body ?? {});
    const target = PathId.safeParse(req.params.participantId).success ? await storage.getParticipant(req.params.participantId) : null;
    if (!target || target.sessionId !== actor.sessionId || target.revoked || !isModerator(target.role)) {
      throw new HttpError('NOT_FOUND', 'No facilitator or expert with this id in the session.');
    }
    const revokeOld = body.revokeOld ?? true;
    const participant = revokeOld ? { ...target, tokenVersion: target.tokenVersion + 1 } : target;
    await storage.commit([
      ...(revokeOld ? [{ op: 'participant.put' as const, participant }] : []),
      { op: 'record.append', entry: { sessionId: actor.sessionId, boardId: null, actorId: actor.participantId, kind: 'token.reissued', data: { participantId: target.id, revokedOld: revokeOld }, at: now() } },
    ]);
    // Connections opened with the old token would otherwise live on until they drop.
    if (revokeOld) deps.closeParticipant(target.id, CloseCodes.UNAUTHORIZED, 'signed in on another device');
    const token = deps.tokenFor(participant);
    const plenary = (await storage.listBoards(actor.sessionId)).find((b) => b.kind === 'plenary');
    const path = plenary ? `/b/${encodeURIComponent(actor.sessionId)}/${encodeURIComponent(plenary.id)}` : '/';
    const res: ReissueResponse = { participantId: target.id, token, link: `${base()}${path}#token=${encodeURIComponent(token)}`, revokedOld: revokeOld };
    return res;
  });
}
