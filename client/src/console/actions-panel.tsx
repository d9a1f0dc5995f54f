/** The actions tab: new action items, and each one's co-drafted title, owner, due date and status. */
import { ActionStatuses } from '../../../shared/board-schema.ts';
import type { ActionStatus } from '../../../shared/board-schema.ts';
import { formatCalendarDate } from '../calendar-date.ts';
import { locale, t } from '../i18n.ts';
import type { ActionView } from '../model/board-model.ts';
import type { ConsoleModel } from './console-model.ts';
import type { ActionsModel } from './actions-model.ts';
import { AdviceList } from './board-view.tsx';
import { clip } from './board-labels.ts';
import { DraftField } from './draft-field.tsx';
import type { ThemeModel } from './theme-model.ts';
import { YTextField } from './y-text-field.tsx';

export function ActionsPanel({ console: c, actions, themes }: { console: ConsoleModel; actions: ActionsModel; themes: ThemeModel }) {
  const list = c.board.actions.value;
  const clusters = c.board.clusters.value;
  return (
    <section aria-labelledby="actions-heading">
      <h3 id="actions-heading">{t('console.action.heading', { n: list.length })}</h3>
      {c.can('action:add') && (
        <form class="stack-form" onSubmit={(e) => { e.preventDefault(); void actions.add(); }}>
          <label for="new-action">{t('console.action.new')}</label>
          <input id="new-action" value={actions.newTitle.value} maxLength={500} onInput={(e) => (actions.newTitle.value = e.currentTarget.value)} />
          {clusters.length > 0 && (
            <>
              <label for="new-action-theme">{t('console.action.theme')}</label>
              <select id="new-action-theme" value={actions.newTheme.value} onChange={(e) => (actions.newTheme.value = e.currentTarget.value)}>
                <option value="">{t('console.action.noTheme')}</option>
                {clusters.map((cl) => <option key={cl.id} value={cl.id}>{clip(cl.title, 40)}</option>)}
              </select>
            </>
          )}
          <button type="submit" class="small primary">{t('console.action.add')}</button>
        </form>
      )}
      {list.length === 0 ? <p class="empty small">{t('console.action.none')}</p> : (
        <ul class="actions">
          {list.map((a, i) => <ActionItem key={a.id} console={c} actions={actions} themes={themes} action={a} n={i + 1} />)}
        </ul>
      )}
    </section>
  );
}

function ActionItem({ console: c, actions, themes, action: a, n }: { console: ConsoleModel; actions: ActionsModel; themes: ThemeModel; action: ActionView; n: number }) {
  const name = clip(a.title || t('console.action.untitled', { n }), 30);
  const spotlit = c.board.spotlight.value === a.id;
  // Converged actions carry where they came from (docs/API.md §4).
  const source = (a as ActionView & { sourceBoardId?: string }).sourceBoardId;
  return (
    <li class={`action${spotlit ? ' is-spotlit' : ''}`}>
      {a.titleText ? (
        <YTextField text={a.titleText} id={`action-title-${a.id}`} label={t('console.action.titleLabel', { n })} />
      ) : (
        <p>{a.title}</p>
      )}
      {source && <p class="hint">{t('console.action.from', { board: c.boardTitle(source) })}</p>}
      <div class="action__fields">
        <DraftField id={`action-owner-${a.id}`} label={t('console.action.owner')} value={a.owner ?? ''} onCommit={(v) => actions.setField(a.id, 'owner', v)} />
        <div class="field">
          <label for={`action-due-${a.id}`}>{t('console.action.due')}</label>
          {/* `lang` asks the browser for the chosen language's date format (Firefox follows it);
              Chromium draws the field in its own UI language whatever `lang` says, so the date
              is also written out beside it in the chosen language. */}
          <input
            id={`action-due-${a.id}`}
            type="date"
            lang={locale.value}
            value={a.due ?? ''}
            aria-describedby={a.due ? `action-due-said-${a.id}` : undefined}
            onChange={(e) => actions.setField(a.id, 'due', e.currentTarget.value || null)}
          />
          {a.due && <span id={`action-due-said-${a.id}`} class="hint action__due-said">{formatCalendarDate(a.due, { dateStyle: 'full' })}</span>}
        </div>
        <div class="field">
          <label for={`action-status-${a.id}`}>{t('console.action.status')}</label>
          <select id={`action-status-${a.id}`} value={a.status} onChange={(e) => actions.setField(a.id, 'status', e.currentTarget.value as ActionStatus)}>
            {ActionStatuses.map((s) => <option key={s} value={s}>{t(`console.status.${s}`)}</option>)}
          </select>
        </div>
      </div>
      <AdviceList advice={c.board.advice.value.filter((ad) => ad.targetId === a.id)} />
      <div class="button-row">
        {c.can('spotlight:set') && (
          <button type="button" class="icon" aria-pressed={spotlit} aria-label={t('console.spotlight.on', { text: name })} onClick={() => void themes.spotlight(a.id)}>★</button>
        )}
        {c.can('advice:add') && (
          <button type="button" class="small" aria-label={t('console.advice.on', { what: name })} onClick={() => void themes.advise(a.id, a.title)}>{t('console.advice.button')}</button>
        )}
        {c.can('action:update') && (
          <button type="button" class="small" aria-label={t('console.action.updateLabel', { what: name })} onClick={() => void actions.update(a.id, '')}>{t('console.action.update')}</button>
        )}
        {c.can('item:escalate') && (
          <button type="button" class="small" aria-label={t('console.escalate.label', { what: name })} onClick={() => void actions.escalate('action', a.id)}>{t('console.escalate.button')}</button>
        )}
        {c.can('action:delete') && (
          <button type="button" class="icon danger" aria-label={t('console.action.deleteLabel', { what: name })} onClick={() => void actions.remove(a.id)}>✕</button>
        )}
      </div>
    </li>
  );
}
