/** One concern on the console's board: its text, and the moderator's controls for it. */
import { NoteColors } from '../../../shared/board-schema.ts';
import type { ClusterFields } from '../../../shared/board-schema.ts';
import type { NoteView } from '../model/board-model.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { ThemeModel } from './theme-model.ts';
import { clip, dots } from './board-labels.ts';
import { PhotoThumb } from './photo-thumb.tsx';

interface Props {
  console: ConsoleModel;
  themes: ThemeModel;
  note: NoteView;
  clusters: ClusterFields[];
  tally: number | null;
}

export function NoteCard({ console: c, themes, note, clusters, tally }: Props) {
  const color = (NoteColors as readonly string[]).includes(note.color) ? note.color : NoteColors[0];
  const spotlit = c.board.spotlight.value === note.id;
  const short = clip(note.text, 30);
  const canMove = c.can('note:move', note.authorId);
  return (
    <li
      class={`cnote note--${color}${spotlit ? ' is-spotlit' : ''}${themes.dragging.value === note.id ? ' is-dragging' : ''}`}
      draggable={canMove}
      onDragStart={(e) => {
        e.dataTransfer?.setData('text/plain', note.id);
        themes.dragging.value = note.id;
      }}
      onDragEnd={() => (themes.dragging.value = null)}
    >
      <p class="cnote__text">{note.text}</p>
      {note.photoId && <PhotoThumb photoId={note.photoId} token={c.stored.token} text={note.text} />}
      <p class="cnote__meta">
        {note.scribedBy && <span class="tag">{t('console.note.scribed')}</span>}
        {note.mergedFrom && note.mergedFrom.length > 0 && <span class="tag">{t('console.note.merged', { n: note.mergedFrom.length })}</span>}
        {tally !== null && <span class="tag tag--dots">{dots(tally)}</span>}
        {spotlit && <span class="tag tag--spot">{t('console.spotlight.tag')}</span>}
      </p>
      <div class="cnote__tools">
        {canMove && (
          <select
            aria-label={t('console.note.moveTo', { text: short })}
            value={note.clusterId ?? ''}
            onChange={(e) => void themes.moveNote(note.id, e.currentTarget.value || null)}
          >
            <option value="">{t('console.note.noTheme')}</option>
            {clusters.map((cl) => (
              <option key={cl.id} value={cl.id}>
                {clip(cl.title, 40)}
              </option>
            ))}
          </select>
        )}
        {c.can('spotlight:set') && (
          <button type="button" class="icon" aria-pressed={spotlit} aria-label={t('console.spotlight.on', { text: short })} title={t('console.spotlight.button')} onClick={() => void themes.spotlight(note.id)}>
            ★
          </button>
        )}
        {c.can('note:hide') && (
          <button type="button" class="icon" aria-label={t('console.note.hideLabel', { text: short })} title={t('console.note.hide')} onClick={() => void themes.hideNote(note.id)}>
            ⊘
          </button>
        )}
        {c.can('note:delete', note.authorId) && (
          <button type="button" class="icon danger" aria-label={t('console.note.deleteLabel', { text: short })} title={t('console.note.delete')} onClick={() => void themes.deleteNote(note.id)}>
            ✕
          </button>
        )}
      </div>
    </li>
  );
}
