import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The secret behind a person's own calendar feed, one per person. Only a SHA-256 of the token
 * is kept: a copy of the database does not open anyone's feed. Making a new one replaces the
 * old, which then stops working (rotation). `sub` is the person's sign-in subject.
 */
export class CreateCalendarTokens1766000000260 implements MigrationInterface {
  name = 'CreateCalendarTokens1766000000260';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_tokens (
        sub text PRIMARY KEY,
        token_hash bytea NOT NULL UNIQUE,
        lang text NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_tokens`);
  }
}
