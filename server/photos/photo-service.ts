/**
 * Photos on concerns: attaching, removing and serving them. A photo follows its concern: it is
 * served to whoever may see the concern (held ones to the author and moderators only; ones in
 * the document to the session; after publication to anyone), and its id is written into the
 * note by the server alone, in the same commit as the photo's bytes.
 */
import { DomainError } from '../../shared/errors.ts';
import { can } from '../../shared/permissions.ts';
import { notesMap, readNote } from '../../shared/board-doc.ts';
import { isModerator, type Actor } from '../../shared/roles.ts';
import type { NoteFields } from '../../shared/board-schema.ts';
import { photoPath, type PhotoUploadResponse, type PhotoVariant } from '../../shared/photos.ts';
import type { BoardRow, HeldNoteRow, PhotoRow, Storage, StorageOp } from '../storage/storage.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import type { Notifier } from '../realtime/notifier.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import { newId } from '../ids.ts';
import { ImageRejected, processImage } from './image-processing.ts';

export interface PhotoServiceDeps {
  storage: Storage;
  rooms: BoardRooms;
  notify: Notifier;
  now?: () => number;
}

/** Where a concern is: in the document, or held out of it. */
type Located = { board: BoardRow; room: BoardRoom; note: NoteFields; held: HeldNoteRow | null };

/** A photo ready to send, and whether anyone may have it (for caching). */
export interface ServedPhoto {
  bytes: Uint8Array;
  public: boolean;
}

export class PhotoService {
  private readonly now: () => number;

  constructor(private readonly deps: PhotoServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Attaches (or replaces) the photo of a concern. Nothing is stored unless all of it is. */
  async attach(actor: Actor, boardId: string, noteId: string, body: Uint8Array): Promise<PhotoUploadResponse> {
    await this.locateForEdit(actor, boardId, noteId);
    let image;
    try {
      image = await processImage(body);
    } catch (err) {
      if (err instanceof ImageRejected) throw new DomainError(err.kind === 'too-large' ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', err.message);
      throw err;
    }
    // Decoding took a while: decide again on the concern as it is now.
    const { board, room, note, held } = await this.locateForEdit(actor, boardId, noteId);
    const photo: PhotoRow = {
      id: newId(), sessionId: board.sessionId, boardId: board.id, noteId, uploadedBy: actor.participantId,
      width: image.full.width, height: image.full.height, thumbWidth: image.thumb.width, thumbHeight: image.thumb.height,
      full: image.full.bytes, thumb: image.thumb.bytes, createdAt: this.now(),
    };
    const ops: StorageOp[] = [{ op: 'photo.put', photo }, ...(note.photoId ? [{ op: 'photo.delete' as const, photoId: note.photoId }] : [])];
    await this.writePhotoId(room, noteId, held, photo.id, ops);
    return {
      photoId: photo.id, boardId: board.id, noteId, width: photo.width, height: photo.height, thumbWidth: photo.thumbWidth, thumbHeight: photo.thumbHeight,
      thumbUrl: photoPath(photo.id, 'thumb'), fullUrl: photoPath(photo.id, 'full'),
    };
  }

  /** Removes a concern's photo, bytes and all. */
  async remove(actor: Actor, boardId: string, noteId: string): Promise<void> {
    const { room, note, held } = await this.locateForEdit(actor, boardId, noteId);
    if (!note.photoId) throw new DomainError('NOT_FOUND', 'This concern has no photo.');
    await this.writePhotoId(room, noteId, held, null, [{ op: 'photo.delete', photoId: note.photoId }]);
  }

  /**
   * A rendition for `actor` (null: no usable token). Throws 404 when the photo or its concern is
   * gone (or it is another session's and not public), 403 when the concern is held from this
   * participant, 401 when a token is needed.
   */
  async read(photoId: string, variant: PhotoVariant, actor: Actor | null, authError: DomainError): Promise<ServedPhoto> {
    const gone = new DomainError('NOT_FOUND', 'No such photo.');
    const meta = await this.deps.storage.getPhoto(photoId);
    const board = meta ? await this.deps.storage.getBoard(meta.boardId) : null;
    if (!meta || !board) throw gone;
    const room = await this.deps.rooms.read(board.id, board.sessionId);
    const inDoc = readNote(room.doc, meta.noteId);
    const held = inDoc ? null : await room.heldNote(meta.noteId);
    const note = inDoc ?? held?.note;
    if (!note || note.photoId !== photoId) throw gone;

    const ownSession = actor !== null && actor.sessionId === meta.sessionId;
    let isPublic = false;
    if (held) {
      if (!ownSession) throw actor ? gone : authError;
      if (note.authorId !== actor.participantId && !isModerator(actor.role)) throw new DomainError('FORBIDDEN', 'This concern is not shown to you.');
    } else if (!ownSession) {
      isPublic = (await this.deps.storage.getDisclosure(meta.sessionId))?.publishedAt != null;
      if (!isPublic) throw actor ? gone : authError;
    }
    const bytes = await this.deps.storage.getPhotoBytes(photoId, variant);
    if (!bytes) throw gone;
    return { bytes, public: isPublic };
  }

  /** Finds the concern and checks that `actor` may change it, exactly as for note:edit. */
  private async locateForEdit(actor: Actor, boardId: string, noteId: string): Promise<Located> {
    const board = await this.deps.storage.getBoard(boardId);
    if (!board || board.sessionId !== actor.sessionId) throw new DomainError('NOT_FOUND', 'No such board in this session.');
    const room = await this.deps.rooms.get(board.id, board.sessionId);
    const inDoc = readNote(room.doc, noteId);
    const held = inDoc ? null : await room.heldNote(noteId);
    // A hidden concern is out of its author's hands, as for note:edit.
    const note = inDoc ?? (held && held.state !== 'hidden' ? held.note : null);
    if (!note) throw new DomainError('NOT_FOUND', 'No such concern on this board.');
    const allowed = can(actor, 'note:edit', readRuleState(room.doc, note.authorId));
    if (!allowed.ok) {
      const own = note.authorId === actor.participantId;
      throw new DomainError(allowed.error.code, allowed.error.code === 'FORBIDDEN' && !own && actor.role === 'resident' ? 'You can add or remove photos only on your own concerns.' : allowed.error.message);
    }
    return { board, room, note, held };
  }

  /** Sets (or clears) the note's photoId where the note lives, in one commit with `ops`. */
  private async writePhotoId(room: BoardRoom, noteId: string, held: HeldNoteRow | null, photoId: string | null, ops: StorageOp[]): Promise<void> {
    if (held) {
      const { photoId: _old, ...rest } = held.note;
      await room.holdNote({ ...held, note: photoId ? { ...rest, photoId } : rest }, ops);
      this.deps.notify.toParticipant(room.sessionId, held.note.authorId, 'held:changed', { boardId: room.boardId });
      this.deps.notify.toModerators(room.sessionId, 'held:changed', { boardId: room.boardId });
      return;
    }
    await room.serverChange((doc) => {
      const m = notesMap(doc).get(noteId);
      // Deleted or hidden meanwhile: throwing here commits nothing, so no photo is left without its concern.
      if (!m) throw new DomainError('NOT_FOUND', 'The concern was removed meanwhile.');
      if (photoId) m.set('photoId', photoId);
      else m.delete('photoId');
    }, ops);
  }
}
