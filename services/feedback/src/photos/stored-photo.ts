import { randomUUID } from 'node:crypto';
import { PhotoStorage } from './photo-storage';
import { PhotoSize, PhotoVariants } from './photo-variants';

/** Where a photo's sizes were put: the feedback_photos columns that name them. */
export interface StoredPhoto {
  storageKey: string;
  displayKey: string;
  thumbKey: string;
  width: number;
  height: number;
  /** Of the stripped original. */
  contentType: string;
  bytes: number;
}

/** Puts each size under its own key; on a failure, removes what it had put. */
export async function storePhotoVariants(storage: PhotoStorage, variants: PhotoVariants): Promise<StoredPhoto> {
  const keys = {} as Record<PhotoSize, string>;
  try {
    for (const size of ['original', 'display', 'thumb'] as const) {
      const image = variants[size];
      const key = `${randomUUID()}.${image.extension}`;
      await storage.put(key, image.bytes, image.contentType);
      keys[size] = key;
    }
  } catch (error) {
    await Promise.all(Object.values(keys).map((key) => storage.delete(key).catch(() => undefined)));
    throw error;
  }
  return {
    storageKey: keys.original,
    displayKey: keys.display,
    thumbKey: keys.thumb,
    width: variants.original.width,
    height: variants.original.height,
    contentType: variants.original.contentType,
    bytes: variants.original.bytes.length,
  };
}

export async function deletePhotoVariants(storage: PhotoStorage, photo: Pick<StoredPhoto, 'storageKey' | 'displayKey' | 'thumbKey'>): Promise<void> {
  await Promise.all([photo.storageKey, photo.displayKey, photo.thumbKey].map((key) => storage.delete(key).catch(() => undefined)));
}

/** The key and type of one size of a stored photo, or undefined for a photo never re-encoded. */
export function photoSizeOf(
  row: { storage_key: string; display_key: string | null; thumb_key: string | null; content_type: string },
  size: PhotoSize,
): { key: string; contentType: string } | undefined {
  // A row without variants still holds the upload as received (before migration 1764600000100):
  // none of its sizes is served, the original least of all, until it is re-encoded.
  if (!row.display_key || !row.thumb_key) return undefined;
  if (size === 'original') return { key: row.storage_key, contentType: row.content_type };
  return { key: size === 'thumb' ? row.thumb_key : row.display_key, contentType: 'image/webp' };
}
