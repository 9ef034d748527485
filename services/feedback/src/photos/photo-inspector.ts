import { fileTypeFromBuffer } from 'file-type';
import { ValidationProblem } from '@vaikuta/http';

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
  bytes: Buffer;
  contentType: string;
  extension: string;
}

/**
 * Decides a photo's type from its bytes, never from the name or the declared type:
 * a renamed executable stays out however it is labelled.
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
    out.push({ bytes: photo.bytes, contentType: type.mime, extension });
  }
  return out;
}
