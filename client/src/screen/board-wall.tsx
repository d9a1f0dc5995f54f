/**
 * The board on the projector: every theme with its concerns, then the unsorted ones, then the
 * action items, in columns whose type is as large as still fits. No vote counts here, ever: the
 * counts appear only in the revealed results.
 */
import { useRef } from 'preact/hooks';
import { NoteColors } from '../../../shared/board-schema.ts';
import { photoPath } from '../../../shared/photos.ts';
import type { BoardSummary } from '../../../shared/http-api.ts';
import { t } from '../i18n.ts';
import type { ActionView, BoardModel, NoteView } from '../model/board-model.ts';
import { useAutoFit } from './auto-fit.ts';

import { ActionItems, AdviceLines } from './spotlight.tsx';

export function BoardWall({ model, token, boards }: { model: BoardModel; token: string; boards: readonly BoardSummary[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const notes = model.notes.value;
  const clusters = model.clusters.value;
  const actions = model.actions.value;
  const spot = model.spotlight.value;
  const advice = model.advice.value;
  const unsorted = notes.filter((n) => !n.clusterId || !clusters.some((c) => c.id === n.clusterId));
  useAutoFit(ref, `${advice.length}/${notes.length}/${clusters.length}/${actions.length}/${notes.map((n) => n.clusterId ?? '').join()}/${clusters.map((c) => c.title).join()}/${notes.map((n) => n.text.length).join()}`, 14, 56);
  return (
    <section class="bs-board" aria-labelledby="bs-board-heading">
      <h2 id="bs-board-heading" class="visually-hidden">{t('screen.board')}</h2>
      {notes.length === 0 && actions.length === 0 && clusters.length === 0 ? (
        <p class="bs-empty">{t('screen.board.empty')}</p>
      ) : (
        <div class="bs-wall" ref={ref}>
          {clusters.map((c) => (
            <section key={c.id} class={`bs-theme${spot === c.id ? ' is-spot' : ''}`} aria-labelledby={`bs-theme-${c.id}`}>
              <h3 id={`bs-theme-${c.id}`}>{c.title}</h3>
              {advice.some((x) => x.targetId === c.id) && (
                <p class="bs-theme-advice">
                  <AdviceLines advice={advice.filter((x) => x.targetId === c.id)} />
                </p>
              )}
              <NoteList notes={notes.filter((n) => n.clusterId === c.id)} spot={spot} token={token} />
            </section>
          ))}
          {unsorted.length > 0 && (
            <section class="bs-theme bs-theme--unsorted" aria-labelledby="bs-theme-unsorted">
              {clusters.length > 0 && <h3 id="bs-theme-unsorted">{t('screen.board.unsorted')}</h3>}
              <NoteList notes={unsorted} spot={spot} token={token} />
            </section>
          )}
          {actions.length > 0 && <ActionList model={model} actions={actions} spot={spot} boards={boards} />}
        </div>
      )}
    </section>
  );
}

function NoteList({ notes, spot, token }: { notes: NoteView[]; spot: string | null; token: string }) {
  return (
    <ul class="bs-notes">
      {notes.map((n) => (
        <li key={n.id} class={`bs-note bs-note--${(NoteColors as readonly string[]).includes(n.color) ? n.color : NoteColors[0]}${spot === n.id ? ' is-spot' : ''}`}>
          {n.photoId && <img class="bs-thumb" src={photoPath(n.photoId, 'thumb', token)} alt={t('screen.photo')} loading="lazy" />}
          <span>{n.text}</span>
        </li>
      ))}
    </ul>
  );
}

function ActionList({ model, actions, spot, boards }: { model: BoardModel; actions: ActionView[]; spot: string | null; boards: readonly BoardSummary[] }) {
  return (
    <section class="bs-theme bs-theme--actions" aria-labelledby="bs-actions-heading">
      <h3 id="bs-actions-heading">{t('screen.actions')}</h3>
      <ActionItems model={model} actions={actions} spot={spot} boards={boards} />
    </section>
  );
}
