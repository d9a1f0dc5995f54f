/**
 * A concern's photo on the console: a thumbnail (also on held concerns, so a moderator sees the
 * photo before approving) that opens the full photo in a dialog. The token rides in the query
 * because an `<img>` cannot send a header (docs/API.md "Photos on concerns").
 */
import { useRef, useState } from 'preact/hooks';
import { photoPath } from '../../../shared/photos.ts';
import { t } from '../i18n.ts';
import { clip } from './board-labels.ts';

export function PhotoThumb({ photoId, token, text }: { photoId: string; token: string; text: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const label = t('console.photo.show', { text: clip(text, 30) });
  return (
    <>
      <button
        type="button"
        class="cphoto"
        aria-label={label}
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        <img src={photoPath(photoId, 'thumb', token)} alt="" loading="lazy" decoding="async" />
      </button>
      <dialog ref={dialog} class="console-dialog cphoto-full" aria-label={label} onClose={() => setOpen(false)}>
        {open && <img src={photoPath(photoId, 'full', token)} alt={t('console.photo.full', { text: clip(text, 80) })} />}
        <form method="dialog" class="console-dialog__buttons">
          <button type="submit" class="primary">{t('console.close')}</button>
        </form>
      </dialog>
    </>
  );
}
