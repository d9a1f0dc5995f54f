/**
 * Published results over HTTP: the public results JSON and the Markdown, CSV and JSON exports
 * (public once published; for the session's moderators at any time).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localIsoDate, toCsv, toMarkdown, type ExportLang, type PublicResults } from '../../shared/results.ts';
import { ExportParams, ExportQuery, PathId } from '../../shared/http-api.ts';
import { isModerator } from '../../shared/roles.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { ensureDisclosure, publishedSession } from '../results/disclosure.ts';
import { gatherResults, type ResultsDeps } from '../results/gather.ts';
import type { ResultsCache } from '../results/results-cache.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './parse.ts';
import { requireActor } from './session-routes.ts';

export interface PublicRoutesDeps extends ResultsDeps {
  auth: Authenticator;
  /** Keeps published results between visits; without it they are built on every request. */
  cache?: ResultsCache;
  now?: () => number;
}

const formats = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
} as const;

type Format = keyof typeof formats;

/** The path's session id and format; a malformed id or an unknown format is 404, as an unknown session is. */
function exportParams(params: unknown): { id: string; format: Format } {
  const p = ExportParams.safeParse(params);
  if (p.success) return p.data;
  const format = (params as { format?: unknown }).format;
  throw new HttpError('NOT_FOUND', ExportParams.shape.format.safeParse(format).success ? 'No published results for this session.' : `No export format "${String(format)}": use md, csv or json.`);
}

/** `attachment` with an ASCII filename and the session's title as the RFC 5987 UTF-8 one. */
function disposition(r: PublicResults, format: Format): string {
  const ascii = `yishi-results-${r.sessionId.replace(/[^A-Za-z0-9_-]/g, '')}.${format}`;
  const utf8 = encodeURIComponent(`${r.title.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim() || 'results'}.${format}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

function sendExport(reply: FastifyReply, r: PublicResults, format: Format, lang: ExportLang): FastifyReply {
  const body = format === 'json' ? JSON.stringify(r, null, 2) : format === 'csv' ? toCsv(r, lang) : toMarkdown(r, lang);
  return reply.header('Content-Type', formats[format]).header('Content-Disposition', disposition(r, format)).header('Cache-Control', 'no-store').send(body);
}

export function publicRoutes(app: FastifyInstance, deps: PublicRoutesDeps): void {
  const now = deps.now ?? Date.now;

  /** The published results, or 404 for an unknown or unpublished session. */
  const published = async (sessionId: string): Promise<PublicResults> => {
    const p = PathId.safeParse(sessionId).success ? await publishedSession(deps.storage, sessionId) : null;
    if (!p) throw new HttpError('NOT_FOUND', 'No published results for this session.');
    const at = now();
    if (!deps.cache) return gatherResults(deps, p.session, p.disclosure, at);
    return deps.cache.get(sessionId, localIsoDate(at), (sources) => gatherResults(deps, p.session, p.disclosure, at, sources));
  };

  app.get<{ Params: { id: string } }>('/api/public/sessions/:id/results', async (req, reply) => {
    return reply.header('Cache-Control', 'no-cache').send(await published(req.params.id));
  });

  app.get<{ Params: { id: string; format: string } }>('/api/public/sessions/:id/export.:format', async (req, reply) => {
    const { id, format } = exportParams(req.params);
    const lang = parseBody(ExportQuery, req.query).lang ?? 'en'; // a bad ?lang= is 400 before any work
    return sendExport(reply, await published(id), format, lang);
  });

  app.get<{ Params: { id: string; format: string } }>('/api/sessions/:id/export.:format', async (req: FastifyRequest<{ Params: { id: string; format: string } }>, reply) => {
    const actor = await requireActor(deps.auth, req);
    const { format } = exportParams(req.params);
    if (actor.sessionId !== req.params.id) throw new HttpError('FORBIDDEN', 'This token belongs to another session.');
    if (!isModerator(actor.role)) throw new HttpError('FORBIDDEN', 'Exports before publishing are for facilitators and experts.');
    const session = await deps.storage.getSession(actor.sessionId);
    if (!session) throw new HttpError('NOT_FOUND', 'The session no longer exists.');
    const disclosure = await ensureDisclosure(deps.storage, session.id);
    const lang = parseBody(ExportQuery, req.query).lang ?? 'en';
    return sendExport(reply, await gatherResults(deps, session, disclosure, now()), format, lang);
  });
}
