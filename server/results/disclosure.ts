/**
 * A session's disclosure state: whether its results are published, and its escalation code.
 * The row is made on first use, so sessions created before this feature get one too.
 */
import { randomInt } from 'node:crypto';
import { JoinCodeAlphabet } from '../../shared/join-code.ts';
import type { DisclosureRow, SessionRow, Storage } from '../storage/storage.ts';

/** Length of an escalation code (25^10 ≈ 9.5e13 codes: typed rarely, guessed never). */
export const EscalationCodeLength = 10;

/** A random escalation code from the look-alike-free join-code alphabet. */
export function newEscalationCode(): string {
  let code = '';
  for (let i = 0; i < EscalationCodeLength; i++) code += JoinCodeAlphabet[randomInt(JoinCodeAlphabet.length)];
  return code;
}

/** The session's disclosure row, created (unpublished, with a fresh escalation code) when missing. */
export async function ensureDisclosure(storage: Storage, sessionId: string): Promise<DisclosureRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await storage.getDisclosure(sessionId);
    if (found) return found;
    // Does nothing if a concurrent request made the row first, or if the code is taken: read again.
    await storage.commit([{ op: 'disclosure.ensure', row: { sessionId, escalationCode: newEscalationCode(), publishedAt: null } }]);
  }
  throw new Error(`could not create the disclosure row of session ${sessionId}`);
}

/** The session and its disclosure when the session exists and is published; null otherwise. */
export async function publishedSession(storage: Storage, sessionId: string): Promise<{ session: SessionRow; disclosure: DisclosureRow & { publishedAt: number } } | null> {
  if (sessionId.length === 0 || sessionId.length > 64) return null;
  const disclosure = await storage.getDisclosure(sessionId);
  if (!disclosure || disclosure.publishedAt === null) return null;
  const session = await storage.getSession(sessionId);
  return session ? { session, disclosure: { ...disclosure, publishedAt: disclosure.publishedAt } } : null;
}

/** The public results page of a session, under `base` (PUBLIC_URL or the server's address). */
export function publicResultsUrl(base: string, sessionId: string): string {
  return `${base}/r/${encodeURIComponent(sessionId)}`;
}
