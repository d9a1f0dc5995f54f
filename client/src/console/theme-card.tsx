/** A theme (or the "not sorted yet" pile) with its concerns, as a drop zone for dragged concerns. */
import type { ComponentChildren } from 'preact';
import type { ClusterFields } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { ThemeModel } from './theme-model.ts';
import { clip, dots } from './board-labels.ts';

interface Props {
  console: ConsoleModel;
  themes: ThemeModel;
  /** Null for the pile of concerns not in a theme. */
  theme: ClusterFields | null;
  clusters: ClusterFields[];
  count: number;
  tally: number | null;
  children: ComponentChildren;
}

export function ThemeCard({ console: c, themes, theme, clusters, count, tally, children }: Props) {
  const id = theme?.id ?? null;
  const title = theme ? theme.title : t('console.board.unsorted');
  const headingId = `theme-${id ?? 'none'}`;
  const spotlit = theme !== null && c.board.spotlight.value === theme.id;
  const dropping = themes.dragging.value !== null;
  return (
    <section
      class={`theme${theme ? '' : ' theme--unsorted'}${dropping ? ' is-drop' : ''}${spotlit ? ' is-spotlit' : ''}`}
      aria-labelledby={headingId}
      onDragOver={(e) => {
        if (themes.dragging.value) e.preventDefault();
      }}
      onDrop={(e) => {
        e.preventDefault();
        const noteId = e.dataTransfer?.getData('text/plain') || themes.dragging.value;
        if (noteId) themes.drop(noteId, id);
      }}
    >
      <header class="theme__head">
        <h3 id={headingId}>
          {title} <span class="theme__count">({count})</span>
          {tally !== null && <span class="tag tag--dots">{dots(tally)}</span>}
        </h3>
        {theme && (
          <div class="theme__tools">
            {c.can('cluster:rename') && (
              <button type="button" class="small" aria-label={t('console.theme.renameLabel', { title: clip(theme.title, 30) })} onClick={() => void themes.rename(theme.id, theme.title)}>
                {t('console.theme.rename')}
              </button>
            )}
            {c.can('spotlight:set') && (
              <button type="button" class="icon" aria-pressed={spotlit} aria-label={t('console.spotlight.on', { text: clip(theme.title, 30) })} onClick={() => void themes.spotlight(theme.id)}>
                ★
              </button>
            )}
            {c.can('advice:add') && (
              <button type="button" class="small" aria-label={t('console.advice.on', { what: clip(theme.title, 30) })} onClick={() => void themes.advise(theme.id, theme.title)}>
                {t('console.advice.button')}
              </button>
            )}
            {c.can('item:escalate') && (
              <button type="button" class="small" aria-label={t('console.escalate.label', { what: clip(theme.title, 30) })} onClick={() => void themes.escalate(theme.id)}>
                {t('console.escalate.button')}
              </button>
            )}
            {c.can('cluster:merge') && clusters.length > 1 && (
              <select aria-label={t('console.theme.mergeLabel', { title: clip(theme.title, 30) })} value="" onChange={(e) => void themes.merge(theme.id, e.currentTarget.value)}>
                <option value="">{t('console.theme.mergeInto')}</option>
                {clusters.filter((cl) => cl.id !== theme.id).map((cl) => (
                  <option key={cl.id} value={cl.id}>{clip(cl.title, 40)}</option>
                ))}
              </select>
            )}
            {c.can('cluster:delete') && (
              <button type="button" class="icon danger" aria-label={t('console.theme.deleteLabel', { title: clip(theme.title, 30) })} onClick={() => void themes.remove(theme.id)}>
                ✕
              </button>
            )}
          </div>
        )}
      </header>
      {children}
    </section>
  );
}
