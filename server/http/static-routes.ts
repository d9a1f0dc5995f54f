/** Serves the built client: hashed assets cached for a year, pages never cached, SPA routes fall back to index.html. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths that belong to the API or the sockets and must never get the app's HTML. */
// `/metrics` is served only on METRICS_PORT: on the public port it is a 404, not the app's page
// (a scraper pointed at the wrong port should fail plainly, not parse HTML).
const nonPagePrefixes = ['/api', '/yjs', '/socket.io', '/healthz', '/metrics'];

/** A page of the results that the server itself must refuse until the session is published. */
const notPublishedPage = Buffer.from(
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
  + '<title>未公布 · Not published</title></head><body><main><h1>结果尚未公布</h1><p lang="en">Nothing has been published at this address.</p></main></body></html>',
);

/** Checks the server makes before serving a client page. */
export interface PageGuards {
  /** `/r/:sessionId` exists only while the session's results are published. */
  isPublished?: (sessionId: string) => Promise<boolean>;
}

/**
 * `GET /r/:sessionId`: the app's page (200) when the session is published, else a small 404 page,
 * so an unpublished session's results page does not exist even for crawlers and link previews.
 */
function resultsPage(app: FastifyInstance, html: Buffer | null, isPublished: (sessionId: string) => Promise<boolean>): void {
  const fallback = Buffer.from('<!doctype html><html><head><meta charset="utf-8"><title>Yishi results</title></head><body><div id="app"></div></body></html>');
  app.get<{ Params: { id: string } }>('/r/:id', async (req, reply) => {
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8');
    if (!(await isPublished(req.params.id))) return reply.code(404).send(notPublishedPage);
    return reply.code(200).send(html ?? fallback);
  });
}

/** Registers the client's files; returns index.html for the not-found handler, or null when the client is not built. */
export async function staticRoutes(app: FastifyInstance, clientDir: string, guards: PageGuards = {}): Promise<Buffer | null> {
  const index = path.join(clientDir, 'index.html');
  const built = existsSync(index) ? readFileSync(index) : null;
  if (guards.isPublished) resultsPage(app, built, guards.isPublished);
  if (!built) return null;
  const html = built;
  await app.register(fastifyStatic, {
    root: clientDir,
    prefix: '/',
    index: false,
    wildcard: true,
    setHeaders(res, filePath) {
      const rel = path.relative(clientDir, filePath);
      res.header('Cache-Control', rel.startsWith(`assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/', (_req, reply) => reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(html));
  return html;
}

/** True when an unmatched GET should get the app's page (a client-side route such as /j/CODE). */
export function isPageRoute(url: string): boolean {
  const p = url.split('?')[0] ?? '/';
  // Results pages exist only through the published check above; `/r/<id>/` or `/r//<id>` must not
  // slip past it to the fallback (the client would read them as the same results page).
  if (/^\/+r(\/|$)/.test(p)) return false;
  return !nonPagePrefixes.some((pre) => p === pre || p.startsWith(`${pre}/`)) && !path.extname(p);
}
