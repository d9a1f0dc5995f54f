/** Calendar dates (YYYY-MM-DD, e.g. an action's due date) in the reader's language. */
import { locale } from './i18n.ts';

/** Writes a calendar date as that day, never shifted into another time zone; a malformed one as it is. */
export function formatCalendarDate(iso: string, style: Intl.DateTimeFormatOptions): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale.value, { ...style, timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}
