import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { InflateError, InflateTooLargeError, inflateSmall } from './small-inflate.ts';

/** A message as a permessage-deflate sender makes it, with the four bytes it drops added back (what the inflater is given). */
function message(payload: Uint8Array, options: zlib.ZlibOptions = {}): Uint8Array {
  return zlib.deflateRawSync(payload, { ...options, finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

/** A deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function payloads(): Uint8Array[] {
  const r = rng(7);
  const out: Uint8Array[] = [new Uint8Array(0), new Uint8Array([0]), new Uint8Array([0, 0, 1, 0])];
  const json = JSON.stringify({ user: { name: 'Resident 许', color: '#ff8800' }, cursor: { x: 12, y: 900 }, outbox: 0 });
  out.push(new TextEncoder().encode(json), new TextEncoder().encode(json.repeat(40)));
  for (let i = 0; i < 300; i++) {
    const n = Math.floor(r() * 3000);
    const alphabet = 1 + Math.floor(r() * 255);
    // Random bytes over a small or large alphabet, with repeats at random distances.
    const p = new Uint8Array(n);
    for (let j = 0; j < n; j++) p[j] = j > 8 && r() < 0.5 ? p[j - 1 - Math.floor(r() * Math.min(j - 1, 300))]! : Math.floor(r() * alphabet);
    out.push(p);
  }
  return out;
}

describe('inflateSmall', () => {
  it('inflates what zlib makes with fixed-Huffman blocks (its strategy for short messages) exactly as zlib does', () => {
    for (const p of payloads()) {
      for (const level of [1, 6, 9]) {
        const m = message(p, { level, strategy: zlib.constants.Z_FIXED });
        const got = inflateSmall(m, 1 << 20);
        expect(got, `${p.length} bytes at level ${level}`).not.toBeNull();
        expect(Buffer.from(got!).equals(Buffer.from(p)), `${p.length} bytes at level ${level}`).toBe(true);
      }
    }
  });

  it('inflates stored blocks (level 0), and messages of several blocks', () => {
    for (const p of payloads().slice(0, 60)) {
      expect(Buffer.from(inflateSmall(message(p, { level: 0 }), 1 << 20)!).equals(Buffer.from(p))).toBe(true);
    }
    // Two messages' blocks back to back: a stored block, then fixed Huffman.
    const a = new TextEncoder().encode('first part ');
    const b = new TextEncoder().encode('second part second part');
    const both = Buffer.concat([message(a, { level: 0 }), message(b, { strategy: zlib.constants.Z_FIXED })]);
    expect(new TextDecoder().decode(inflateSmall(both, 1000)!)).toBe('first part second part second part');
  });

  it('with the default strategy: either the same bytes, or null where zlib chose a dynamic block', () => {
    let dynamic = 0;
    for (const p of payloads()) {
      const got = inflateSmall(message(p), 1 << 20);
      if (got === null) dynamic++;
      else expect(Buffer.from(got).equals(Buffer.from(p))).toBe(true);
    }
    // Both kinds occur in this set: the fallback is exercised, and so is the fast path.
    expect(dynamic).toBeGreaterThan(0);
    expect(dynamic).toBeLessThan(payloads().length);
  });

  it('a message after a final block: what follows is ignored, as zlib does', () => {
    const p = new TextEncoder().encode('hello hello hello');
    const finished = zlib.deflateRawSync(p, { strategy: zlib.constants.Z_FIXED });
    expect(new TextDecoder().decode(inflateSmall(Buffer.concat([finished, Buffer.from([0, 0, 0xff, 0xff])]), 100)!)).toBe('hello hello hello');
  });

  it('stops at the limit: InflateTooLargeError as soon as the output would pass it, whatever the ratio', () => {
    const zeros = message(new Uint8Array(100_000), { strategy: zlib.constants.Z_FIXED });
    expect(zeros.length).toBeLessThan(1000);
    expect(() => inflateSmall(zeros, 99_999)).toThrow(InflateTooLargeError);
    expect(inflateSmall(zeros, 100_000)!.length).toBe(100_000);
    expect(() => inflateSmall(message(new Uint8Array(500), { level: 0 }), 499)).toThrow(InflateTooLargeError);
  });

  it('refuses what does not inflate: a reserved block type, a bad stored length, a distance before the message, a truncated block', () => {
    expect(() => inflateSmall(new Uint8Array([0x07]), 100)).toThrow(InflateError); // BFINAL 1, type 3
    expect(() => inflateSmall(new Uint8Array([0x00, 5, 0, 0, 0]), 100)).toThrow(/complement/);
    // BFINAL 1, fixed Huffman (01), then length symbol 257 (0000001, most significant bit first)
    // and distance code 0 (00000): a copy of 3 bytes from 1 back, with nothing written yet.
    expect(() => inflateSmall(new Uint8Array([0b00000011, 0b00000010, 0]), 100)).toThrow(/before the message/);
    const m = message(new TextEncoder().encode('a message cut short, a message cut short'), { strategy: zlib.constants.Z_FIXED });
    expect(() => inflateSmall(m.subarray(0, 6), 100)).toThrow(InflateError);
  });

  it('corrupted messages: never a crash or a hang; a result is never longer than the limit', () => {
    const r = rng(11);
    for (const p of payloads().slice(0, 100)) {
      const m = Buffer.from(message(p, { strategy: zlib.constants.Z_FIXED }));
      for (let k = 0; k < 5; k++) {
        const bad = Buffer.from(m);
        const at = Math.floor(r() * bad.length);
        bad[at] = bad[at]! ^ (1 << Math.floor(r() * 8));
        try {
          const got = inflateSmall(bad, 4096);
          if (got) expect(got.length).toBeLessThanOrEqual(4096);
        } catch (err) {
          expect(err instanceof InflateError || err instanceof InflateTooLargeError).toBe(true);
        }
      }
    }
  });
});
