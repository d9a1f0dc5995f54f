/** An error a route throws to answer `{ error: { code, message } }` with the matching status. */
import { httpStatusFor, type ErrorCode, type WireError } from '../../shared/errors.ts';

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = httpStatusFor[code];
  }
  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}
