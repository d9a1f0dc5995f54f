/**
 * What the request log says about a request. Tokens may travel in query strings (an `<img>`
 * fetching a photo cannot send a header), so `token` values are blanked before a URL is logged.
 */
import type { FastifyRequest } from 'fastify';

/** The URL with every `token` query value replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** Fastify's default request fields, with the URL redacted. */
export function requestForLog(req: FastifyRequest) {
  return { method: req.method, url: redactUrl(req.url), hostname: req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
