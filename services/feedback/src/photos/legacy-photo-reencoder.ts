import { DataSource } from 'typeorm';
import { ValidationProblem } from '@vaikuta/http';
import { PhotoStorage } from './photo-storage';
import { encodePhotoVariants } from './photo-variants';
import { deletePhotoVariants, storePhotoVariants } from './stored-photo';

export interface ReencodeResult {
  reencoded: number;
  /** Photos whose file is missing or cannot be decoded: they stay unserved. */
  failed: number;
}

/**
 * Re-encodes photos stored before intake did (migration 1764600000100): each gets its
 * stripped original, display size and thumbnail, and the upload as received, metadata and
 * all, is deleted. Until then such a photo is served to no one (stored-photo.ts), so this
 * can run after deployment, while the services serve. Safe to run again: it only picks
 * up rows still without variants, and a row another run finished first is left alone.
 */
export async function reencodeLegacyPhotos(dataSource: DataSource, storage: PhotoStorage, log: (line: string) => void = () => undefined): Promise<ReencodeResult> {
  const result: ReencodeResult = { reencoded: 0, failed: 0 };
  const skipped: string[] = [];
  for (;;) {
    const rows: { id: string; storage_key: string }[] = await dataSource.query(
      `SELECT id, storage_key FROM feedback_photos WHERE display_key IS NULL AND NOT (id = ANY($1::uuid[])) ORDER BY created_at, id LIMIT 20`,
      [skipped],
    );
    if (!rows.length) return result;
    for (const row of rows) {
      const upload = await storage.get(row.storage_key);
      let variants;
      try {
        if (!upload) throw new Error('file missing');
        variants = await encodePhotoVariants(upload, 'photo');
      } catch (error) {
        const reason = error instanceof ValidationProblem ? error.errors[0]?.message : (error as Error).message;
        log(`photo ${row.id}: not re-encoded (${reason}); it stays unserved`);
        skipped.push(row.id);
        result.failed++;
        continue;
      }
      const stored = await storePhotoVariants(storage, variants);
      const updated: [unknown[], number] = await dataSource.query(
        `UPDATE feedback_photos SET storage_key = $2, display_key = $3, thumb_key = $4, width = $5, height = $6, content_type = $7, bytes = $8
          WHERE id = $1 AND display_key IS NULL`,
        [row.id, stored.storageKey, stored.displayKey, stored.thumbKey, stored.width, stored.height, stored.contentType, stored.bytes],
      );
      if (updated[1] === 1) {
        await storage.delete(row.storage_key);
        result.reencoded++;
      } else {
        await deletePhotoVariants(storage, stored);
      }
    }
  }
}
