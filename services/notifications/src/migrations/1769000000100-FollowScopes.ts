import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `follow_scopes`: per person and scope (a budgeting round's ballots), the time of the state
 * their follows were last set from. Events that set follows may be applied out of order (two
 * consumer workers take neighbouring events at once; a failed one is redelivered after later
 * ones), and an older ballot's follows must not undo a newer one's. Goes with the recipient on
 * erasure.
 */
export class FollowScopes1769000000100 implements MigrationInterface {
  name = 'FollowScopes1769000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_scopes (
        recipient_id uuid NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
        scope text NOT NULL,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (recipient_id, scope)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_scopes`);
  }
}
