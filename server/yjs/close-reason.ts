/**
 * WebSocket close reasons: a close frame carries at most 123 bytes of reason (RFC 6455 §5.5)
 * and `ws` throws on a longer one. Reasons can quote what a client sent (a field name in a
 * refused update), so every reason the Yjs endpoint sends goes through here.
 */

/** Bytes a reason may take; a little under the frame's 123 so no reason sits at the edge. */
const MaxReasonBytes = 120;

const encoder = new TextEncoder();

/** `text` on one line, whole if it fits in 120 bytes of UTF-8, else cut between characters with "...". */
export function closeReason(text: string): string {
  // Control characters would break the reason (and log lines quoting it) over several lines.
  const line = text.replace(/\p{Cc}/gu, '?');
  if (encoder.encode(line).length <= MaxReasonBytes) return line;
  let out = '';
  let bytes = 0;
  for (const ch of line) {
    // A lone surrogate encodes as U+FFFD (3 bytes), which encode() counts as such.
    const n = encoder.encode(ch).length;
    if (bytes + n > MaxReasonBytes - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}...`;
}
