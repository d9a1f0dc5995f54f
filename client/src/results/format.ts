/** How the results pages write dates and the self-reported groups and age bands, in the reader's language. */
import { formatCalendarDate } from '../calendar-date.ts';
import { locale, t } from '../i18n.ts';
import type { MessageKey } from '../i18n.ts';
import { en } from '../strings/results.ts';

/** A moment, e.g. "12 May 2026, 14:05" / "2026年5月12日 14:05". */
export function formatMoment(ms: number): string {
  return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A calendar date (YYYY-MM-DD), written as a date without shifting it into another time zone. */
export function formatDay(iso: string): string {
  return formatCalendarDate(iso, { dateStyle: 'medium' });
}

/** A number in the reader's language. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(locale.value).format(n);
}

/** A group or age band key the client knows (the defaults), translated; a session's own words as they are. */
export function bucketLabel(kind: 'group' | 'age', key: string): string {
  const msg = `results.${kind}.${key}` as MessageKey;
  return Object.hasOwn(en, msg) ? t(msg) : key;
}
