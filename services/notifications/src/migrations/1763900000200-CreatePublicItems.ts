import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The items anyone signed in may follow, as the producing services announce them: public
 * facts only (a tracking code, never a person). A withdrawn item keeps its row with
 * `published_at` and `title` null, and `updated_at` is the time of the event that last
 * changed it, so an older event arriving late (or replayed) cannot make it public again.
 */
export class CreatePublicItems1763900000200 implements MigrationInterface {
  name = 'CreatePublicItems1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_items (
        item_key text PRIMARY KEY,
        item_type text NOT NULL,
        title text,
        published_at timestamptz,
        updated_at timestamptz NOT NULL,
        CHECK (published_at IS NOT NULL OR title IS NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_items`);
  }
}
