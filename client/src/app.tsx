/** The page frame (name, language switch) and the screen for the current route. */
import { BoardShell } from './board-shell.tsx';
import { t } from './i18n.ts';
import { Landing } from './landing.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { lazyScreen } from './lazy.tsx';
import { route } from './route.ts';

const ResultsPage = lazyScreen(() => import('./results/results-page.tsx').then((m) => m.ResultsPage));
const FollowUpPage = lazyScreen(() => import('./results/follow-up-page.tsx').then((m) => m.FollowUpPage));
const InvitePage = lazyScreen(() => import('./invite-page.tsx').then((m) => m.InvitePage));

export function App() {
  const current = route.value;
  return (
    <>
      <a class="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header class="app-bar">
        <a class="brand" href="/">
          {t('app.name')}
        </a>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        {current.name === 'landing' && <Landing joinCode={current.joinCode} />}
        {current.name === 'board' && <BoardShell sessionId={current.sessionId} boardId={current.boardId} slot={current.slot} />}
        {current.name === 'invite' && <InvitePage code={current.code} />}
        {current.name === 'results' && <ResultsPage sessionId={current.sessionId} />}
        {current.name === 'follow-up' && <FollowUpPage code={current.code} />}
        {current.name === 'not-found' && (
          <section class="panel">
            <h1>{t('route.notFound')}</h1>
            <a class="button primary" href="/">
              {t('common.home')}
            </a>
          </section>
        )}
      </main>
    </>
  );
}
