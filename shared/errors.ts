/** Stable error codes on every transport; clients branch on `code`, people read `message`. */
export const ErrorCodes = [
  'VALIDATION',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PHASE',
  'LOCKED',
  'BUDGET',
  'CAP',
  'CONFLICT',
  'IDEMPOTENCY_CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'JOIN_CLOSED',
  /** Voting on the board was closed by `vote:reveal`: the dot was not cast or taken back (until `vote:reopen`). */
  'VOTE_CLOSED',
  /** The session's results are not published (owner follow-up waits for publishing). */
  'NOT_PUBLISHED',
  /** A browser page on a site that is neither the app's own nor in ALLOWED_ORIGINS opened a socket. */
  'ORIGIN_NOT_ALLOWED',
  /** The server is stopping: the command was not applied; send it again after reconnecting. */
  'SHUTTING_DOWN',
  /**
   * Another server process decides for this session now (it took the session over, or holds it):
   * nothing was applied; send it again after reconnecting (a load balancer or the client's next
   * connection reaches a process that serves the session).
   */
  'SERVED_ELSEWHERE',
  'INTERNAL',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ErrorCodes)[number];

/** The error object carried by every failed HTTP response and command ack. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** RATE_LIMITED only: seconds until the limit lets the request through again (HTTP also sends Retry-After). */
  retryAfterSeconds?: number;
}

/** Builds a wire error. */
export function wireError(code: ErrorCode, message: string): WireError {
  return { code, message };
}

/**
 * A refusal thrown by a service, whatever transport asked: the HTTP error handler answers it with
 * `httpStatusFor[code]`, the command bus with a failed ack. Services throw this, never a transport's error.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** For RATE_LIMITED: seconds until the limit lets the request through (HTTP also sends Retry-After). */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, extra: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  /** The error as the wire carries it. */
  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}) };
  }
}

/** HTTP status for each error code. */
export const httpStatusFor: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PHASE: 409,
  LOCKED: 409,
  BUDGET: 409,
  CAP: 409,
  CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  JOIN_CLOSED: 403,
  VOTE_CLOSED: 409,
  NOT_PUBLISHED: 409,
  ORIGIN_NOT_ALLOWED: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SHUTTING_DOWN: 503,
  SERVED_ELSEWHERE: 503,
  INTERNAL: 500,
};

/** WebSocket close codes used by the Yjs endpoint (4400–4499 stop the stock provider reconnecting). */
export const CloseCodes = {
  /** Normal closure. */
  NORMAL: 1000,
  /** Server shutting down; clients should reconnect. */
  GOING_AWAY: 1001,
  /** A compressed message that does not inflate (permessage-deflate). */
  INVALID_PAYLOAD: 1007,
  /** A frame exceeded the size limit. */
  TOO_BIG: 1009,
  /** The server failed (a board's storage commit, or loading it); clients should reconnect. */
  SERVER_ERROR: 1011,
  /** Another process serves the session now (ownership moved): reconnect, and resync what was not acknowledged. */
  SERVED_ELSEWHERE: 1012,
  /** Too many connections by this participant this minute; the stock provider retries with backoff. */
  TRY_AGAIN_LATER: 1013,
  /** Missing, malformed, expired or revoked token. */
  UNAUTHORIZED: 4401,
  /** The connection tried to write what its role may not write, or sent an undecodable frame. */
  FORBIDDEN: 4403,
  /** Unknown board, or a board of another session. */
  NOT_FOUND: 4404,
  /** The participant was removed from the session. */
  KICKED: 4409,
  /** The session was deleted (by its facilitator or by retention): do not reconnect. */
  SESSION_DELETED: 4410,
  /** More frames or bytes arrived before the board was ready than an honest client sends. */
  EARLY_OVERFLOW: 4413,
} as const;
