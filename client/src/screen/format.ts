/** How the big screen writes dates. */
import { formatCalendarDate } from '../calendar-date.ts';

/** A due date (YYYY-MM-DD) in the reader's language, e.g. "12 May 2026" / "2026年5月12日". */
export function formatDue(due: string): string {
  return formatCalendarDate(due, { year: 'numeric', month: 'long', day: 'numeric' });
}
