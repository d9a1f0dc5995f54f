/**
 * Turns an uploaded file into the two stored renditions. Only the bytes decide what a file is:
 * its magic number must be JPEG, PNG or WebP and libvips must decode all of it; SVG (which can
 * carry script), GIF, HEIC, PDF and anything else are refused before libvips sees them.
 * Re-encoding keeps nothing but the pixels, so EXIF (GPS above all), XMP, IPTC, ICC profiles
 * and comments are gone; EXIF orientation is applied to the pixels first.
 */
import sharp, { type Metadata } from 'sharp';
import { PhotoMaxEdge, PhotoMaxPixels } from '../../shared/photos.ts';

/** A refused upload: `too-large` (413) or `not-an-image` (415), with a sentence for people. */
export class ImageRejected extends Error {
  constructor(readonly kind: 'too-large' | 'not-an-image', message: string) {
    super(message);
    this.name = 'ImageRejected';
  }
}

export interface ProcessedImage {
  full: { bytes: Buffer; width: number; height: number };
  thumb: { bytes: Buffer; width: number; height: number };
}

type Format = 'jpeg' | 'png' | 'webp';

/** The format the magic number says, or null. */
export function sniffImage(bytes: Uint8Array): Format | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

const notAnImage = 'This file is not a photo we can use: send a JPEG, PNG or WebP image.';
const unreadable = 'This image could not be read completely (it may be damaged or cut off); take or choose the photo again.';

// libvips gets one thread per image: two cores serve many tablets, and a photo takes ~100 ms.
sharp.concurrency(1);
sharp.cache(false);

/** At most this many images are decoded at once, so a burst of uploads cannot exhaust memory. */
const maxParallel = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxParallel) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Checks, decodes and re-encodes an upload; throws ImageRejected for anything unusable. */
export async function processImage(bytes: Uint8Array): Promise<ProcessedImage> {
  const format = sniffImage(bytes);
  if (!format) throw new ImageRejected('not-an-image', notAnImage);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return withSlot(async () => {
    let declared: Metadata;
    try {
      // Reading the header decodes no pixels, so the size limit is applied below, with a clear answer.
      declared = await sharp(input, { limitInputPixels: false }).metadata();
    } catch {
      throw new ImageRejected('not-an-image', unreadable);
    }
    // The container must agree with the magic number (libvips sniffs on its own as well).
    if (declared.format !== format) throw new ImageRejected('not-an-image', notAnImage);
    if (!declared.width || !declared.height) throw new ImageRejected('not-an-image', unreadable);
    if (declared.width * declared.height > PhotoMaxPixels) {
      throw new ImageRejected('too-large', `This image is too large (${declared.width} × ${declared.height} pixels); at most ${PhotoMaxPixels / 1e6} megapixels.`);
    }
    try {
      // failOn 'warning' refuses truncated and corrupt data instead of padding it with grey.
      const full = await sharp(input, { failOn: 'warning', limitInputPixels: PhotoMaxPixels, autoOrient: true, pages: 1 })
        .resize(PhotoMaxEdge.full, PhotoMaxEdge.full, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      const thumb = await sharp(full.data)
        .resize(PhotoMaxEdge.thumb, PhotoMaxEdge.thumb, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 75, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      return {
        full: { bytes: full.data, width: full.info.width, height: full.info.height },
        thumb: { bytes: thumb.data, width: thumb.info.width, height: thumb.info.height },
      };
    } catch {
      throw new ImageRejected('not-an-image', unreadable);
    }
  });
}
