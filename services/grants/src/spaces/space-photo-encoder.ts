import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ValidationProblem } from '@vaikuta/http';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** A bound on what decoding a small file may claim; 60 MP covers current phone cameras. */
const MAX_PHOTO_PIXELS = 60_000_000;
/** Longest side kept: enough for a space page on any screen, and keeps the public files small. */
const MAX_EDGE = 2560;

const FORMATS = {
  'image/jpeg': { extension: 'jpg', encode: (s: sharp.Sharp) => s.jpeg({ quality: 85, mozjpeg: true }) },
  'image/png': { extension: 'png', encode: (s: sharp.Sharp) => s.png() },
  'image/webp': { extension: 'webp', encode: (s: sharp.Sharp) => s.webp({ quality: 85 }) },
} as const;
type PhotoType = keyof typeof FORMATS;

export interface EncodedSpacePhoto {
  bytes: Buffer;
  contentType: PhotoType;
  extension: string;
  width: number;
  height: number;
}

/**
 * A space's photo as it is stored and served to everyone: its type read from the bytes
 * (JPEG, PNG or WebP, whatever the name or declared type say), decoded and encoded afresh so
 * none of the camera's EXIF, XMP or GPS data reaches the public page — as feedback learned, a
 * phone's photo can tell where the manager lives. The orientation tag is applied to the pixels
 * first so the photo stays upright without it.
 */
export async function encodeSpacePhoto(upload: Buffer, field = 'file'): Promise<EncodedSpacePhoto> {
  if (upload.length === 0) throw ValidationProblem.field(field, 'The file is empty');
  if (upload.length > MAX_PHOTO_BYTES) throw ValidationProblem.field(field, 'A photo may be at most 10 MB', 413);
  const detected = await fileTypeFromBuffer(upload);
  if (!detected || !(detected.mime in FORMATS)) throw ValidationProblem.field(field, 'Only JPEG, PNG and WebP photos are accepted');
  const contentType = detected.mime as PhotoType;
  try {
    // The header alone tells the pixel count, so a decompression bomb is refused before decoding.
    const header = await sharp(upload, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata();
    if ((header.width ?? 0) * (header.height ?? 0) > MAX_PHOTO_PIXELS) throw new Error('pixel limit');
    const image = sharp(upload, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error', autoOrient: true })
      .timeout({ seconds: 30 })
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await FORMATS[contentType].encode(image).toBuffer({ resolveWithObject: true });
    return { bytes: data, contentType, extension: FORMATS[contentType].extension, width: info.width, height: info.height };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/pixel limit/i.test(message)) throw ValidationProblem.field(field, `The photo is too large: at most ${MAX_PHOTO_PIXELS / 1_000_000} megapixels`, 422);
    throw ValidationProblem.field(field, 'The photo could not be read as an image');
  }
}
