/**
 * Bearer tokens: `v1.<participantId>.<tokenVersion>.<expiresAtSeconds>.<hmac>`, signed with
 * SECRET. The signature proves we issued it; the participant row decides whether it still
 * counts (revoked participants and bumped token versions are refused).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  participantId: string;
  tokenVersion: number;
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Issues a token for a participant. */
export function issueToken(secret: string, participantId: string, tokenVersion: number, expiresAtMs: number): string {
  const payload = `${participantId}.${tokenVersion}.${Math.floor(expiresAtMs / 1000)}`;
  return `v1.${payload}.${sign(secret, payload)}`;
}

/** Checks a token's shape, signature and expiry (not revocation: that needs storage). */
export function verifyToken(secret: string, token: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') return { ok: false, reason: 'malformed' };
  const [, participantId, version, expires, mac] = parts as [string, string, string, string, string];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(participantId) || !/^\d{1,9}$/.test(version) || !/^\d{1,12}$/.test(expires)) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(sign(secret, `${participantId}.${version}.${expires}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  const expiresAt = Number(expires) * 1000;
  if (expiresAt <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { participantId, tokenVersion: Number(version), expiresAt } };
}
