/**
 * The facilitator's and expert's console, for a laptop driving a projector: the procedure and
 * room controls on the left, the board in the middle, panels on the right. Experts get the same
 * minus session settings (everything is shown through `can()`).
 */
import { ConnectionBadge } from '../connection-badge.tsx';
import { t } from '../i18n.ts';
import { boardPath, navigate } from '../route.ts';
import type { BoardScreenProps } from '../screen-props.ts';
import { useModel } from '../use-model.ts';
import { ActionsPanel } from './actions-panel.tsx';
import { BackchannelPanel } from './backchannel-panel.tsx';
import { BalancePanel } from './balance-chart.tsx';
import { BoardView } from './board-view.tsx';
import { ConsoleModels } from './console-panels.ts';
import type { PanelId } from './console-panels.ts';
import { ModerationPanel } from './moderation-panel.tsx';
import { OpenSpacePanel } from './open-space-panel.tsx';
import { PanelTabs } from './panel-tabs.tsx';
import { PeoplePanel } from './people-panel.tsx';
import { ProcedureSteps, TimerControls } from './procedure-bar.tsx';
import { PromptDialog } from './prompt-dialog.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { RoomControls } from './room-controls.tsx';
import { ScribeForm } from './scribe-form.tsx';
import { SettingsPanel } from './settings-panel.tsx';
import { SimilarPanel } from './similar-panel.tsx';
import { VotePanel } from './vote-panel.tsx';
import './console.css';

export function ConsoleScreen({ stored, conn, boardId }: BoardScreenProps) {
  const m = useModel(() => new ConsoleModels({ stored, conn, boardId }), [conn, boardId]);
  const c = m.console;
  const notice = c.notice.value;
  // On a breakout, say which one: the session's question alone would read as the plenary.
  const breakout = conn.model.value.breakout.value;
  return (
    <div class="console">
      <header class="console-head">
        <h1>
          {c.details.value.title}
          {breakout && <span class="console-head__board">{` · ${breakout.title}`}</span>}
        </h1>
        <BoardSwitcher models={m} />
        <p class="who">{t(`role.${stored.role}`)}</p>
        <ConnectionBadge conn={conn} />
      </header>
      <p class={`console-notice${notice ? ` console-notice--${notice.kind}` : ''}`} role="status" aria-live="polite" key={notice?.id}>
        {notice?.text() ?? ''}
      </p>
      <ProcedureSteps console={c} procedure={m.procedure} settings={m.settings} />
      <div class="console-grid">
        <aside class="console-side" aria-label={t('console.sidebar')}>
          <TimerControls console={c} timer={m.timer} />
          <RoomControls console={c} launcher={m.launcher} />
        </aside>
        <BoardView console={c} themes={m.themes} />
        <PanelTabs
          panels={m.panels()}
          current={m.panel.value}
          onSelect={(id) => (m.panel.value = id)}
          badges={{ moderation: m.moderation.pending.value.length, openSpace: m.openSpace.proposed.value.length, back: m.back.unread.value }}
        >
          <Panel id={m.panel.value} models={m} />
        </PanelTabs>
      </div>
      <PromptDialog prompt={c.prompt.value} />
    </div>
  );
}

function Panel({ id, models: m }: { id: PanelId; models: ConsoleModels }) {
  const c = m.console;
  switch (id) {
    case 'moderation':
      return <ModerationPanel console={c} mod={m.moderation} />;
    case 'similar':
      return <SimilarPanel console={c} similar={m.similar} />;
    case 'vote':
      return <VotePanel console={c} vote={m.vote} />;
    case 'actions':
      return <ActionsPanel console={c} actions={m.actions} themes={m.themes} />;
    case 'scribe':
      return <ScribeForm scribe={m.scribe} />;
    case 'people':
      return <PeoplePanel console={c} people={m.people} signIn={m.signIn} />;
    case 'openSpace':
      return <OpenSpacePanel console={c} os={m.openSpace} />;
    case 'balance':
      return <BalancePanel byGroup={m.participation.byGroup.value} byAge={m.participation.byAge.value} residents={m.participation.data.value?.residents ?? null} />;
    case 'back':
      return <BackchannelPanel console={c} back={m.back} />;
    case 'settings':
      return <SettingsPanel console={c} settings={m.settings} />;
    case 'results':
      return <ResultsPanel console={c} results={m.results} people={m.people} escalations={m.escalations} />;
  }
}

function BoardSwitcher({ models: m }: { models: ConsoleModels }) {
  const c = m.console;
  const boards = c.details.value.boards;
  if (boards.length < 2) return null;
  return (
    <div class="board-switch">
      <label for="board-switch">{t('console.boardSwitch')}</label>
      <select id="board-switch" value={c.boardId} onChange={(e) => navigate(boardPath(c.stored.sessionId, e.currentTarget.value))}>
        {boards.map((b) => <option key={b.id} value={b.id}>{b.title}</option>)}
      </select>
    </div>
  );
}
