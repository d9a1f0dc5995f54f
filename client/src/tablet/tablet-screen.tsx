/**
 * The resident's tablet: the step we are in and what to do in it (add concerns, sort, vote,
 * co-draft actions), my concerns, the board, and open space (topics, groups, moving between them).
 */
import { useEffect } from 'preact/hooks';
import type { Actor } from '../../../shared/roles.ts';
import { t } from '../i18n.ts';
import { boardPath, navigate } from '../route.ts';
import type { BoardScreenProps } from '../screen-props.ts';
import { saveSession } from '../session-store.ts';
import { useModel } from '../use-model.ts';
import { AddConcern } from './add-concern.tsx';
import { BoardView } from './board-view.tsx';
import { SessionBoards } from './boards-model.ts';
import { MyConcernsModel } from './my-concerns-model.ts';
import { ConvenerPanel } from './convener-panel.tsx';
import { DraftPanel } from './draft-panel.tsx';
import { KeptDraftsPanel } from './kept-drafts.tsx';
import { MyConcernsPanel } from './my-concerns.tsx';
import { BreakoutBar, OpenSpace } from './open-space.tsx';
import { TabletHeader } from './tablet-header.tsx';
import { TabletModel } from './tablet-model.ts';
import { TabletNotices } from './tablet-notices.tsx';
import { VotePanel } from './vote-panel.tsx';
import './tablet.css';

export function TabletScreen({ stored, info, conn, boardId }: BoardScreenProps) {
  const actor: Actor = { participantId: stored.participantId, sessionId: stored.sessionId, role: stored.role, name: null };
  const tablet = useModel(() => new TabletModel(conn, boardId, actor));
  const concerns = useModel(() => new MyConcernsModel(conn, boardId, stored.participantId));
  const sessionBoards = useModel(() => new SessionBoards(conn, stored.token, stored.sessionId));
  const boards = sessionBoards.boards.value;
  const phase = tablet.board.phase.value;
  // A new step starts with a clean slate: last step's confirmations would only confuse.
  useEffect(() => tablet.clearNotice(), [phase]);

  /** The law of two feet: say where I am going (head-counts follow), then open that board. */
  const go = async (target: string): Promise<void> => {
    await conn.send('board:enter', { boardId: target });
    saveSession({ ...stored, boardId: target });
    navigate(boardPath(stored.sessionId, target));
  };
  const spot = (): void => {
    const id = tablet.board.spotlight.value;
    if (id) tablet.show(id);
  };

  return (
    <div class="tablet">
      <TabletHeader tablet={tablet} title={info.identity.value.title} />
      <BreakoutBar tablet={tablet} boards={boards} onGo={(id) => void go(id)} />
      <TabletNotices tablet={tablet} boards={boards} onGo={(id) => void go(id)} onShowSpot={spot} />
      {phase === null ? (
        <p class="loading" role="status">
          {t('common.loading')}
        </p>
      ) : (
        <>
          <ConvenerPanel tablet={tablet} />
          <AddConcern tablet={tablet} concerns={concerns} />
          {phase === 'gather' && <MyConcernsPanel tablet={tablet} concerns={concerns} token={stored.token} />}
          <VotePanel tablet={tablet} />
          <DraftPanel tablet={tablet} />
          <KeptDraftsPanel tablet={tablet} />
          <BoardView tablet={tablet} token={stored.token} />
          {phase !== 'gather' && <MyConcernsPanel tablet={tablet} concerns={concerns} token={stored.token} />}
          <OpenSpace tablet={tablet} boards={boards} onGo={(id) => void go(id)} />
        </>
      )}
    </div>
  );
}
