/**
 * Which write reached which receiver when. Each write moves its note to x = writeId (a positive
 * integer unique in the run) and y = -writeId, so the ids in a relayed update are its positive
 * ContentAny values. Receivers of one broadcast get the same bytes: each distinct frame is
 * decoded once (Yishi merges a batch into one frame, and senders get a frame without their own).
 */
import * as Y from 'yjs';

interface WriteRecord {
  writer: number;
  sentAt: number;
  measured: boolean;
  seen: Uint8Array;
  count: number;
}

export interface DeliveryStats {
  /** Writes sent in the measured window. */
  writes: number;
  /** Deliveries of those writes to receivers other than the writer. */
  deliveries: number;
  /** writes × (clients − 1) − deliveries, after the drain. */
  missing: number;
  p50: number;
  p99: number;
  max: number;
  /** Deliveries (of any write) that arrived while `counting` was on: the CPU denominator. */
  countedDeliveries: number;
  duplicates: number;
  echoes: number;
  unknownIds: number;
}

export class DeliveryLog {
  /** Writes begun while this is on are measured. */
  measuring = false;
  /** Deliveries arriving while this is on are counted (the server CPU window). */
  counting = false;
  private readonly writes: (WriteRecord | undefined)[] = [undefined];
  private readonly idsByFrame = new Map<string, number[]>();
  private latencies: number[] = [];
  private countedDeliveries = 0;
  private duplicates = 0;
  private echoes = 0;
  private unknownIds = 0;
  private measuredWrites = 0;
  private incompleteMeasured = 0;

  constructor(private readonly clients: number) {}

  /** Registers a write by `writer` about to be sent; returns its id (the x it writes). */
  begin(writer: number, at: number): number {
    const id = this.writes.length;
    this.writes.push({ writer, sentAt: at, measured: this.measuring, seen: new Uint8Array(this.clients), count: 0 });
    if (this.measuring) {
      this.measuredWrites++;
      this.incompleteMeasured++;
    }
    return id;
  }

  /** A write that could not be sent (its client is gone): forget it. */
  abandon(id: number): void {
    const w = this.writes[id];
    if (!w) return;
    if (w.measured) {
      this.measuredWrites--;
      this.incompleteMeasured--;
    }
    this.writes[id] = undefined;
  }

  receive(receiver: number, update: Uint8Array, at: number): void {
    for (const id of this.idsIn(update)) {
      const w = this.writes[id];
      if (!w) {
        this.unknownIds++;
        continue;
      }
      if (w.writer === receiver) {
        this.echoes++;
        continue;
      }
      if (w.seen[receiver]) {
        this.duplicates++;
        continue;
      }
      w.seen[receiver] = 1;
      w.count++;
      if (this.counting) this.countedDeliveries++;
      if (w.measured) {
        this.latencies.push(at - w.sentAt);
        if (w.count === this.clients - 1) this.incompleteMeasured--;
      }
    }
  }

  /** Measured writes some receiver has not seen yet. */
  get pendingMeasured(): number {
    return this.incompleteMeasured;
  }

  stats(): DeliveryStats {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
    return {
      writes: this.measuredWrites,
      deliveries: sorted.length,
      missing: this.measuredWrites * (this.clients - 1) - sorted.length,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
      countedDeliveries: this.countedDeliveries,
      duplicates: this.duplicates,
      echoes: this.echoes,
      unknownIds: this.unknownIds,
    };
  }

  private idsIn(update: Uint8Array): number[] {
    const key = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1');
    let ids = this.idsByFrame.get(key);
    if (!ids) {
      ids = [];
      for (const s of Y.decodeUpdate(update).structs) {
        if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny)) continue;
        for (const v of s.content.arr) if (typeof v === 'number' && Number.isInteger(v) && v > 0) ids.push(v);
      }
      if (this.idsByFrame.size >= 10_000) this.idsByFrame.clear();
      this.idsByFrame.set(key, ids);
    }
    return ids;
  }
}
