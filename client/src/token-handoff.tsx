/**
 * A reissued sign-in arrives as `/b/<sessionId>/<boardId>#token=<token>` (a facilitator sent it to
 * a new device). The token is checked with `GET /api/me`, kept like any other, and taken out of
 * the address bar so it is not bookmarked or shared by accident.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getMe } from './api.ts';
import { t } from './i18n.ts';
import { saveSession } from './session-store.ts';

/** The token in the address's fragment, if the page was opened from a reissued link. */
export function handedToken(hash: string = typeof location === 'undefined' ? '' : location.hash): string | null {
  const m = /^#token=([^&]+)$/.exec(hash);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** Stores the handed token for `sessionId`, then calls `onDone` (which shows the board). */
export function TokenHandoff({ sessionId, token, onDone }: { sessionId: string; token: string; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getMe(token, controller.signal).then(
      (me) => {
        if (me.sessionId !== sessionId) {
          setError(t('handoff.wrongSession'));
          return;
        }
        saveSession({ sessionId, token, participantId: me.participantId, role: me.role, title: me.title, joinCode: me.joinCode });
        history.replaceState(null, '', location.pathname + location.search);
        onDone();
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof ApiError && err.code === 'UNAUTHORIZED' ? t('handoff.expired') : t('error.NETWORK'));
      },
    );
    return () => controller.abort();
  }, [sessionId, token]);
  if (!error) return <p class="loading" role="status">{t('handoff.signingIn')}</p>;
  return (
    <section class="panel" role="alert">
      {/* The page's one heading: the board is not shown. */}
      <h1>{error}</h1>
      <a class="button primary" href="/">
        {t('common.home')}
      </a>
    </section>
  );
}
