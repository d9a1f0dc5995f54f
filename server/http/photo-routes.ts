/**
 * HTTP routes for photos on concerns. Uploads are the raw
 * image bytes, read in their own scope with their own body limit; what the bytes are is
 * decided by image-processing.ts, never by Content-Type or a file name.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { PhotoVariants, type PhotoVariant } from '../../shared/photos.ts';
import { PathId } from '../../shared/http-api.ts';
import type { Actor } from '../../shared/roles.ts';
import { bearerToken, type Authenticator } from '../auth/authenticate.ts';
import type { PhotoService } from '../photos/photo-service.ts';
import type { Limits } from '../limits/limits.ts';
import { HttpError } from './http-error.ts';
import { requireActor } from './session-routes.ts';

export interface PhotoRoutesDeps {
  auth: Authenticator;
  photos: PhotoService;
  maxPhotoBytes: number;
  /** Upload quotas per participant and per address. */
  limits: Pick<Limits, 'addressOf' | 'uploadPhoto'>;
}

function checkIds(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    if (!PathId.safeParse(value).success) throw new HttpError('NOT_FOUND', `No such ${name.replace(/Id$/, '')}.`);
  }
}

export function photoRoutes(app: FastifyInstance, deps: PhotoRoutesDeps): void {
  const { auth, photos } = deps;
  const megabytes = (deps.maxPhotoBytes / (1024 * 1024)).toFixed(deps.maxPhotoBytes % (1024 * 1024) === 0 ? 0 : 1);

  // Uploads: any Content-Type is read as bytes here (the bytes are checked, not the header).
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxPhotoBytes }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return reply.code(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: `A photo may be at most ${megabytes} MB; the app scales photos down before sending, so take or choose it again.` } });
      }
      throw err; // everything else answers as on every other route
    });

    scope.post<{ Params: { boardId: string; noteId: string } }>('/api/boards/:boardId/notes/:noteId/photo', { bodyLimit: deps.maxPhotoBytes }, async (req, reply) => {
      const actor = await requireActor(auth, req);
      checkIds(req.params);
      // Counted before decoding: decoding and re-encoding is the expensive part.
      await deps.limits.uploadPhoto(actor.participantId, deps.limits.addressOf(req.raw));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new HttpError('UNSUPPORTED_MEDIA_TYPE', 'Send the photo itself as the request body (a JPEG, PNG or WebP image).');
      }
      return reply.code(201).send(await photos.attach(actor, req.params.boardId, req.params.noteId, req.body));
    });

    scope.delete<{ Params: { boardId: string; noteId: string } }>('/api/boards/:boardId/notes/:noteId/photo', async (req, reply) => {
      const actor = await requireActor(auth, req);
      checkIds(req.params);
      await photos.remove(actor, req.params.boardId, req.params.noteId);
      return reply.code(204).send();
    });
  });

  app.get<{ Params: { photoId: string; variant: string }; Querystring: { token?: string } }>('/api/photos/:photoId/:variant', async (req, reply) => {
    checkIds({ photoId: req.params.photoId });
    if (!(PhotoVariants as readonly string[]).includes(req.params.variant)) throw new HttpError('NOT_FOUND', 'A photo comes as thumb or full.');
    // An <img> cannot send a header: the token may come in the query string instead.
    const token = bearerToken(req.headers.authorization) ?? (typeof req.query.token === 'string' ? req.query.token : null);
    let actor: Actor | null = null;
    let authError = new HttpError('UNAUTHORIZED', 'A token is required: send Authorization: Bearer <token> or ?token=<token>.');
    if (token) {
      const r = await auth.authenticate(token);
      if (r.ok) actor = r.actor;
      else authError = new HttpError(r.error.code, r.error.message);
    }
    const photo = await photos.read(req.params.photoId, req.params.variant as PhotoVariant, actor, authError);
    return sendJpeg(reply, photo.bytes, photo.public);
  });
}

function sendJpeg(reply: FastifyReply, bytes: Uint8Array, isPublic: boolean) {
  return reply
    .header('Content-Type', 'image/jpeg')
    // A public photo stops being public when its concern is hidden or the results unpublished, so
    // shared caches must ask again each time; a participant's own browser may keep it a while.
    .header('Cache-Control', isPublic ? 'public, no-cache' : 'private, max-age=300')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'")
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
