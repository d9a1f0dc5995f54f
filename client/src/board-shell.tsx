/**
 * A live board: opens the identity and the connection, shows what stopped it for good, and hands
 * the board to the screen of this device's role (tablet, console or big screen, each loaded on
 * demand).
 */
import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import type { Role } from '../../shared/roles.ts';
import { browserTransports, BoardConnection } from './board-connection.ts';
import type { ConnectionProblem } from './board-connection.ts';
import { OutboxFailures } from './connection-badge.tsx';
import { StrandedOutboxNotice } from './stranded-outbox.tsx';
import { lazyScreen } from './lazy.tsx';
import type { BoardScreenProps } from './screen-props.ts';
import { TabletScreen } from './tablet/tablet-screen.tsx';
import { t } from './i18n.ts';
import type { MessageKey } from './i18n.ts';
import { joinPath, navigate } from './route.ts';
import { SessionInfo } from './session-info.ts';
import { getSession } from './session-store.ts';
import { handedToken, TokenHandoff } from './token-handoff.tsx';
import type { SessionSlot, StoredSession } from './session-store.ts';
import { useModel } from './use-model.ts';

const ConsoleScreen = lazyScreen(() => import('./console/console-screen.tsx').then((m) => m.ConsoleScreen));
const BigScreen = lazyScreen(() => import('./screen/big-screen.tsx').then((m) => m.BigScreen));

/** The screen each role gets; residents' code is in the main bundle (they are the many on slow Wi-Fi). */
const screens: Record<Role, ComponentType<BoardScreenProps>> = {
  resident: TabletScreen,
  facilitator: ConsoleScreen,
  expert: ConsoleScreen,
  screen: BigScreen,
};

const problemText: Record<ConnectionProblem, MessageKey> = {
  unauthorized: 'board.unauthorized',
  kicked: 'board.kicked',
  'not-found': 'board.notFound',
  forbidden: 'board.forbidden',
  deleted: 'board.deleted',
};

/** `slot: 'screen'`: the big-screen identity a console keeps beside its own in this browser (`/s/…`). */
export function BoardShell({ sessionId, boardId, slot }: { sessionId: string; boardId: string; slot?: SessionSlot }) {
  const [handed, setHanded] = useState(() => (slot ? null : handedToken()));
  if (handed) return <TokenHandoff sessionId={sessionId} token={handed} onDone={() => setHanded(null)} />;
  const stored = getSession(sessionId, slot);
  if (!stored) {
    return (
      <section class="panel" aria-labelledby="no-token">
        {/* The page's one heading: nothing else is shown. */}
        <h1 id="no-token">{t('board.noToken')}</h1>
        <a class="button primary" href="/">
          {t('common.home')}
        </a>
      </section>
    );
  }
  return <LiveBoard key={`${stored.token}/${boardId}`} stored={stored} boardId={boardId} />;
}

function LiveBoard({ stored, boardId }: { stored: StoredSession; boardId: string }) {
  const info = useModel(() => new SessionInfo(stored));
  const conn = useModel(() => new BoardConnection(browserTransports(boardId, stored.token, stored)));
  const me = info.identity.value;
  const problem = conn.problem.value ?? (info.error.value === 'UNAUTHORIZED' ? 'unauthorized' : null);
  const rejoin = (): void => {
    info.forget();
    navigate(me.joinCode ? joinPath(me.joinCode) : '/');
  };
  const Screen = screens[me.role];
  return (
    <div class={`board board--${me.role}`}>
      {problem && (
        <div class="notice notice--problem" role="alert">
          {/* With a problem the screen is not shown: what went wrong is the page's heading (styled as text). */}
          <h1 class="notice__text">{t(problemText[problem])}</h1>
          {(problem === 'unauthorized' || problem === 'kicked') && (
            <button type="button" class="primary" onClick={rejoin}>
              {t('board.rejoin')}
            </button>
          )}
          {problem === 'deleted' && (
            <button type="button" class="primary" onClick={() => { info.forget(); navigate('/'); }}>
              {t('common.home')}
            </button>
          )}
        </div>
      )}
      {conn.resets.value > 0 && !problem && (
        <p class="notice" role="alert">
          {t('board.reset')}
        </p>
      )}
      {!problem && <OutboxFailures conn={conn} />}
      {!problem && <StrandedOutboxNotice stored={stored} conn={conn} />}
      {!problem && <Screen stored={stored} info={info} conn={conn} boardId={boardId} />}
    </div>
  );
}
