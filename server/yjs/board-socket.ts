/**
 * One board connection (a tablet's, a screen's or a console's y-websocket) as the endpoint
 * serves it: what it sends before its board is ready, its liveness marks, its rate buckets, and
 * every frame in and out once its board is. All of it is one object and the socket's listeners
 * are functions shared by every connection, which find it on the socket: an idle hall holds a
 * thousand of these for hours, and a closure per listener and per callback cost about a
 * kilobyte a tablet (issue 16 counts the bytes).
 */
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCodes } from '../../shared/errors.ts';
import { isModerator, type Actor } from '../../shared/roles.ts';
import { readSettings } from '../../shared/board-doc.ts';
import type { Presence } from '../presence/presence.ts';
import type { LiveConnections } from '../realtime/live-connections.ts';
import { newId } from '../ids.ts';
import type { BoardRoom } from './board-room.ts';
import { RoomFailedError } from './board-authority.ts';
import type { RoomConnection } from './board-fanout.ts';
import { decodeMessage, isNewClient, stateVectorEntries } from './protocol-frames.ts';
import { ConnectionLimiter, MaxStateVectorEntries, maxAwarenessEntriesFor } from './frame-limits.ts';
import { closeReason } from './close-reason.ts';
import type { LiveSocket, SocketLiveness } from './socket-liveness.ts';
import { sharedBinaryFrame } from './websocket-wire.ts';
import { adoptDeflate, deflatedBinaryFrame, MinDeflatedOwnPayload, MinDeflatedPayload } from './websocket-deflate.ts';

/** What every board connection of one endpoint shares. */
export interface BoardSocketContext {
  liveness: SocketLiveness<BoardSocket>;
  live: LiveConnections;
  presence: Presence;
  log: FastifyBaseLogger;
  serverId: string;
  /** Frames and bytes a connection may send before its board is ready (then close 4413). */
  maxEarlyFrames: number;
  maxEarlyBytes: number;
  /** The largest message, compressed or once inflated (close 1009). */
  maxFrameBytes: number;
}

const boardSocketKey = Symbol('yishi.boardSocket');
type Carrier = WebSocket & { [boardSocketKey]: BoardSocket };

export class BoardSocket implements RoomConnection, LiveSocket {
  heard = 0;
  sent = 0;
  /** Set when the connection is served on its board (`serve`). */
  id = '';
  actor!: Actor;
  receivesAwareness = false;
  publishesAwareness = false;
  private room: BoardRoom | null = null;
  private boardId = '';
  /** What came before the board was ready, in order; null once it was handed on. */
  private early: RawData[] | null = [];
  private earlyBytes = 0;
  /** A connection relayed to the process that owns its session: every frame goes there. */
  private forward: ((data: RawData) => void) | null = null;
  private readonly limiter = new ConnectionLimiter();
  /** The peer negotiated compression: a join's large frames go to it deflated (websocket-deflate.ts). */
  private readonly deflates: boolean;
  private pendingAwareness: Uint8Array | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;

