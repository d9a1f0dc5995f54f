/** Random identifiers and codes. Ids are opaque; codes are typed by people. */
import { randomBytes, randomInt } from 'node:crypto';
import { JoinCodeAlphabet, JoinCodeLength } from '../shared/join-code.ts';

/** A 128-bit random id, URL-safe (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A join code from the look-alike-free alphabet (25^8 ≈ 1.5e11 codes). */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JoinCodeLength; i++) code += JoinCodeAlphabet[randomInt(JoinCodeAlphabet.length)];
  return code;
}

/** An invite code: long, unguessable, carried in a link rather than typed. */
export function newInviteCode(): string {
  return randomBytes(18).toString('base64url');
}
