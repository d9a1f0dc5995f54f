/**
 * The connections that bring concerns into the hall. On Yishi, an expert's Socket.IO connection
 * sending `note:add` (the ack comes after the commit); on the peers, which have no commands, a
 * Yjs client inserting the note map entry Yishi's `note:add` would write. Their acks: Yishi's
 * command ack; Hocuspocus's SyncStatus answer to the update; the reference server's echo of the
 * update to its writer (it has no ack of its own).
 */
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { writeNewNote } from '../shared/board-doc.ts';
import { markerText, type MarkerLog } from './markers.ts';
import { HallTablet, messageSyncStatus, type Wire } from './hall-tablet.ts';

export type AddResult = { ok: true } | { ok: false; code: string };

export interface Writer {
  readonly index: number;
  readonly open: boolean;
  /** Sends concern `id`; settles with its ack. */
  add(id: number): Promise<AddResult>;
  close(): void;
}

/** Counts refusals by code over a run, for the report. */
export type Refusals = Map<string, number>;

/** Sends concern `id` through `writer`, recording its ack or failure in `log`; false if it could not be sent. */
export function writeInto(writer: Writer, log: MarkerLog, id: number, refusals: Refusals): boolean {
  if (!writer.open) return false;
  writer.add(id).then(
    (r) => {
      if (r.ok) log.ack(id, performance.now());
      else {
        log.fail(id);
        refusals.set(r.code, (refusals.get(r.code) ?? 0) + 1);
      }
    },
    () => log.fail(id),
  );
  return true;
}

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

/** An expert's Socket.IO connection on Yishi. */
export class YishiWriter implements Writer {
  constructor(
    readonly index: number,
    private readonly socket: Socket,
    private readonly boardId: string,
  ) {}

  get open(): boolean {
    return this.socket.connected;
  }

  add(id: number): Promise<AddResult> {
    return new Promise((resolve) => {
      this.socket.timeout(60_000).emit('note:add', { boardId: this.boardId, text: markerText(id) }, (err: Error | null, ack: Ack) => {
        if (err) resolve({ ok: false, code: 'ACK_TIMEOUT' });
        else resolve(ack.ok ? { ok: true } : { ok: false, code: ack.error.code });
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** A Yjs client of a peer that inserts notes; its doc holds only its own notes (new keys depend on nothing else). */
export class PeerWriter implements Writer {
  private readonly doc = new Y.Doc();
  private tablet!: HallTablet;
  /** Hocuspocus answers every update with one SyncStatus, in order. */
  private readonly statusQueue: ((ok: boolean) => void)[] = [];
  /** …and the empty sync step 2 of our handshake too (it arrives after the sync). */
  private handshakeStatuses: number;
  /** The reference: our own markers coming back. */
  private readonly echoes = new Map<number, () => void>();
  private written = 0;

  private constructor(
    readonly index: number,
    private readonly wire: Wire,
  ) {
    this.handshakeStatuses = wire.dialect === 'hocuspocus' ? 1 : 0;
    this.doc.on('update', (update: Uint8Array) => this.tablet.send(this.wire.update(update)));
  }

  static async connect(index: number, url: string, wire: Wire): Promise<PeerWriter> {
    const w = new PeerWriter(index, wire);
    w.tablet = await HallTablet.connect({
      url,
      wire,
      index,
      timeoutMs: 30_000,
      onMarker: wire.dialect === 'hocuspocus' ? undefined : (_t, id) => {
        const done = w.echoes.get(id);
        if (done) {
          w.echoes.delete(id);
          done();
        }
      },
      onMessage: (_t, type, sub) => {
        if (type !== messageSyncStatus) return;
        if (w.handshakeStatuses > 0) w.handshakeStatuses--;
        else w.statusQueue.shift()?.(sub === 1);
      },
    });
    return w;
  }

  get open(): boolean {
    return this.tablet.open;
  }

  add(id: number): Promise<AddResult> {
    return new Promise((resolve) => {
      const i = this.written++;
      const note = {
        id: `bench-${this.doc.clientID}-${i}`, text: markerText(id), authorId: `bench-writer-${this.index}`,
        x: 40 + (i % 8) * 220, y: 40 + Math.floor(i / 8) * 160, clusterId: null, createdAt: Date.now(), color: 'yellow' as const,
      };
      if (this.wire.dialect === 'hocuspocus') this.statusQueue.push((ok) => resolve(ok ? { ok: true } : { ok: false, code: 'SYNC_STATUS_FALSE' }));
      else this.echoes.set(id, () => resolve({ ok: true }));
      // As Yishi's note:add does: one transaction, the same fields in the same order.
      this.doc.transact(() => writeNewNote(this.doc, note));
    });
  }

  close(): void {
    this.tablet.close();
    this.doc.destroy();
  }
}
