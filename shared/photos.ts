/** Photos on concerns: the limits both ends apply and the shape of the upload answer (docs/API.md "Photos on concerns"). */

/** The two stored renditions of a photo. */
export const PhotoVariants = ['thumb', 'full'] as const;

/** A stored rendition: `thumb` for boards and the big screen, `full` on tap. */
export type PhotoVariant = (typeof PhotoVariants)[number];

/** Longest edge, in px, of each rendition (the client may scale to `full` before sending). */
export const PhotoMaxEdge: Record<PhotoVariant, number> = { full: 1600, thumb: 320 };

/** Default upload limit (PHOTO_MAX_BYTES): 2 MiB. */
export const DefaultPhotoMaxBytes = 2 * 1024 * 1024;

/** Largest image accepted, in pixels (width × height as the file declares them): refuses decompression bombs. */
export const PhotoMaxPixels = 50_000_000;

/** `POST /api/boards/:boardId/notes/:noteId/photo` 201 response. */
export interface PhotoUploadResponse {
  photoId: string;
  boardId: string;
  noteId: string;
  /** Size of the full rendition, px. */
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
  /** Path of the thumbnail, without a token. */
  thumbUrl: string;
  /** Path of the full rendition, without a token. */
  fullUrl: string;
}

/** The path of a rendition; an `<img>` adds `?token=` since it cannot send a header. */
export function photoPath(photoId: string, variant: PhotoVariant, token?: string): string {
  const base = `/api/photos/${encodeURIComponent(photoId)}/${variant}`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}
