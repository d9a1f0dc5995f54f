/** Running the room: big screen, lock, bring everyone here, spotlight, and how many are ready. */
import { useMemo } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { BigScreenLauncher } from './big-screen-launcher.ts';
import type { ConsoleModel } from './console-model.ts';
import { spotlightLabel } from './board-labels.ts';

export function RoomControls({ console: c, launcher }: { console: ConsoleModel; launcher: BigScreenLauncher }) {
  const board = c.board;
  const locked = board.locked.value;
  const spotlight = board.spotlight.value;
  const ready = board.ready.value.length;
  const roster = c.conn.pushes.roster.value;
  const here = useMemo(
    () => (roster?.members ?? []).filter((m) => m.role !== 'screen' && m.boards.includes(c.boardId)).length,
    [roster, c.boardId],
  );
  const fallback = launcher.fallbackUrl.value;
  return (
    <section class="console-box" aria-labelledby="room-heading">
      <h2 id="room-heading">{t('console.room')}</h2>
      <button type="button" class="primary wide" disabled={launcher.busy.value} onClick={() => void launcher.open()}>
        {t('console.screen.open')}
      </button>
      {fallback && (
        <p class="hint">
          <a href={fallback} target="_blank" rel="opener">
            {t('console.screen.fallback')}
          </a>
        </p>
      )}
      <p class="ready-count" role="status">
        {t('console.ready', { ready, here })}
      </p>
      <div class="button-row">
        {c.can('board:lock') && (
          <button
            type="button"
            class="small"
            aria-pressed={locked}
            onClick={() => void c.run('board:lock', { boardId: c.boardId, locked: !locked }, () => t(locked ? 'console.unlocked' : 'console.locked'))}
          >
            {t(locked ? 'console.unlock' : 'console.lock')}
          </button>
        )}
        {c.can('board:bring') && (
          <button type="button" class="small" onClick={() => void c.run('board:bring', { boardId: c.boardId }, () => t('console.brought'))}>
            {t('console.bring')}
          </button>
        )}
      </div>
      {spotlight && (
        <div class="spotlight-now">
          <p>
            <span class="label">{t('console.spotlight.now')}</span> {spotlightLabel(c.board, spotlight)}
          </p>
          {c.can('spotlight:set') && (
            <button type="button" class="small" onClick={() => void c.run('spotlight:set', { boardId: c.boardId, targetId: null }, () => t('console.spotlight.cleared'))}>
              {t('console.spotlight.clear')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
