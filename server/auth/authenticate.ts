/** Turns a bearer token into an Actor, checking signature, expiry and revocation. */
import type { Actor } from '../../shared/roles.ts';
import { wireError, type WireError } from '../../shared/errors.ts';
import type { ParticipantRow, Storage } from '../storage/storage.ts';
import { verifyToken } from './tokens.ts';

export type AuthResult = { ok: true; actor: Actor; participant: ParticipantRow } | { ok: false; error: WireError };

const messages = {
  missing: 'A token is required: send Authorization: Bearer <token>.',
  malformed: 'The token is malformed.',
  signature: 'The token was not issued by this server.',
  expired: 'The token has expired; join again.',
  revoked: 'This participant was removed from the session.',
  stale: 'The token was replaced by a newer one.',
  unknown: 'The token names a participant that does not exist.',
} as const;

export class Authenticator {
  constructor(
    private readonly storage: Storage,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(token: string | null | undefined): Promise<AuthResult> {
    if (typeof token !== 'string' || token.length === 0) return { ok: false, error: wireError('UNAUTHORIZED', messages.missing) };
    if (token.length > 512) return { ok: false, error: wireError('UNAUTHORIZED', messages.malformed) };
    const check = verifyToken(this.secret, token, this.now());
    if (!check.ok) return { ok: false, error: wireError('UNAUTHORIZED', messages[check.reason]) };
    const participant = await this.storage.getParticipant(check.claims.participantId);
    if (!participant) return { ok: false, error: wireError('UNAUTHORIZED', messages.unknown) };
    if (participant.revoked) return { ok: false, error: wireError('UNAUTHORIZED', messages.revoked) };
    if (participant.tokenVersion !== check.claims.tokenVersion) return { ok: false, error: wireError('UNAUTHORIZED', messages.stale) };
    return {
      ok: true,
      participant,
      actor: { participantId: participant.id, sessionId: participant.sessionId, role: participant.role, name: participant.name },
    };
  }
}

/** Extracts the token from an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
