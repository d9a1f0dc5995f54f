/** How the big screen writes dates and photo links. */
import { locale } from '../i18n.ts';

/** A due date (YYYY-MM-DD) in the reader's language, e.g. "12 May 2026" / "2026年5月12日". */
export function formatDue(due: string): string {
  const [y, m, d] = due.split('-').map(Number);
  if (!y || !m || !d) return due;
  return new Intl.DateTimeFormat(locale.value, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** A photo's URL; an `<img>` cannot send a header, so the token rides in the query (docs/API.md, photos). */
export function photoUrl(photoId: string, size: 'thumb' | 'full', token: string): string {
  return `/api/photos/${encodeURIComponent(photoId)}/${size}?token=${encodeURIComponent(token)}`;
}
