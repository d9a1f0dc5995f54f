/** Join codes: short, spoken aloud and typed on phones, so no look-alike characters. */

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const JoinCodeAlphabet = 'ACDEFGHJKMNPQRTUVWXY34679';

/** Length of a join code. */
export const JoinCodeLength = 8;

/** Normalises what a person typed: case-insensitive, spaces and dashes ignored. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Formats a code for display as two groups of four (e.g. `ACDE-FGHJ`). */
export function formatJoinCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}
