/**
 * Pushes from commands to connected clients over Socket.IO. Bound to the server after it starts;
 * through the Redis adapter the pushes reach every process's sockets.
 */
import type { Server } from 'socket.io';

export class Notifier {
  private io: Server | null = null;

  bind(io: Server): void {
    this.io = io;
  }

  toSession(sessionId: string, event: string, payload: unknown): void {
    this.io?.to(`s:${sessionId}`).emit(event, payload);
  }

  toModerators(sessionId: string, event: string, payload: unknown): void {
    this.io?.to(`m:${sessionId}`).emit(event, payload);
  }

  toParticipant(participantId: string, event: string, payload: unknown): void {
    this.io?.to(`p:${participantId}`).emit(event, payload);
  }

  /** Disconnects every Socket.IO connection of a participant, in every process. */
  disconnectParticipant(participantId: string): void {
    this.io?.in(`p:${participantId}`).disconnectSockets(true);
  }
}
