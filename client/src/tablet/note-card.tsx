/**
 * One concern on the board. A class component with its own `shouldComponentUpdate`: the board
 * model hands out fresh note objects on every change, and a board of 2,000 concerns must not
 * re-render 1,999 unchanged cards when one moves.
 */
import { Component } from 'preact';
import { NoteColors } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { NoteView } from '../model/board-model.ts';
import { PhotoThumb } from './photo.tsx';

export interface NoteCardProps {
  note: NoteView;
  mine: boolean;
  spot: boolean;
  /** Offer "Move to theme…" (sorting allowed now). */
  sortable: boolean;
  token: string;
  onMove: (noteId: string) => void;
  /** Re-render when the language changes. */
  lang: string;
}

const same = (a: NoteCardProps, b: NoteCardProps): boolean => {
  const n = a.note;
  const m = b.note;
  return n.id === m.id && n.text === m.text && n.x === m.x && n.y === m.y && n.color === m.color && n.clusterId === m.clusterId
    && n.photoId === m.photoId && a.mine === b.mine && a.spot === b.spot && a.sortable === b.sortable
    && a.lang === b.lang && (n.mergedFrom?.length ?? 0) === (m.mergedFrom?.length ?? 0);
};

export class NoteCard extends Component<NoteCardProps> {
  override shouldComponentUpdate(next: NoteCardProps): boolean {
    return !same(this.props, next);
  }

  override render({ note, mine, spot, sortable, token, onMove }: NoteCardProps) {
    const color = (NoteColors as readonly string[]).includes(note.color) ? note.color : NoteColors[0];
    const foot = mine || sortable || Boolean(note.photoId) || Boolean(note.mergedFrom?.length);
    const cls = `tnote tnote--${color}${mine ? ' is-mine' : ''}${spot ? ' is-spot' : ''}${sortable ? ' is-sortable' : ''}${foot ? ' has-foot' : ''}`;
    return (
      <li class={cls} data-note={note.id} style={`left: ${note.x}px; top: ${note.y}px`}>
        <p class="tnote__text">{note.text}</p>
        {foot && (
          <div class="tnote__foot">
            {mine && <span class="tnote__mine">{t('tablet.note.mine')}</span>}
            {note.mergedFrom && note.mergedFrom.length > 0 && <span class="tnote__merged">{t('tablet.note.merged', { n: note.mergedFrom.length })}</span>}
            {note.photoId && <PhotoThumb photoId={note.photoId} token={token} about={note.text} />}
            {sortable && (
              // Short on the card (its words stay readable at 16 px beside "Mine" and a photo); the name says it in full.
              <button type="button" class="tnote__move" aria-label={t('tablet.move.open')} onClick={() => onMove(note.id)}>
                {t('tablet.move.short')}
              </button>
            )}
          </div>
        )}
      </li>
    );
  }
}
