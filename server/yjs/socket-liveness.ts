/**
 * Keep-alive and dead-peer detection for the Yjs sockets, on one coarse clock (a tick every few
 * seconds), so that an idle hall costs a few frames per tablet per minute:
 *
 * - **Keep-alive**: the stock y-websocket provider closes and reconnects when it has received no
 *   message for 30 s (WebSocket pings never reach its code). Residents and screens get no
 *   awareness, so on a quiet board they would reconnect every 30 s, each time a join. A socket
 *   sent nothing for `keepaliveTicks` ticks gets an empty awareness update (`[1, 1, 0]`: no
 *   entries, which the provider applies as nothing and does not answer).
 * - **Dead peers**: every frame or pong from a peer counts as hearing from it (a provider renews
 *   its awareness every 15 s, so most tablets are never pinged); one silent for `pingTicks` ticks
 *   is pinged, one silent for `deadTicks` ticks is terminated.
 */
import { awarenessFrame } from './protocol-frames.ts';

/** One socket's clock readings, in ticks: kept on the socket's own object, so marking costs no lookup. */
export interface LivenessMark {
  heard: number;
  sent: number;
}

/** The socket as liveness needs it: its marks, updated by its owner on every frame in and out. */
export interface LiveSocket extends LivenessMark {
  send(frame: Uint8Array): void;
  ping(): void;
  terminate(): void;
}

export interface LivenessTiming {
  tickMs: number;
  keepaliveTicks: number;
  pingTicks: number;
  deadTicks: number;
}

/**
 * Tick 5 s. Keep-alive after 20–25 s without a frame (under the provider's 30 s); ping after
 * 25–30 s of silence, terminate after 55–60 s (as the ping every 30 s with two missed intervals did).
 */
export const DefaultLivenessTiming: LivenessTiming = { tickMs: 5000, keepaliveTicks: 5, pingTicks: 6, deadTicks: 12 };

/** An awareness update listing no entries: a message for the provider's timeout, nothing for its state. */
export const KeepaliveFrame = awarenessFrame(new Uint8Array([0]));

export class SocketLiveness<S extends LiveSocket> {
  /** The current tick: read it to mark a socket (`socket.heard = liveness.now`). */
  now = 0;
  private readonly sockets = new Set<S>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly timing: LivenessTiming = DefaultLivenessTiming) {}

  /** Starts the clock (tests call `tick()` themselves instead). */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.timing.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Follows a socket from now on, as heard from and sent to just now; returns it. */
  add(socket: S): S {
    socket.heard = this.now;
    socket.sent = this.now;
    this.sockets.add(socket);
    return socket;
  }

  remove(socket: S): void {
    this.sockets.delete(socket);
  }

  /** Every socket followed now (a copy: closing one while iterating is safe). */
  all(): S[] {
    return [...this.sockets];
  }

  get size(): number {
    return this.sockets.size;
  }

  /** One tick of the clock: keep-alives to the quiet, a ping to the silent, the end of the dead. */
  tick(): void {
    const now = ++this.now;
    const { keepaliveTicks, pingTicks, deadTicks } = this.timing;
    for (const socket of this.sockets) {
      const silent = now - socket.heard;
      if (silent >= deadTicks) {
        this.sockets.delete(socket);
        socket.terminate();
        continue;
      }
      if (silent === pingTicks) socket.ping();
      if (now - socket.sent >= keepaliveTicks) {
        socket.send(KeepaliveFrame);
        socket.sent = now;
      }
    }
  }
}
