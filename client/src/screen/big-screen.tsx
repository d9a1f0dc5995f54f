/**
 * The big screen on the projector: read-only, large type, nobody touching it. The join QR and
 * code, the procedure's steps, the timer, live counts, and one main view: the agenda wall while
 * topics are gathered, the ranked vote once revealed, otherwise the board with its themes.
 * No buttons: the facilitator's keyboard has F (full screen) and L (language).
 */
import { useEffect } from 'preact/hooks';
import { getMe } from '../api.ts';
import { t } from '../i18n.ts';
import { boardPath, navigate, screenPath } from '../route.ts';
import type { BoardScreenProps } from '../screen-props.ts';
import { useModel } from '../use-model.ts';
import { AgendaWall } from './agenda-wall.tsx';
import { BoardWall } from './board-wall.tsx';
import { JoinCard, LiveCounts } from './join-card.tsx';
import { ScreenHeader } from './screen-header.tsx';
import { ScreenKeeper } from './screen-keeper.ts';
import { BigScreenModel } from './screen-model.ts';
import { Spotlight } from './spotlight.tsx';
import { VoteResults } from './vote-bars.tsx';
import './big-screen.css';

export function BigScreen({ stored, info, conn, boardId }: BoardScreenProps) {
  const screen = useModel(() => new BigScreenModel({
    conn,
    boardId,
    token: stored.token,
    loadMe: getMe,
    // A window the console opened keeps its screen identity in the `screen` slot (`/s/…`).
    follow: (id) => navigate((stored.slot === 'screen' ? screenPath : boardPath)(stored.sessionId, id)),
  }));
  const keeper = useModel(() => new ScreenKeeper());
  useEffect(() => {
    document.documentElement.classList.add('big-screen');
    return () => document.documentElement.classList.remove('big-screen');
  }, []);
  const model = conn.model.value;
  const phase = model.phase.value;
  const showAgenda = phase === 'gather' && model.topics.value.length > 0 && model.breakout.value === null;
  return (
    <div class="bs" data-awake={keeper.awake.value ? 'yes' : 'no'}>
      <ScreenHeader title={info.identity.value.title} model={model} screen={screen} />
      <div class="bs-body">
        <div class="bs-main">
          {showAgenda ? (
            <AgendaWall model={model} byBoard={conn.pushes.roster.value?.byBoard ?? {}} />
          ) : model.tallies.value ? (
            <VoteResults model={model} boards={screen.boards.value} />
          ) : (
            <BoardWall model={model} token={stored.token} boards={screen.boards.value} />
          )}
          <Spotlight model={model} token={stored.token} boards={screen.boards.value} />
        </div>
        <aside class="bs-side" aria-label={t('screen.join.heading')}>
          <JoinCard join={screen.join.value} />
          <LiveCounts present={screen.present.value} concerns={model.notes.value.length} dotsLeft={screen.dotsLeft.value} />
        </aside>
      </div>
      <div class="bs-foot">
        {screen.hint.value && <p class="bs-hint">{t(screen.hint.value)}</p>}
        {!keeper.fullscreen.value && <p class="bs-keys">{t('screen.keys')}</p>}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {screen.announcement.value}
      </p>
    </div>
  );
}
