/**
 * Inflates a small raw DEFLATE message (RFC 1951) made only of stored and fixed-Huffman blocks,
 * which is what zlib makes of a short message: a browser's awareness renewal, a sync step 1.
 * Every such message a tablet sends is compressed once permessage-deflate is agreed, and
 * `zlib.inflateRawSync` costs 35–40 µs each in the server (a zlib stream and its native state
 * made and freed per call), against a few µs here. A message with a dynamic-Huffman block (what
 * zlib makes of longer ones) is left to zlib: `inflateSmall` returns null for it.
 *
 * Written from RFC 1951 §3.2; the tests compare it with zlib on many messages.
 */

/** The message does not inflate (bad block type, code, distance or length check). */
export class InflateError extends Error {}
/** The message inflates past the limit given. */
export class InflateTooLargeError extends Error {}

// Lengths (symbols 257–285) and distances (codes 0–29): base value and extra bits (RFC 1951 §3.2.5).
const lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** Reverses the low `len` bits of `code` (Huffman codes are packed most significant bit first). */
function reverse(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) r = (r << 1) | ((code >> i) & 1);
  return r;
}

/**
 * The fixed literal/length code (RFC 1951 §3.2.6) by the next 9 input bits, least significant
 * first: symbol | code length << 9.
 */
const fixedLiterals = (() => {
  const t = new Uint16Array(512);
  const put = (sym: number, code: number, len: number) => {
    const r = reverse(code, len);
    for (let hi = 0; hi < 1 << (9 - len); hi++) t[r | (hi << len)] = sym | (len << 9);
  };
  for (let s = 0; s <= 143; s++) put(s, 0b00110000 + s, 8);
  for (let s = 144; s <= 255; s++) put(s, 0b110010000 + s - 144, 9);
  for (let s = 256; s <= 279; s++) put(s, s - 256, 7);
  for (let s = 280; s <= 287; s++) put(s, 0b11000000 + s - 280, 8);
  return t;
})();
/** The fixed distance codes are 5 bits: the code by the next 5 input bits. */
const fixedDistances = Uint8Array.from({ length: 32 }, (_, i) => reverse(i, 5));

/**
 * The bytes `input` inflates to, or null when it holds a dynamic-Huffman block. The input is a
 * whole message that ends at a block boundary (permessage-deflate: the sender's last four
 * bytes, 00 00 ff ff, added back). Throws InflateError for input that does not inflate, and
 * InflateTooLargeError as soon as the output would pass `maxOutput` bytes.
 */
export function inflateSmall(input: Uint8Array, maxOutput: number): Uint8Array | null {
  const end = input.length;
  // From the shared pool for small sizes: a fresh typed array per message costs more than the inflating.
  let out: Uint8Array = Buffer.allocUnsafe(Math.min(maxOutput, Math.max(64, end * 4)));
  let n = 0;
  let pos = 0; // next input byte
  let bits = 0; // bit buffer, least significant bit first
  let count = 0; // bits in it, including zeros read past the end (`over`)
  let over = 0;
  /** Fills the buffer to at least k bits; past the end with zeros, which must not be consumed. */
  const fill = (k: number) => {
    while (count < k) {
      if (pos < end) bits |= input[pos++]! << count;
      else over += 8;
      count += 8;
    }
  };
  const drop = (k: number) => {
    bits >>>= k;
    count -= k;
    if (count < over) throw new InflateError('the message ends inside a block');
  };
  const take = (k: number) => {
    fill(k);
    const v = bits & ((1 << k) - 1);
    drop(k);
    return v;
  };
  const room = (k: number) => {
    if (n + k <= out.length) return;
    if (n + k > maxOutput) throw new InflateTooLargeError(`the message inflates past ${maxOutput} bytes`);
    const grown = Buffer.allocUnsafe(Math.min(maxOutput, Math.max(2 * out.length, n + k)));
    grown.set(out.subarray(0, n));
    out = grown;
  };

  for (;;) {
    // A message ends after a block, with at most the padding of its last byte left.
    if (pos >= end && count - over < 8) break;
    const final = take(1);
    const type = take(2);
    if (type === 0) {
      // Stored: the rest of this byte is padding, then LEN and its complement, then LEN bytes.
      if (over > 0 || pos + 4 > end) throw new InflateError('the message ends inside a stored block header');
      bits = 0;
      count = 0;
      const len = input[pos]! | (input[pos + 1]! << 8);
      const nlen = input[pos + 2]! | (input[pos + 3]! << 8);
      if ((len ^ 0xffff) !== nlen) throw new InflateError('a stored block length does not match its complement');
      pos += 4;
      if (pos + len > end) throw new InflateError('the message ends inside a stored block');
      room(len);
      out.set(input.subarray(pos, pos + len), n);
      n += len;
      pos += len;
    } else if (type === 1) {
      for (;;) {
        fill(9);
        const entry = fixedLiterals[bits & 511]!;
        drop(entry >> 9);
        const sym = entry & 511;
        if (sym < 256) {
          if (n === out.length) room(1);
          out[n++] = sym;
          continue;
        }
        if (sym === 256) break;
        if (sym > 285) throw new InflateError(`length symbol ${sym} does not exist`);
        const len = lengthBase[sym - 257]! + take(lengthExtra[sym - 257]!);
        const d = fixedDistances[take(5)]!;
        if (d > 29) throw new InflateError(`distance code ${d} does not exist`);
        const dist = distBase[d]! + take(distExtra[d]!);
        // No context is taken over between messages: a distance reaches only into this one.
        if (dist > n) throw new InflateError('a distance reaches before the message');
        room(len);
        // A run of one byte (what a bomb of zeros is made of) is a fill; a copy that does not overlap itself, one move.
        if (dist === 1) out.fill(out[n - 1]!, n, n + len);
        else if (dist >= len) out.copyWithin(n, n - dist, n - dist + len);
        else for (let i = 0; i < len; i++) out[n + i] = out[n + i - dist]!;
        n += len;
      }
    } else if (type === 2) {
      return null;
    } else {
      throw new InflateError('block type 3 does not exist');
    }
    if (final) break;
  }
  return out.subarray(0, n);
}
