import sharp from 'sharp';
import { ValidationProblem } from '@vaikuta/http';

/** The sizes a stored photo is kept in: lists show the thumbnail, pages the display size. */
export const PHOTO_SIZES = ['thumb', 'display', 'original'] as const;
export type PhotoSize = (typeof PHOTO_SIZES)[number];

/** Longest side, in pixels, of each reduced size. */
export const THUMB_EDGE = 320;
export const DISPLAY_EDGE = 1280;
/**
 * Decoding a small file can still need gigabytes (a 10 MB PNG of one colour may claim
 * 30,000 × 30,000 pixels). 60 megapixels covers the 48 MP sensors of current phones.
 */
export const MAX_PHOTO_PIXELS = 60_000_000;
/** A photo that takes longer than this to decode and encode is refused, not waited on. */
const ENCODE_TIMEOUT_SECONDS = 30;

export interface EncodedImage {
  bytes: Buffer;
  contentType: string;
  extension: 'jpg' | 'png' | 'webp';
  width: number;
  height: number;
}

export type PhotoVariants = Record<PhotoSize, EncodedImage>;

const ORIGINAL_FORMAT = {
  jpeg: { extension: 'jpg', contentType: 'image/jpeg', encode: (s: sharp.Sharp) => s.jpeg({ quality: 90 }) },
  png: { extension: 'png', contentType: 'image/png', encode: (s: sharp.Sharp) => s.png() },
  webp: { extension: 'webp', contentType: 'image/webp', encode: (s: sharp.Sharp) => s.webp({ quality: 90 }) },
} as const;

/**
 * Re-encodes an uploaded photo into the three sizes that are stored. Every output is
 * decoded pixels encoded afresh, so nothing of the upload's EXIF, XMP, IPTC or GPS data
 * survives (sharp writes no metadata unless asked to); the EXIF orientation is applied
 * to the pixels first, so a phone's portrait photo stays upright without its tag.
 * The original keeps its format and resolution; the reduced sizes are WebP.
 */
export async function encodePhotoVariants(bytes: Buffer, field: string): Promise<PhotoVariants> {
  const input = () =>
    sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'error', autoOrient: true }).timeout({ seconds: ENCODE_TIMEOUT_SECONDS });
  let format: keyof typeof ORIGINAL_FORMAT;
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS }).metadata();
    if (!(meta.format in ORIGINAL_FORMAT)) throw new Error(`unsupported format ${meta.format}`);
    format = meta.format as keyof typeof ORIGINAL_FORMAT;
    // Checked here too, from the header alone, so a bomb is refused before any decoding.
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_PHOTO_PIXELS) throw tooManyPixels(field);
  } catch (error) {
    throw error instanceof ValidationProblem ? error : problemOf(error, field);
  }
  try {
    const original = ORIGINAL_FORMAT[format];
    const [full, display, thumb] = await Promise.all([
      original.encode(input()).toBuffer({ resolveWithObject: true }),
      reduced(input(), DISPLAY_EDGE, 80),
      reduced(input(), THUMB_EDGE, 70),
    ]);
    return {
      original: { bytes: full.data, contentType: original.contentType, extension: original.extension, width: full.info.width, height: full.info.height },
      display: webp(display),
      thumb: webp(thumb),
    };
  } catch (error) {
    throw problemOf(error, field);
  }
}

/** sharp's errors are plain Errors; their messages tell a bomb and a slow image from a broken one. */
function problemOf(error: unknown, field: string): ValidationProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return tooManyPixels(field);
  if (/timeout/i.test(message)) return ValidationProblem.field(field, 'The photo took too long to process; send a smaller one', 422);
  return undecodable(field);
}

function reduced(image: sharp.Sharp, edge: number, quality: number) {
  return image.resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true }).webp({ quality }).toBuffer({ resolveWithObject: true });
}

function webp({ data, info }: { data: Buffer; info: sharp.OutputInfo }): EncodedImage {
  return { bytes: data, contentType: 'image/webp', extension: 'webp', width: info.width, height: info.height };
}

function undecodable(field: string): ValidationProblem {
  return ValidationProblem.field(field, 'The photo could not be read as an image');
}

function tooManyPixels(field: string): ValidationProblem {
  return ValidationProblem.field(field, `The photo is too large: at most ${MAX_PHOTO_PIXELS / 1_000_000} megapixels`, 422);
}