  /** `raw`: the TCP socket the upgrade handed over, to write frames shared by many connections ready-made (websocket-wire.ts). */
  constructor(
    readonly ws: WebSocket,
    private readonly raw: Duplex | null,
    private readonly ctx: BoardSocketContext,
  ) {
    (ws as Carrier)[boardSocketKey] = this;
    this.deflates = adoptDeflate(ws, ctx.maxFrameBytes) && raw !== null;
    ctx.liveness.add(this);
    ws.on('message', onMessage);
    ws.on('pong', onPong);
    ws.on('error', onError);
    ws.on('close', onClose);
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Serves the connection on its board from now on: what came early first, in order. */
  serve(room: BoardRoom, boardId: string, actor: Actor): void {
    this.id = newId();
    this.actor = actor;
    this.receivesAwareness = isModerator(actor.role);
    this.publishesAwareness = actor.role !== 'screen';
    this.room = room;
    this.boardId = boardId;
    room.addConnection(this);
    this.ctx.live.add(actor.participantId, this);
    void this.ctx.presence
      .join({ connectionId: this.id, sessionId: actor.sessionId, participantId: actor.participantId, role: actor.role, name: actor.name, boardId, serverId: this.ctx.serverId, since: Date.now() })
      .catch((err) => this.ctx.log.warn({ err }, 'presence join failed'));
    this.handOnEarly();
  }

  /** Hands what came early, then every frame, to `forward` (a relay to the session's owner). */
  relayTo(forward: (data: RawData) => void): void {
    this.forward = forward;
    this.handOnEarly();
  }

  /** Marks a frame the owner sent through a relay: no keep-alive of ours needed meanwhile. */
  relayed(): void {
    this.sent = this.ctx.liveness.now;
  }

  // RoomConnection

  stamp(): Record<string, unknown> {
    const { actor } = this;
    return { participantId: actor.participantId, role: actor.role, name: this.room && readSettings(this.room.doc).anonymous ? null : actor.name };
  }

  send(frame: Uint8Array): void {
    if (!this.open) return;
    // ws writes synchronously (it compresses nothing: websocket-deflate.ts), so frames written here and by ws keep their order.
    const wire = this.raw ? sharedBinaryFrame(frame) : null;
    if (!wire) {
      this.ws.send(frame);
      this.sent = this.ctx.liveness.now;
    } else this.writeRaw(wire);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, closeReason(reason));
  }

  /**
   * A join's frames, in order: deflated where the peer takes it and a frame is large. A frame
   * `shared` by every new tablet is compressed once for all of them; one made for this tablet
   * alone (a restoring tablet's diff) is compressed only when large enough to be worth it.
   */
  private sendJoin(frames: Uint8Array[], shared: boolean): void {
    const from = shared ? MinDeflatedPayload : MinDeflatedOwnPayload;
    if (!this.deflates || !frames.some((f) => f.length >= from)) {
      for (const f of frames) this.send(f);
      return;
    }
    Promise.all(frames.map((f) => (f.length >= from ? deflatedBinaryFrame(f) : null))).then(
      (wires) => {
        if (!this.open) return;
        wires.forEach((wire, i) => (wire ? this.writeRaw(wire) : this.send(frames[i]!)));
      },
      (err: unknown) => {
        this.ctx.log.warn({ err }, 'compressing a join failed; sent as it is');
        for (const f of frames) this.send(f);
      },
    );
  }

  private writeRaw(wire: Buffer): void {
    this.raw!.write(wire);
    this.sent = this.ctx.liveness.now;
  }

  // LiveSocket

  ping(): void {
    this.ws.ping();
  }

  terminate(): void {
    this.ws.terminate();
  }

  private handOnEarly(): void {
    const early = this.early ?? [];
    this.early = null;
    for (const data of early) this.receive(data);
  }

  /** @internal A frame from the peer. */
  receive(data: RawData): void {
    this.heard = this.ctx.liveness.now;
    if (this.forward) return this.forward(data);
    if (this.room) return this.handle(this.room, data);
    if (!this.open || !this.early) return;
    this.earlyBytes += rawLength(data);
    if (this.early.length >= this.ctx.maxEarlyFrames || this.earlyBytes > this.ctx.maxEarlyBytes) {
      this.early.length = 0;
      return this.ws.close(CloseCodes.EARLY_OVERFLOW, 'too much sent before the board was ready');
    }
    this.early.push(data);
  }

  /** @internal The socket closed. */
  closed(): void {
    this.ctx.liveness.remove(this);
    const { room, actor } = this;
    if (!room) return;
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    room.removeConnection(this);
    this.ctx.live.remove(actor.participantId, this);
    void this.ctx.presence.leave(this.id).catch(() => undefined);
  }

