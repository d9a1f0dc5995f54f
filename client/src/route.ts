/** Routing by `location.pathname`: the current route as a signal, and navigation without reloads. */
import { computed, signal } from '@preact/signals';

/** A screen the client can show. */
export type Route =
  | { name: 'landing'; joinCode: string | null }
  | { name: 'board'; sessionId: string; boardId: string; slot?: 'screen' }
  | { name: 'invite'; code: string }
  | { name: 'results'; sessionId: string }
  | { name: 'follow-up'; code: string }
  | { name: 'not-found' };

/**
 * Reads a route from a path: `/`, `/j/<joinCode>`, `/b/<sessionId>/<boardId>`, `/s/<sessionId>/<boardId>`
 * (the same board shown with this browser's big-screen identity), `/i/<inviteCode>`
 * (expert and co-facilitator invites), `/r/<sessionId>` (public results), `/o/<code>` (an action
 * owner's follow-up link).
 */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0) return { name: 'landing', joinCode: null };
  if (parts[0] === 'j' && parts.length === 2 && parts[1]) return { name: 'landing', joinCode: parts[1] };
  if (parts.length === 2 && parts[1]) {
    if (parts[0] === 'i') return { name: 'invite', code: parts[1] };
    if (parts[0] === 'r') return { name: 'results', sessionId: parts[1] };
    if (parts[0] === 'o') return { name: 'follow-up', code: parts[1] };
  }
  if (parts[0] === 'b' && parts.length === 3 && parts[1] && parts[2]) {
    return { name: 'board', sessionId: parts[1], boardId: parts[2] };
  }
  // `/s/<sessionId>/<boardId>`: the big screen a console opened in another window of the same
  // browser, using the screen token kept beside the facilitator's (session-store `slot`).
  if (parts[0] === 's' && parts.length === 3 && parts[1] && parts[2]) {
    return { name: 'board', sessionId: parts[1], boardId: parts[2], slot: 'screen' };
  }
  return { name: 'not-found' };
}

/** The path of a board. */
export function boardPath(sessionId: string, boardId: string): string {
  return `/b/${encodeURIComponent(sessionId)}/${encodeURIComponent(boardId)}`;
}

/** A board opened as the big screen of this browser's screen identity (see session-store `slot`). */
export function screenPath(sessionId: string, boardId: string): string {
  return `/s/${encodeURIComponent(sessionId)}/${encodeURIComponent(boardId)}`;
}

/** The public results page of a session. */
export function resultsPath(sessionId: string): string {
  return `/r/${encodeURIComponent(sessionId)}`;
}

/** The path of the join form with a code filled in. */
export function joinPath(joinCode: string): string {
  return `/j/${encodeURIComponent(joinCode)}`;
}

const pathname = signal(typeof location === 'undefined' ? '/' : location.pathname);

/** The route being shown. */
export const route = computed(() => parseRoute(pathname.value));

/** Goes to `path` inside the app, adding a history entry. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  pathname.value = location.pathname;
}

/** Follows the back and forward buttons; returns the disposer. */
export function bindHistory(): () => void {
  const onPop = (): void => {
    pathname.value = location.pathname;
  };
  addEventListener('popstate', onPop);
  return () => removeEventListener('popstate', onPop);
}
