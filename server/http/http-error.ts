/** An error a route throws to answer `{ error: { code, message } }` with the matching status. */
import { httpStatusFor, type ErrorCode, type WireError } from '../../shared/errors.ts';

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** For RATE_LIMITED: sent as the Retry-After header and in the body. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, extra: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.status = httpStatusFor[code];
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}) };
  }
}
