import { fileTypeFromBuffer } from 'file-type';
import { ValidationProblem } from '@vaikuta/http';
import { encodePhotoVariants, PhotoVariants } from './photo-variants';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const ACCEPTED = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
]);

export interface UploadedPhoto {
  field: string;
  filename: string;
  bytes: Buffer;
}

export interface InspectedPhoto {
  /** The upload as received: checked, never stored (it may carry EXIF, GPS, …). */
  bytes: Buffer;
  contentType: string;
  extension: string;
  /** What is stored: re-encoded without metadata, in each size. */
  variants: PhotoVariants;
}

/**
 * Decides a photo's type from its bytes, never from the name or the declared type:
 * a renamed executable stays out however it is labelled. Then decodes and re-encodes it
 * (photo-variants.ts), once, here at intake: an image that cannot be decoded is refused
 * before anything is written, and no request ever pays for it again.
 */
export async function inspectPhotos(photos: UploadedPhoto[], field = 'photos'): Promise<InspectedPhoto[]> {
  if (photos.length > MAX_PHOTOS) throw ValidationProblem.field(field, `At most ${MAX_PHOTOS} photos`);
  const out: InspectedPhoto[] = [];
  for (const [i, photo] of photos.entries()) {
    if (photo.bytes.length > MAX_PHOTO_BYTES) {
      throw ValidationProblem.field(`${field}[${i}]`, 'A photo may be at most 10 MB', 413);
    }
    const type = await fileTypeFromBuffer(photo.bytes);
    const extension = type && ACCEPTED.get(type.mime);
    if (!type || !extension) {
      throw ValidationProblem.field(`${field}[${i}]`, 'Only JPEG, PNG and WebP photos are accepted');
    }
    // One at a time: each decode already uses sharp's thread pool, and five at once would
    // hold five full-resolution bitmaps.
    const variants = await encodePhotoVariants(photo.bytes, `${field}[${i}]`);
    out.push({ bytes: photo.bytes, contentType: type.mime, extension, variants });
  }
  return out;
}
