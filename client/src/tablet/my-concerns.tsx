/** "My concerns": what I wrote and where each one is (on the board, private, waiting, sending…). */
import { NoteColors } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { MessageKey } from '../i18n.ts';
import type { MyConcern, MyConcernsModel } from './my-concerns-model.ts';
import { AddPhoto, PhotoThumb } from './photo.tsx';
import { refusalKey } from './tablet-model.ts';
import type { TabletModel } from './tablet-model.ts';

const stateKey: Record<string, MessageKey> = {
  board: 'tablet.mine.onBoard',
  private: 'tablet.mine.private',
  pending: 'tablet.mine.pending',
  rejected: 'tablet.mine.rejected',
  hidden: 'tablet.mine.hidden',
  sending: 'tablet.mine.sending',
};

const colorOf = (c: string): string => ((NoteColors as readonly string[]).includes(c) ? c : NoteColors[0]);

export function MyConcernsPanel({ tablet, concerns, token }: { tablet: TabletModel; concerns: MyConcernsModel; token: string }) {
  const list = concerns.list.value;
  return (
    <section class="tmine" aria-labelledby="tmine-heading">
      <h2 id="tmine-heading">
        {t('tablet.mine.heading')} <span class="tcount">{list.length}</span>
      </h2>
      {list.length === 0 ? (
        <p class="empty">{t('tablet.mine.empty')}</p>
      ) : (
        <ul class="tmine__list">
          {list.map((item) => (
            <MyConcernItem key={item.where === 'sending' ? item.key : item.where === 'merged' ? item.id : item.note.id} item={item} tablet={tablet} concerns={concerns} token={token} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MyConcernItem({ item, tablet, concerns, token }: { item: MyConcern; tablet: TabletModel; concerns: MyConcernsModel; token: string }) {
  if (item.where === 'sending') {
    return (
      <li class={`tmine__item tnote--${colorOf(item.color)} is-sending`}>
        <p class="tmine__text">{item.text}</p>
        <p class="tmine__state">
          <span class="ttag ttag--sending">{tablet.conn.status.value === 'online' ? t(stateKey.sending!) : t('tablet.mine.waiting')}</span>
        </p>
      </li>
    );
  }
  if (item.where === 'merged') {
    // Not gone: a moderator folded it into a concern that says the same; dots and theme went there.
    return (
      <li class="tmine__item is-merged">
        <p class="tmine__text">{item.text}</p>
        <p class="tmine__state">
          <span class="ttag ttag--merged">{t('tablet.mine.merged')}</span>
          <span class="tmine__reason"> {t('tablet.mine.mergedInto', { text: item.into.text })}</span>
        </p>
      </li>
    );
  }
  const note = item.note;
  const state = item.where === 'board' ? 'board' : item.state;
  const reason = item.where === 'held' ? item.reason : null;
  const mayDelete = tablet.may('note:delete', note.authorId);
  const mayPhoto = tablet.may('note:edit', note.authorId) && state !== 'hidden';
  const remove = async (): Promise<void> => {
    if (!confirm(t('tablet.mine.confirmDelete'))) return;
    const ack = await concerns.remove(note.id);
    if (ack.ok) tablet.say('ok', 'tablet.mine.deleted');
    else tablet.say('error', refusalKey(ack.error.code));
  };
  return (
    <li class={`tmine__item tnote--${colorOf(note.color)}`}>
      <p class="tmine__text">{note.text}</p>
      {note.photoId && <PhotoThumb photoId={note.photoId} token={token} about={note.text} />}
      <p class="tmine__state">
        <span class={`ttag ttag--${state}`}>{t(stateKey[state]!)}</span>
        {reason && <span class="tmine__reason"> {t('tablet.mine.reason', { reason })}</span>}
      </p>
      {(mayDelete || mayPhoto) && (
        <div class="tactions">
          {mayPhoto && (
            <AddPhoto
              boardId={tablet.boardId}
              noteId={note.id}
              token={token}
              hasPhoto={Boolean(note.photoId)}
              onDone={(error) => {
                if (error) tablet.say('error', refusalKey(error));
                else {
                  tablet.say('ok', 'tablet.photo.added');
                  if (item.where === 'held') void concerns.refresh();
                }
              }}
            />
          )}
          {mayDelete && (
            <button type="button" class="tdanger" onClick={remove}>
              {t('tablet.mine.delete')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
