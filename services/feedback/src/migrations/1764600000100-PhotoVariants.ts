import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each photo is kept as a stripped original plus a display size and a thumbnail (WebP).
 * Rows from before have no variants and still point at the upload as received, metadata
 * and all: they are served to no one until `cli.js reencode-photos` (run by `migrate`)
 * has re-encoded them — see photos/legacy-photo-reencoder.ts.
 */
export class PhotoVariants1764600000100 implements MigrationInterface {
  name = 'PhotoVariants1764600000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE feedback_photos
        ADD COLUMN display_key text,
        ADD COLUMN thumb_key text,
        ADD COLUMN width int,
        ADD COLUMN height int`);
    await q.query(`CREATE INDEX feedback_photos_unprocessed ON feedback_photos (created_at) WHERE display_key IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX feedback_photos_unprocessed`);
    await q.query(`ALTER TABLE feedback_photos DROP COLUMN display_key, DROP COLUMN thumb_key, DROP COLUMN width, DROP COLUMN height`);
  }
}