  private handle(room: BoardRoom, data: RawData): void {
    if (!this.open) return;
    let msg;
    try {
      msg = decodeMessage(toBytes(data));
    } catch (err) {
      return this.reject(`malformed frame: ${(err as Error).message}`);
    }
    const { limiter } = this;
    switch (msg.type) {
      case 'sync-step1': {
        if (!limiter.take('syncStep1')) return this.slowDown('sync step 1');
        // Each entry is a map insertion before Yjs diffs the board: bound them first.
        if (stateVectorEntries(msg.stateVector) > MaxStateVectorEntries) return this.reject(`state vector lists more than ${MaxStateVectorEntries} clients`);
        // A failed room closes its connections itself (1011): that is no fault of the client's.
        room.joinFrames(msg.stateVector).then(
          (frames) => this.sendJoin(frames, isNewClient(msg.stateVector)),
          (err: unknown) => {
            if (!(err instanceof RoomFailedError)) this.reject('malformed state vector');
          },
        );
        return;
      }
      case 'sync-step2':
      case 'update': {
        if (!limiter.take('update')) return this.slowDown('update');
        const r = room.receiveClientUpdate(this, msg.update);
        if (!r.ok) this.reject(r.reason);
        return;
      }
      case 'awareness':
        if (limiter.take('awareness')) {
          this.pendingAwareness = null;
          this.receiveAwareness(room, msg.update);
          return;
        }
        // Awareness is ephemeral state: over the rate only the latest frame is kept, and applied
        // when the next token is due; only a sustained flood closes the connection.
        if (limiter.dropAwareness()) return this.slowDown('awareness');
        this.pendingAwareness = msg.update;
        this.awarenessTimer ??= setTimeout(() => {
          this.awarenessTimer = null;
          const latest = this.pendingAwareness;
          this.pendingAwareness = null;
          if (latest && this.open) this.receiveAwareness(room, latest);
        }, limiter.awarenessWaitMs);
        return;
      case 'query-awareness': {
        if (!limiter.take('awareness')) {
          if (limiter.dropAwareness()) this.slowDown('awareness');
          return;
        }
        const snap = room.awareness.snapshotFor(this);
        if (snap) this.send(snap);
        return;
      }
    }
  }

  private receiveAwareness(room: BoardRoom, update: Uint8Array): void {
    try {
      room.awareness.receive(this, update, maxAwarenessEntriesFor(this.actor.role));
    } catch (err) {
      this.reject(`malformed awareness update: ${(err as Error).message}`);
    }
  }

  private reject(reason: string): void {
    this.ctx.log.info({ participantId: this.actor.participantId, boardId: this.boardId, reason }, 'yjs write refused');
    this.ws.close(CloseCodes.FORBIDDEN, closeReason(reason));
  }

  private slowDown(what: string): void {
    this.ctx.log.info({ participantId: this.actor.participantId, boardId: this.boardId, what }, 'yjs connection over its rate');
    this.ws.close(CloseCodes.TRY_AGAIN_LATER, closeReason(`too many ${what} frames: reconnect later`));
  }

  // What the socket's listeners (below, shared by every connection) hand on.

  /** @internal A pong: the peer is alive. */
  ponged(): void {
    this.heard = this.ctx.liveness.now;
  }

  /** @internal */
  failed(err: Error): void {
    this.ctx.log.debug({ err }, 'yjs socket error');
  }
}

// ws calls its listeners with the socket as `this`: one function each for every connection.
const of = (ws: WebSocket) => (ws as Carrier)[boardSocketKey];
function onMessage(this: WebSocket, data: RawData): void {
  of(this).receive(data);
}
function onClose(this: WebSocket): void {
  of(this).closed();
}
function onPong(this: WebSocket): void {
  of(this).ponged();
}
function onError(this: WebSocket, err: Error): void {
  of(this).failed(err);
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.byteLength, 0);
  return data.byteLength;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
