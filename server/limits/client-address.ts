/**
 * The address a connection comes from, for per-address caps. One function on purpose: behind a
 * trusted proxy the address comes from X-Forwarded-For instead, and that lookup replaces this one.
 */
import type { IncomingMessage } from 'node:http';

/** The peer address of the request's socket ('unknown' once the socket is gone). */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
