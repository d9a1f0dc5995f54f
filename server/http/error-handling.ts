/** Every HTTP error answers `{ error: { code, message } }` with the matching status; unknown pages get the app. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, httpStatusFor, wireError, type WireError } from '../../shared/errors.ts';
import { isPageRoute } from './static-routes.ts';
import { OwnedElsewhereError } from '../ownership/session-ownership.ts';

/** A request another process relays here: never relayed on (a loop would be possible otherwise). */
export const HandedOverHeader = 'x-yishi-handed-over';

/** Relays a request to the process deciding for its session; resolves with that process's answer. */
export type RelayRequest = (ownerUrl: string, req: FastifyRequest) => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>;

function fromFastify(err: FastifyError): WireError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return wireError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return wireError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return wireError('VALIDATION', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return wireError('VALIDATION', 'The body is not valid JSON.');
  }
  if (err instanceof SyntaxError || err.statusCode === 400) return wireError('VALIDATION', `The request is malformed: ${err.message}`);
  if (err.statusCode === 403) return wireError('FORBIDDEN', err.message);
  if (err.statusCode === 404) return wireError('NOT_FOUND', err.message);
  if (err.statusCode === 413) return wireError('PAYLOAD_TOO_LARGE', err.message);
  if (err.statusCode === 415) return wireError('UNSUPPORTED_MEDIA_TYPE', err.message);
  return null;
}

export function installErrorHandling(app: FastifyInstance, indexHtml: Buffer | null, relay?: RelayRequest): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    // Several processes: the request needs the session's owner, which is another process. Nothing
    // was applied here (the lease is claimed before any commit): the owner answers it instead.
    if (relay && err instanceof OwnedElsewhereError && err.ownerUrl && req.headers[HandedOverHeader] === undefined) {
      const answer = await relay(err.ownerUrl, req);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    }
    // A route's HttpError is one too: every refusal a service or a route throws is answered here.
    if (err instanceof DomainError) {
      if (err.retryAfterSeconds !== undefined) reply.header('Retry-After', String(err.retryAfterSeconds));
      return reply.code(httpStatusFor[err.code]).send({ error: err.toWire() });
    }
    const known = fromFastify(err);
    if (known) return reply.code(httpStatusFor[known.code]).send({ error: known });
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: wireError('INTERNAL', 'Something went wrong on the server.') });
  });
  app.setNotFoundHandler((req, reply) => {
    if (indexHtml && (req.method === 'GET' || req.method === 'HEAD') && isPageRoute(req.url)) {
      return reply.code(200).header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
    }
    return reply.code(404).send({ error: wireError('NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`) });
  });
}

/**
 * Fastify's `frameworkErrors`: what it refuses before any route or hook runs (a malformed URL such
 * as `/%`): our wire error, with the headers the skipped onRequest hooks would have set.
 */
export function frameworkErrors(headersFor: (host: string | undefined) => Record<string, string>) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    reply.headers(headersFor(req.headers.host));
    const known = (err.statusCode ?? 500) < 500;
    const wire = known ? wireError('VALIDATION', `The request is malformed: ${err.message}`) : wireError('INTERNAL', 'Something went wrong on the server.');
    void reply.code(httpStatusFor[wire.code]).send({ error: wire });
  };
}
