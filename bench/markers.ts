/**
 * Concern markers: each concern the hall benchmark writes carries a unique token `#yc<id>#` in
 * its text. Yjs writes a map value's string as UTF-8 into the update, and merging updates
 * copies it, so a tablet finds the token in the raw bytes it receives without decoding Yjs
 * (`checkMarkerEncoding` proves it at startup for the frames Yishi sends). The scanner carries a
 * token cut by a chunk boundary over to the next chunk.
 */
import * as Y from 'yjs';
import { writeNewNote } from '../shared/board-doc.ts';
import type { NoteFields } from '../shared/board-schema.ts';

const prefix = Buffer.from('#yc', 'latin1');
const hash = 0x23;
/** Prefix, up to 15 digits, the closing '#'. */
const maxMarkerBytes = prefix.length + 15 + 1;

/** The text of concern `id`: the marker inside ordinary words, as a person's concern would read. */
export function markerText(id: number): string {
  return `The lift on the north side #yc${id}# stops between floors`;
}

/** Finds markers in a byte stream fed chunk by chunk (one scanner per stream). */
export class MarkerScanner {
  private carry: Buffer | null = null;

  scan(chunk: Buffer, onId: (id: number) => void): void {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let consumed = 0;
    let i = buf.indexOf(prefix);
    while (i !== -1) {
      let j = i + prefix.length;
      let id = 0;
      while (j < buf.length && buf[j]! >= 0x30 && buf[j]! <= 0x39) id = id * 10 + (buf[j++]! - 0x30);
      if (j === buf.length) {
        // Cut by the chunk end: finish it with the next chunk.
        if (j - i < maxMarkerBytes) this.carry = Buffer.from(buf.subarray(i));
        return;
      }
      if (buf[j] === hash && j > i + prefix.length) {
        onId(id);
        consumed = j + 1;
      }
      i = buf.indexOf(prefix, j);
    }
    // The chunk may end inside the prefix itself.
    for (let k = Math.min(prefix.length - 1, buf.length - consumed); k > 0; k--) {
      if (buf.subarray(buf.length - k).equals(prefix.subarray(0, k))) {
        this.carry = Buffer.from(buf.subarray(buf.length - k));
        return;
      }
    }
  }
}

/** A latency histogram in 0.1 ms buckets up to 60 s (exact values kept above that). */
export class Histogram {
  private static readonly bucketMs = 0.1;
  private readonly buckets = new Uint32Array(600_000);
  private readonly over: number[] = [];
  count = 0;
  max = 0;

  add(ms: number): void {
    const b = Math.floor(Math.max(0, ms) / Histogram.bucketMs);
    if (b < this.buckets.length) this.buckets[b]!++;
    else this.over.push(ms);
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The q-quantile, to the bucket's upper edge (so never optimistic); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < this.buckets.length; b++) {
      seen += this.buckets[b]!;
      if (seen >= rank) return Math.min(this.max, (b + 1) * Histogram.bucketMs);
    }
    const over = [...this.over].sort((a, b) => a - b);
    return over[rank - seen - 1] ?? this.max;
  }
}

interface WriteRecord {
  sentAt: number;
  measured: boolean;
  /** Per tablet, whether it has the concern (measured writes only). */
  seen: Uint8Array | null;
  count: number;
  done: boolean;
  acked: boolean;
  failed: boolean;
}

export interface MarkerStats {
  /** Concerns sent in the measured window. */
  writes: number;
  /** Of those, refused or not sendable (a failed ack, a closed writer). */
  failed: number;
  /** writes × tablets. */
  expected: number;
  deliveries: number;
  /** deliveries / expected, in %. */
  deliveredPct: number;
  p50: number;
  p99: number;
  max: number;
  acks: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  duplicates: number;
  /** Markers of concerns this log does not know (earlier steps, seeding, or garbage). */
  unknown: number;
}

/**
 * Which concern reached which tablet when, for one measured step. Ids are handed out from
 * `firstId` on; a write begun while `measuring` is on is measured: its latency to each tablet
 * and its ack latency are recorded, and a tablet that never sees it counts as not delivered.
 */
export class MarkerLog {
  measuring = false;
  private readonly writes: WriteRecord[] = [];
  private readonly latency = new Histogram();
  private readonly ackLatency = new Histogram();
  private measuredWrites = 0;
  private failedMeasured = 0;
  private incomplete = 0;
  private duplicates = 0;
  private unknown = 0;

  constructor(
    private readonly tablets: number,
    readonly firstId: number,
  ) {}

  /** The next id to hand out after this log. */
  get nextId(): number {
    return this.firstId + this.writes.length;
  }

