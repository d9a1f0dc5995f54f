/**
 * Pushes from commands to connected clients over Socket.IO. Bound to the server after it starts.
 * With several processes on one database, commands run at the session's owner and their pushes
 * reach the other processes' sockets over the internal channel (server/forwarding/push-relay.ts),
 * whether or not Redis is up; otherwise through whatever adapter Socket.IO has.
 */
import type { Server } from 'socket.io';
import type { PushRelay } from '../forwarding/push-relay.ts';
import type { PushName, ServerPushes } from '../../shared/socket-protocol.ts';
import type { LiveConnections } from './live-connections.ts';
import { moderatorRoom, participantRoom, sessionRoom } from './socket-rooms.ts';

/** Server-to-server event (through the Socket.IO adapter) asking every process to close a participant's connections. */
const closeEvent = 'yishi:close-participant';

export class Notifier {
  private io: Server | null = null;
  /** Only the Redis adapter can reach other processes; the in-memory one logs an error if asked. */
  private crossProcess = false;
  private relay: PushRelay | null = null;

  constructor(private readonly live: LiveConnections) {}

  bind(io: Server, opts: { crossProcess: boolean; relay?: PushRelay | null }): void {
    this.io = io;
    this.crossProcess = opts.crossProcess;
    this.relay = opts.relay ?? null;
    io.on(closeEvent, (participantId: unknown, code: unknown, reason: unknown) => {
      if (typeof participantId === 'string' && typeof code === 'number' && typeof reason === 'string') this.live.closeParticipant(participantId, code, reason);
    });
  }

  /** Closes every connection of a participant on every transport, in this process and the others. */
  closeParticipantEverywhere(participantId: string, code: number, reason: string): void {
    // The registry holds Socket.IO and Yjs connections alike; other processes close theirs on the event.
    this.live.closeParticipant(participantId, code, reason);
    if (this.crossProcess) this.io?.serverSideEmit(closeEvent, participantId, code, reason);
  }

  toSession<E extends PushName>(sessionId: string, event: E, payload: ServerPushes[E]): void {
    this.emit(sessionId, sessionRoom(sessionId), event, payload);
  }

  toModerators<E extends PushName>(sessionId: string, event: E, payload: ServerPushes[E]): void {
    this.emit(sessionId, moderatorRoom(sessionId), event, payload);
  }

  toParticipant<E extends PushName>(sessionId: string, participantId: string, event: E, payload: ServerPushes[E]): void {
    this.emit(sessionId, participantRoom(participantId), event, payload);
  }

  private emit<E extends PushName>(sessionId: string, room: string, event: E, payload: ServerPushes[E]): void {
    if (!this.io) return;
    if (!this.relay) {
      this.io.to(room).emit(event, payload);
      return;
    }
    // Only the relay crosses processes: through the adapter too, a push would arrive twice.
    this.io.local.to(room).emit(event, payload);
    this.relay.send(sessionId, room, event, payload);
  }
}
