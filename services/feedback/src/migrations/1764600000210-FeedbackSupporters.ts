import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Me too": residents who support an open report instead of sending the same one again.
 * One row per person and report; who is kept only as a keyed hash (of the signed-in subject,
 * the contact, or the browser's one-off key), enough to count each person once and nothing
 * to read back. Their contact, when they give one, goes to the notification service only.
 */
export class FeedbackSupporters1764600000210 implements MigrationInterface {
  name = 'FeedbackSupporters1764600000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feedback_supporters (
        request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        supporter_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, supporter_hash)
      )`);
    // "Is it one of these?" looks for open reports of a category near a point, recent first.
    await q.query(`CREATE INDEX feedback_open_by_category ON feedback_requests (category_code, submitted_at DESC)
                    WHERE status IN ('received', 'in_process') AND merged_into_id IS NULL AND lat IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX feedback_open_by_category`);
    await q.query(`DROP TABLE feedback_supporters`);
  }
}
