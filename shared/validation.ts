/** Turns a failed schema parse into one readable sentence that names the offending field. */
import type { z } from 'zod';
import { loneSurrogateAt } from './well-formed-text.ts';

/** Formats zod issues as `field: problem; field: problem`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
}

/** One step down a payload: the key taken and the step before (a chain, so depth costs no copying). */
interface Step { key: string | number; up: Step | null }

/** The field's path, its last 8 keys at most: a message stays short however deep the payload. */
function fieldName(step: Step | null): string {
  const keys: (string | number)[] = [];
  let s = step;
  for (; s && keys.length < 8; s = s.up) keys.push(s.key);
  if (keys.length === 0) return '(payload)';
  return (s ? '….' : '') + keys.reverse().join('.');
}

/**
 * The first string (or object key) anywhere in `value` that holds an unpaired surrogate, as
 * `field: problem`, or null. Walked without recursion: a payload's depth is the sender's choice.
 */
export function illFormedText(value: unknown): string | null {
  const stack: { value: unknown; at: Step | null }[] = [{ value, at: null }];
  while (stack.length > 0) {
    const { value: v, at } = stack.pop()!;
    if (typeof v === 'string') {
      const i = loneSurrogateAt(v);
      if (i >= 0) {
        const unit = v.charCodeAt(i).toString(16).toUpperCase();
        return `${fieldName(at)}: contains an unpaired surrogate (U+${unit} at ${i}); text must be well-formed Unicode`;
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], at: { key: i, up: at } });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (loneSurrogateAt(key) >= 0) return `${fieldName({ key: '(a field name)', up: at })}: contains an unpaired surrogate; text must be well-formed Unicode`;
        stack.push({ value: child, at: { key, up: at } });
      }
    }
  }
  return null;
}

/**
 * Parses an inbound payload: text that is not well-formed Unicode is refused first (any field,
 * so no schema can forget it), then the schema. `message` names the field, for VALIDATION.
 */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; message: string } {
  const bad = illFormedText(value);
  if (bad) return { ok: false, message: bad };
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false, message: describeIssues(r.error) };
}
