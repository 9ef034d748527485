import { MigrationInterface, QueryRunner } from 'typeorm';

/** The text search configuration of a report's language; constants, so the column may be generated. */
const CONFIG = `CASE language WHEN 'sv' THEN 'pg_catalog.swedish'::regconfig WHEN 'en' THEN 'pg_catalog.english'::regconfig ELSE 'pg_catalog.finnish'::regconfig END`;

/**
 * Full-text search of the public list. Each report is indexed with the stemming and stop
 * words of the language it was written in (fi, sv, en), and searched with the same
 * (public/feedback-search.ts), so "kuoppia" finds "kuoppa" and "gropen" finds "gropar".
 * Title weighs most, then the description, then the address.
 */
export class FeedbackSearch1764600000110 implements MigrationInterface {
  name = 'FeedbackSearch1764600000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE feedback_requests ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(${CONFIG}, coalesce(title, '')), 'A') ||
        setweight(to_tsvector(${CONFIG}, description), 'B') ||
        setweight(to_tsvector(${CONFIG}, coalesce(address, '')), 'C')
      ) STORED`);
    // Only published requests are ever searched.
    await q.query(`CREATE INDEX feedback_search ON feedback_requests USING gin (search_vector) WHERE published_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX feedback_search`);
    await q.query(`ALTER TABLE feedback_requests DROP COLUMN search_vector`);
  }
}
