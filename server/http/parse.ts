/** Parses an inbound payload against its shared schema or throws a VALIDATION error naming the field. */
import type { z } from 'zod';
import { parsePayload } from '../../shared/validation.ts';
import { HttpError } from './http-error.ts';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = parsePayload(schema, body ?? undefined);
  if (!r.ok) throw new HttpError('VALIDATION', r.message);
  return r.data;
}
