/** "Move to theme…": the same as dragging a concern onto a theme, by tapping (or by keyboard). */
import { useEffect, useRef } from 'preact/hooks';
import type { ClusterFields } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { NoteView } from '../model/board-model.ts';

export function MoveToTheme({ note, themes, onChoose, onClose }: {
  note: NoteView | null;
  themes: readonly ClusterFields[];
  onChoose: (noteId: string, themeId: string | null) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (note && !d.open) d.showModal();
    if (!note && d.open) d.close();
  }, [note]);
  return (
    <dialog ref={dialog} class="tdialog tmove" aria-labelledby="tmove-heading" onClose={onClose}>
      {note && (
        <>
          <h2 id="tmove-heading">{t('tablet.move.heading')}</h2>
          <blockquote class="tmove__note">{note.text}</blockquote>
          {themes.length === 0 ? (
            <p>{t('tablet.move.none')}</p>
          ) : (
            <ul class="tmove__list">
              {themes.map((c) => (
                <li key={c.id}>
                  <button type="button" class={c.id === note.clusterId ? 'primary' : ''} aria-current={c.id === note.clusterId ? 'true' : undefined} onClick={() => onChoose(note.id, c.id)}>
                    {c.title}
                  </button>
                </li>
              ))}
              {note.clusterId && (
                <li>
                  <button type="button" onClick={() => onChoose(note.id, null)}>
                    {t('tablet.move.out')}
                  </button>
                </li>
              )}
            </ul>
          )}
          <form method="dialog">
            <button type="submit">{t('tablet.dialog.cancel')}</button>
          </form>
        </>
      )}
    </dialog>
  );
}
