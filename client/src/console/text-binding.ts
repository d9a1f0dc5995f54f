/**
 * Binding a plain text field to a shared Y.Text without breaking Chinese input: a field's edits
 * become the smallest splice, applied where the shared text now has the same spot (remote edits
 * may have landed meanwhile), and remote edits move the caret instead of resetting it. While an
 * IME composition is open nothing is written to or read into the field (see YTextField).
 */

/** One contiguous change: at `index`, `remove` characters were replaced by `insert`. */
export interface Splice {
  index: number;
  remove: number;
  insert: string;
}

/** The smallest single splice that turns `before` into `after` (UTF-16 indices, as fields use). */
export function diffText(before: string, after: string): Splice {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Never split a surrogate pair.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  return { index: start, remove: endB - start, insert: after.slice(start, endA) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Moves a local splice made against `base` onto text where `remote` was applied to `base`
 * since: positions after the remote change shift by its length difference; a local splice
 * overlapping the remote one is clipped to what is still there.
 */
export function rebaseSplice(local: Splice, remote: Splice): Splice {
  if (remote.remove === 0 && remote.insert.length === 0) return local;
  const localEnd = local.index + local.remove;
  const remoteEnd = remote.index + remote.remove;
  const delta = remote.insert.length - remote.remove;
  if (localEnd <= remote.index) return local;
  if (local.index >= remoteEnd) return { ...local, index: local.index + delta };
  // The local edit replaced a region that holds the whole remote edit: it replaces that too.
  if (local.index <= remote.index && localEnd >= remoteEnd) {
    return { index: local.index, remove: local.remove - remote.remove + remote.insert.length, insert: local.insert };
  }
  // Partial overlap: remove only what is left of the local range, never the remote insert.
  const start = local.index <= remote.index ? local.index : remote.index + remote.insert.length;
  const end = localEnd >= remoteEnd ? localEnd + delta : remote.index;
  return { index: start, remove: Math.max(0, end - start), insert: local.insert };
}

/** Where a caret at `caret` ends up after `remote` changed the text. */
export function moveCaret(caret: number, remote: Splice): number {
  if (caret <= remote.index) return caret;
  if (caret >= remote.index + remote.remove) return caret + remote.insert.length - remote.remove;
  return remote.index + remote.insert.length;
}
