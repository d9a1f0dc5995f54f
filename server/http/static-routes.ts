/** Serves the built client: hashed assets cached for a year, pages never cached, SPA routes fall back to index.html. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths that belong to the API or the sockets and must never get the app's HTML. */
const nonPagePrefixes = ['/api', '/yjs', '/socket.io', '/healthz'];

/** Registers the client's files; returns index.html for the not-found handler, or null when the client is not built. */
export async function staticRoutes(app: FastifyInstance, clientDir: string): Promise<Buffer | null> {
  const index = path.join(clientDir, 'index.html');
  if (!existsSync(index)) return null;
  const html = readFileSync(index);
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
  return !nonPagePrefixes.some((pre) => p === pre || p.startsWith(`${pre}/`)) && !path.extname(p);
}
