/** The answer to a command as the client sees it, the client-made answers (no network, kept for later), and the typed send. */
import type { CommandName, CommandPayload, CommandResultOf } from '../../../shared/commands.ts';
import type { Ack } from '../../../shared/socket-protocol.ts';
import type { QueueableCommand } from './outbox.ts';

/**
 * `NETWORK` when the command never reached the server or its ack never came back (it may still
 * have been applied: replaying it with the same idempotency key finds out). Made on this device.
 */
export type NetworkAck = { ok: false; error: { code: 'NETWORK'; message: string } };

/** A command's answer: the server's ack, with the command's result (shared/command-results.ts), or `NETWORK`. */
export type CommandAck<N extends CommandName = CommandName> = Ack<CommandResultOf<N>> | NetworkAck;

/**
 * What `conn.send` answers for a command the outbox kept because the server cannot be reached
 * now: it is stored on this device and will be sent, with this idempotency key, once connected.
 * Not "saved": the connection badge says "saved" only once the server acked.
 */
export type QueuedAck = {
  ok: true;
  queued: true;
  idempotencyKey: string;
};

/** What sending command N answers: its ack, or for a queueable command also "kept on this device". */
export type SendAck<N extends CommandName> = CommandAck<N> | (N extends QueueableCommand ? QueuedAck : never);

/** `conn.send`'s signature: the payload is checked against N's schema type, the answer carries N's result. */
export type SendCommand = <N extends CommandName>(name: N, payload: CommandPayload<N>) => Promise<SendAck<N>>;

/** A `NETWORK` error ack (made on this device, never by the server). */
export function networkAck(message: string): NetworkAck {
  return { ok: false, error: { code: 'NETWORK', message } };
}

/** True when the ack means "kept on this device, not yet sent". */
export function isQueued(ack: CommandAck | QueuedAck): ack is QueuedAck {
  return ack.ok && 'queued' in ack && ack.queued === true;
}
