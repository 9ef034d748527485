import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ValidationProblem } from '@vaikuta/http';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** As feedback's photos: enough for any phone camera, and a bound on what a decode may claim. */
const MAX_IMAGE_PIXELS = 60_000_000;

const ACCEPTED = new Map([
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
]);

export interface InspectedAttachment {
  /** What is stored: a PDF as sent; an image re-encoded without its metadata. */
  bytes: Buffer;
  contentType: string;
  extension: string;
}

/**
 * Decides an attachment's type from its bytes, never from its name or declared type, and
 * refuses anything but PDF, PNG and JPEG. Images are decoded and encoded afresh, as feedback's
 * photos are, so no EXIF, GPS or camera data of the applicant's phone is kept; an image that
 * cannot be decoded is refused before anything is stored.
 */
export async function inspectAttachment(bytes: Buffer, field = 'file'): Promise<InspectedAttachment> {
  if (bytes.length === 0) throw ValidationProblem.field(field, 'The file is empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw ValidationProblem.field(field, 'An attachment may be at most 10 MB', 413);
  const type = await fileTypeFromBuffer(bytes);
  const extension = type && ACCEPTED.get(type.mime);
  if (!type || !extension) throw ValidationProblem.field(field, 'Only PDF, PNG and JPEG files are accepted');
  if (extension === 'pdf') return { bytes, contentType: type.mime, extension };
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', autoOrient: true }).timeout({ seconds: 30 });
    const stripped = extension === 'png' ? await image.png().toBuffer() : await image.jpeg({ quality: 90 }).toBuffer();
    return { bytes: stripped, contentType: type.mime, extension };
  } catch {
    throw ValidationProblem.field(field, 'The image could not be read');
  }
}

/**
 * A file name fit to show and to send back in Content-Disposition: no path, no control or
 * invisible format characters (a right-to-left override shows `invoice\u202Efdp.exe` as
 * `invoiceexe.pdf` to the officer who downloads it), and the extension of what the bytes are.
 */
export function cleanFilename(name: string, extension: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // By code points, so a cut never leaves half a surrogate pair.
  const clean = [...base.replace(/[\p{Cc}\p{Cf}"<>]/gu, '').trim()];
  if (!clean.length) return `attachment.${extension}`;
  const same = extension === 'jpg' ? /\.jpe?g$/i : new RegExp(`\\.${extension}$`, 'i');
  return same.test(clean.join('')) ? clean.slice(-200).join('') : `${clean.slice(0, 200 - extension.length - 1).join('')}.${extension}`;
}
