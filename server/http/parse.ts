/** Parses an inbound payload against its shared schema or throws a VALIDATION error naming the field. */
import type { z } from 'zod';
import { describeIssues } from '../../shared/validation.ts';
import { HttpError } from './http-error.ts';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? undefined);
  if (!r.success) throw new HttpError('VALIDATION', describeIssues(r.error));
  return r.data;
}
