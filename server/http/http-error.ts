/**
 * An error a route throws to answer `{ error: { code, message } }` with the matching status. Only
 * routes use it; services throw `DomainError`, which the error handler answers the same way.
 */
import { DomainError, httpStatusFor, type ErrorCode } from '../../shared/errors.ts';

export class HttpError extends DomainError {
  readonly status: number;
  constructor(code: ErrorCode, message: string, extra: { retryAfterSeconds?: number } = {}) {
    super(code, message, extra);
    this.name = 'HttpError';
    this.status = httpStatusFor[code];
  }
}
