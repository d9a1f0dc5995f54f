/** Random identifiers and codes. Ids are opaque; codes are typed by people. */
import { randomBytes, randomFillSync, randomInt } from 'node:crypto';
import { JoinCodeAlphabet, JoinCodeLength } from '../shared/join-code.ts';

const idBytes = 16;
/** Random bytes for 256 ids, drawn at once: one CSPRNG call per id cost ~70 µs a command. */
const idPool = Buffer.alloc(idBytes * 256);
let idOffset = idPool.length;

/** A 128-bit random id, URL-safe (22 characters). */
export function newId(): string {
  if (idOffset === idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  const id = idPool.toString('base64url', idOffset, idOffset + idBytes);
  // Each id's bytes are used once.
  idPool.fill(0, idOffset, idOffset + idBytes);
  idOffset += idBytes;
  return id;
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
