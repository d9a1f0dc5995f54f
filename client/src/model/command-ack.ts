/** The answer to a command as the client sees it, and the client-made answers (no network, kept for later). */
import type { ErrorCode } from '../../../shared/errors.ts';

/**
 * A command's answer: the server's ack, or `NETWORK` when the command never reached the server
 * or its ack never came back (it may still have been applied: replaying it with the same
 * idempotency key finds out).
 */
export type CommandAck =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: { code: ErrorCode | 'NETWORK'; message: string } };

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

/** A `NETWORK` error ack (made on this device, never by the server). */
export function networkAck(message: string): CommandAck {
  return { ok: false, error: { code: 'NETWORK', message } };
}

/** True when the ack means "kept on this device, not yet sent". */
export function isQueued(ack: CommandAck): ack is QueuedAck {
  return ack.ok && (ack as { queued?: unknown }).queued === true;
}
