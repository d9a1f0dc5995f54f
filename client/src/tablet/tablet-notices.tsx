/** Messages under the header: the board is locked, a refusal or confirmation, "everyone to board X", the spotlight. */
import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { BoardSummary } from '../../../shared/http-api.ts';
import type { TabletModel } from './tablet-model.ts';

export function TabletNotices({ tablet, boards, onGo, onShowSpot }: {
  tablet: TabletModel;
  boards: readonly BoardSummary[];
  onGo: (boardId: string) => void;
  onShowSpot: () => void;
}) {
  const board = tablet.board;
  const notice = tablet.notice.value;
  return (
    <div class="tnotices">
      {board.locked.value && (
        <p class="notice tnotice tnotice--locked" role="status">
          {t('tablet.locked')}
        </p>
      )}
      <GotoPrompt tablet={tablet} boards={boards} onGo={onGo} />
      <div role="alert" class="tnotices__live">
        {notice?.tone === 'error' && (
          <p key={notice.seq} class="notice tnotice tnotice--error">
            <span>{t(notice.key, notice.vars)}</span>
            <button type="button" class="tnotice__close" onClick={() => tablet.clearNotice()}>
              {t('tablet.notice.close')}
            </button>
          </p>
        )}
      </div>
      <div role="status" class="tnotices__live">
        {notice?.tone === 'ok' && (
          <p key={notice.seq} class="tnotice tnotice--ok">
            {t(notice.key, notice.vars)}
          </p>
        )}
      </div>
      <Spotlight tablet={tablet} onShow={onShowSpot} />
    </div>
  );
}

/** A moderator asked everyone to open a board: say where, offer to go (never yank a half-written concern away). */
function GotoPrompt({ tablet, boards, onGo }: { tablet: TabletModel; boards: readonly BoardSummary[]; onGo: (boardId: string) => void }) {
  const goto = tablet.conn.pushes.goto.value;
  const [dismissed, setDismissed] = useState(0);
  if (!goto || goto.boardId === tablet.boardId || goto.at === dismissed) return null;
  const target = boards.find((b) => b.id === goto.boardId);
  const name = target ? (target.kind === 'plenary' ? t('tablet.boards.plenary') : target.title) : t('tablet.boards.another');
  return (
    <div class="notice tnotice tnotice--goto" role="alert">
      <p>{t('tablet.goto.ask', { board: name })}</p>
      <div class="tactions">
        <button type="button" class="primary" onClick={() => onGo(goto.boardId)}>
          {t('tablet.goto.go')}
        </button>
        <button type="button" onClick={() => setDismissed(goto.at)}>
          {t('tablet.goto.stay')}
        </button>
      </div>
    </div>
  );
}

/** What the facilitator asks everyone to look at, with a way to bring it into view. */
function Spotlight({ tablet, onShow }: { tablet: TabletModel; onShow: () => void }) {
  const board = tablet.board;
  const id = board.spotlight.value;
  if (!id) return null;
  const note = board.notes.value.find((n) => n.id === id);
  const theme = board.clusters.value.find((c) => c.id === id);
  const action = board.actions.value.find((a) => a.id === id);
  const text = note?.text ?? theme?.title ?? action?.title;
  if (text === undefined) return null;
  return (
    <div class="tnotice tnotice--spot">
      <p>
        <span aria-hidden="true">★ </span>
        {t('tablet.spotlight', { text })}
      </p>
      {(note || theme) && (
        <button type="button" onClick={onShow}>
          {t('tablet.spotlight.show')}
        </button>
      )}
    </div>
  );
}