  /** Registers a concern about to be sent; returns its id. */
  begin(at: number): number {
    const measured = this.measuring;
    this.writes.push({ sentAt: at, measured, seen: measured ? new Uint8Array(this.tablets) : null, count: 0, done: false, acked: false, failed: false });
    if (measured) {
      this.measuredWrites++;
      this.incomplete++;
    }
    return this.nextId - 1;
  }

  /** The concern was refused or could not be sent: it will never arrive. */
  fail(id: number): void {
    const w = this.writes[id - this.firstId];
    if (!w || w.failed) return;
    w.failed = true;
    if (w.measured) {
      this.failedMeasured++;
      if (!w.done) {
        w.done = true;
        this.incomplete--;
      }
    }
  }

  ack(id: number, at: number): void {
    const w = this.writes[id - this.firstId];
    if (!w || w.acked || w.failed) return;
    w.acked = true;
    if (w.measured) this.ackLatency.add(at - w.sentAt);
  }

  deliver(tablet: number, id: number, at: number): void {
    const w = this.writes[id - this.firstId];
    if (!w) {
      this.unknown++;
      return;
    }
    if (!w.seen) return;
    if (w.seen[tablet]) {
      this.duplicates++;
      return;
    }
    w.seen[tablet] = 1;
    w.count++;
    this.latency.add(at - w.sentAt);
    if (w.count === this.tablets && !w.done) {
      w.done = true;
      this.incomplete--;
    }
  }

  /** Measured concerns some tablet still lacks. */
  get pending(): number {
    return this.incomplete;
  }

  /** Measured concerns neither acked nor failed. */
  get unacked(): number {
    return this.writes.filter((w) => w.measured && !w.acked && !w.failed).length;
  }

  stats(): MarkerStats {
    const expected = this.measuredWrites * this.tablets;
    return {
      writes: this.measuredWrites,
      failed: this.failedMeasured,
      expected,
      deliveries: this.latency.count,
      deliveredPct: expected === 0 ? NaN : (100 * this.latency.count) / expected,
      p50: this.latency.quantile(0.5),
      p99: this.latency.quantile(0.99),
      max: this.latency.count === 0 ? NaN : this.latency.max,
      acks: this.ackLatency.count,
      ackP50: this.ackLatency.quantile(0.5),
      ackP99: this.ackLatency.quantile(0.99),
      ackMax: this.ackLatency.count === 0 ? NaN : this.ackLatency.max,
      duplicates: this.duplicates,
      unknown: this.unknown,
    };
  }
}

function note(id: number, i: number): NoteFields {
  return { id: `bench-note-${id}`, text: markerText(id), authorId: 'bench-expert', x: 40 + (i % 8) * 220, y: 40 + Math.floor(i / 8) * 160, clusterId: null, createdAt: 1_760_000_000_000 + i, color: 'yellow' };
}

function idsIn(bytes: Uint8Array, cut: number[] = []): number[] {
  const found: number[] = [];
  const scanner = new MarkerScanner();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const c of [...cut, buf.length]) {
    scanner.scan(buf.subarray(at, c), (id) => found.push(id));
    at = c;
  }
  return found;
}

/**
 * Proves at startup what the tablets rely on: the markers of notes written as Yishi writes them
 * (`writeNewNote`, one transaction per command) are found verbatim in each update, in a batch
 * merged into one frame (`Y.mergeUpdates`, as the fan-out does), in a full-state encoding (a
 * join's sync step 2), and however the byte stream is cut into chunks.
 */
export function checkMarkerEncoding(): void {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const ids = [1, 9, 10, 99, 123456, 7, 4_000_000_001];
  ids.forEach((id, i) => doc.transact(() => writeNewNote(doc, note(id, i))));
  const same = (got: number[], want: number[], what: string) => {
    if (got.length !== want.length || got.some((v, i) => v !== want[i])) throw new Error(`marker check (${what}): found [${got.join(',')}], expected [${want.join(',')}]`);
  };
  updates.forEach((u, i) => same(idsIn(u), [ids[i]!], `update ${i}`));
  const merged = Y.mergeUpdates(updates.slice(1, 5));
  same(idsIn(merged).sort((a, b) => a - b), ids.slice(1, 5).sort((a, b) => a - b), 'merged batch');
  const full = Y.encodeStateAsUpdate(doc);
  same(idsIn(full).sort((a, b) => a - b), [...ids].sort((a, b) => a - b), 'full state');
  // Every cut of the merged frame, at every byte, still yields each marker exactly once.
  for (let c = 1; c < merged.length; c++) same(idsIn(merged, [c]).sort((a, b) => a - b), ids.slice(1, 5).sort((a, b) => a - b), `merged cut at ${c}`);
  doc.destroy();
}
