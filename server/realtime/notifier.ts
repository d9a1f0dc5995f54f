/**
 * Pushes from commands to connected clients over Socket.IO. Bound to the server after it starts;
 * through the Redis adapter the pushes reach every process's sockets.
 */
import type { Server } from 'socket.io';
import type { PushName, ServerPushes } from '../../shared/socket-protocol.ts';
import type { LiveConnections } from './live-connections.ts';
import { moderatorRoom, participantRoom, sessionRoom } from './socket-rooms.ts';

/** Server-to-server event (through the Socket.IO adapter) asking every process to close a participant's connections. */
const closeEvent = 'yishi:close-participant';

export class Notifier {
  private io: Server | null = null;
  /** Only the Redis adapter can reach other processes; the in-memory one logs an error if asked. */
  private crossProcess = false;

  constructor(private readonly live: LiveConnections) {}

  bind(io: Server, opts: { crossProcess: boolean }): void {
    this.io = io;
    this.crossProcess = opts.crossProcess;
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
    this.io?.to(sessionRoom(sessionId)).emit(event, payload);
  }

  toModerators<E extends PushName>(sessionId: string, event: E, payload: ServerPushes[E]): void {
    this.io?.to(moderatorRoom(sessionId)).emit(event, payload);
  }

  toParticipant<E extends PushName>(participantId: string, event: E, payload: ServerPushes[E]): void {
    this.io?.to(participantRoom(participantId)).emit(event, payload);
  }
}
