/**
 * Spotlight: the note, theme or action the facilitator asks everyone to look at, shown large over
 * the main view (which dims behind it), and the action card used on the board and in focus.
 */
import type { BoardSummary } from '../../../shared/http-api.ts';
import type { AdviceFields } from '../../../shared/open-space.ts';
import { photoPath } from '../../../shared/photos.ts';
import { t } from '../i18n.ts';
import type { ActionView, BoardModel } from '../model/board-model.ts';
import { formatDue } from './format.ts';

/** The action items as a list of cards, the spotlit one marked (the board wall and the vote results both show them). */
export function ActionItems({ model, actions, spot, boards }: { model: BoardModel; actions: ActionView[]; spot: string | null; boards: readonly BoardSummary[] }) {
  return (
    <ul class="bs-notes">
      {actions.map((a) => (
        <li key={a.id} class={`bs-action${spot === a.id ? ' is-spot' : ''}`}>
          <ActionCard action={a} model={model} boards={boards} />
        </li>
      ))}
    </ul>
  );
}

/** The breakout a converged action was drafted on (docs/API.md `session:converge`), by its title. */
function sourceTitle(action: ActionView, boards: readonly BoardSummary[]): string | null {
  const source = (action as ActionView & { sourceBoardId?: unknown }).sourceBoardId;
  if (typeof source !== 'string') return null;
  return boards.find((b) => b.id === source)?.title ?? null;
}

/** Expert advice on a theme or an action, under the expert's name (README: "on the board for everyone, the big screen included"). */
export function AdviceLines({ advice }: { advice: AdviceFields[] }) {
  if (advice.length === 0) return null;
  return (
    <>
      {advice.map((x) => (
        <span key={x.id} class="bs-advice">
          <strong>{t('screen.advice', { name: x.authorName ?? t('screen.advice.expert') })}</strong> {x.text}
        </span>
      ))}
    </>
  );
}

export function ActionCard({ action, model, boards }: { action: ActionView; model: BoardModel; boards: readonly BoardSummary[] }) {
  const from = sourceTitle(action, boards);
  return (
    <>
      <span class="bs-action-title">{action.title}</span>
      {from && <span class="bs-action-from">{t('screen.action.from', { board: from })}</span>}
      <span class="bs-action-meta">
        {action.owner && <span>{t('screen.action.owner', { owner: action.owner })}</span>}
        {action.owner && action.due && <span class="bs-action-sep">{t('common.sep').trim()}</span>}
        {action.due && <span>{t('screen.action.due', { date: formatDue(action.due) })}</span>}
        {(action.owner || action.due) && <span class="bs-action-sep">{t('common.sep').trim()}</span>}
        <span class={`bs-status bs-status--${action.status}`}>{t(`screen.action.status.${action.status}`)}</span>
      </span>
      <AdviceLines advice={model.advice.value.filter((x) => x.targetId === action.id)} />
    </>
  );
}

export function Spotlight({ model, token, boards }: { model: BoardModel; token: string; boards: readonly BoardSummary[] }) {
  const id = model.spotlight.value;
  if (!id) return null;
  const note = model.note(id);
  const theme = model.clusters.value.find((c) => c.id === id);
  const action = model.actions.value.find((a) => a.id === id);
  if (!note && !theme && !action) return null;
  return (
    <section class="bs-spotlight" aria-labelledby="bs-spot-heading">
      <div class="bs-spotlight-card">
        <h2 id="bs-spot-heading" class="bs-spot-label">{t('screen.spotlight')}</h2>
        {note && (
          <div class="bs-spot-note">
            {note.photoId && <img class="bs-spot-photo" src={photoPath(note.photoId, 'full', token)} alt={t('screen.photo')} />}
            <p class="bs-spot-text">{note.text}</p>
          </div>
        )}
        {theme && (
          <>
            <p class="bs-spot-text">{theme.title}</p>
            <ul class="bs-spot-list">
              {model.notesIn(theme.id).map((n) => <li key={n.id}>{n.text}</li>)}
            </ul>
          </>
        )}
        {action && (
          <p class="bs-spot-text bs-spot-action">
            <ActionCard action={action} model={model} boards={boards} />
          </p>
        )}
      </div>
    </section>
  );
}
