/**
 * Well-formed Unicode text: no unpaired UTF-16 surrogate (U+D800–U+DFFF alone). JavaScript
 * strings may hold one, but UTF-8 cannot: SQLite, Yjs and every JSON encoder on the way turn it
 * into U+FFFD, so what a person wrote would silently change. The server refuses such text; the
 * client never cuts a pair in two.
 */

/** A high (leading) surrogate code unit. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A low (trailing) surrogate code unit. */
export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Index of the first unpaired surrogate in `s`, or -1 when `s` is well-formed. */
export function loneSurrogateAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isHighSurrogate(c)) {
      if (i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++;
      else return i;
    } else if (isLowSurrogate(c)) return i;
  }
  return -1;
}

/** Whether cutting `s` at `index` (code units) would split a surrogate pair. */
export function splitsPair(s: string, index: number): boolean {
  return index > 0 && index < s.length && isHighSurrogate(s.charCodeAt(index - 1)) && isLowSurrogate(s.charCodeAt(index));
}

/** `s` cut to at most `max` code units without splitting a surrogate pair (one unit shorter if it would). */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const at = Math.max(0, max);
  return s.slice(0, splitsPair(s, at) ? at - 1 : at);
}
