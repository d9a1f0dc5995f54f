/**
 * Photos on concerns: scaled down on the tablet (hall Wi-Fi is slow and the server keeps at most
 * 1600 px anyway), sent raw to `POST /api/boards/:boardId/notes/:noteId/photo`, shown as a
 * thumbnail that opens the full photo.
 */
import { useRef, useState } from 'preact/hooks';
import { DefaultPhotoMaxBytes, PhotoMaxEdge, photoPath } from '../../../shared/photos.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { t } from '../i18n.ts';

/** Re-encodes an image as a JPEG whose longest edge is at most `maxEdge` px. */
export async function scaleForUpload(file: Blob, maxEdge: number = PhotoMaxEdge.full): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const k = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * k));
  canvas.height = Math.max(1, Math.round(bitmap.height * k));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const encode = (quality: number): Promise<Blob> => new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', quality);
  });
  const blob = await encode(0.85);
  return blob.size <= DefaultPhotoMaxBytes ? blob : encode(0.6);
}

/** Sends a photo for one of my concerns; resolves with null or the error code. */
export async function uploadPhoto(boardId: string, noteId: string, photo: Blob, token: string): Promise<ErrorCode | 'NETWORK' | null> {
  try {
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/notes/${encodeURIComponent(noteId)}/photo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      body: photo,
    });
    if (res.ok) return null;
    const body = (await res.json().catch(() => null)) as { error?: { code?: ErrorCode } } | null;
    return body?.error?.code ?? 'INTERNAL';
  } catch {
    return 'NETWORK';
  }
}

/** "Add photo": the camera or the gallery, scaled and sent. */
export function AddPhoto({ boardId, noteId, token, hasPhoto, onDone }: {
  boardId: string;
  noteId: string;
  token: string;
  hasPhoto: boolean;
  onDone: (error: ErrorCode | 'NETWORK' | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  const pick = async (e: Event): Promise<void> => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    let error: ErrorCode | 'NETWORK' | null;
    try {
      error = await uploadPhoto(boardId, noteId, await scaleForUpload(file), token);
    } catch {
      error = 'UNSUPPORTED_MEDIA_TYPE';
    }
    setBusy(false);
    onDone(error);
  };
  return (
    <label class={`button tphoto-add${busy ? ' is-busy' : ''}`}>
      <input type="file" accept="image/*" capture="environment" class="visually-hidden" disabled={busy} onChange={pick} />
      {busy ? t('tablet.photo.sending') : hasPhoto ? t('tablet.photo.replace') : t('tablet.photo.add')}
    </label>
  );
}

/** A concern's thumbnail; a tap opens the full photo. `about` (the concern's text) tells one photo button from another. */
export function PhotoThumb({ photoId, token, about }: { photoId: string; token: string; about: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const show = (): void => {
    setOpen(true);
    dialog.current?.showModal();
  };
  return (
    <>
      <button type="button" class="tphoto" onClick={show} aria-label={t('tablet.photo.showFor', { text: about.length > 40 ? `${about.slice(0, 39)}…` : about })}>
        <img src={photoPath(photoId, 'thumb', token)} alt="" loading="lazy" decoding="async" />
      </button>
      <dialog ref={dialog} class="tdialog tphoto-full" aria-label={t('tablet.photo.full')} onClose={() => setOpen(false)}>
        {open && <img src={photoPath(photoId, 'full', token)} alt={t('tablet.photo.full')} />}
        <form method="dialog">
          <button type="submit" class="primary">
            {t('tablet.dialog.close')}
          </button>
        </form>
      </dialog>
    </>
  );
}
