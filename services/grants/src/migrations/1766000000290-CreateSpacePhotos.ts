import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photos of a space, in the order the manager set. The bytes live in the file storage under
 * `storage_key`; what is stored is always the re-encoded image, never the upload. The order is
 * unique per space but checked at commit, so a reorder may swap two positions in one statement.
 */
export class CreateSpacePhotos1766000000290 implements MigrationInterface {
  name = 'CreateSpacePhotos1766000000290';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE space_photos (
        id uuid PRIMARY KEY,
        space_id uuid NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 0),
        alt jsonb NOT NULL CHECK (alt ? 'fi'),
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        bytes integer NOT NULL CHECK (bytes > 0),
        width integer NOT NULL,
        height integer NOT NULL,
        storage_key text NOT NULL UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT space_photos_order UNIQUE (space_id, position) DEFERRABLE INITIALLY DEFERRED
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE space_photos`);
  }
}
