import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paper sheets arrive by post and are entered after voting closes, until the results are
 * published; a draft computed before the last of them must not be published. Each stored result
 * remembers how many ballot log entries its tally saw (the log is append-only, so a different
 * count later means entries came in since). NULL: computed before this column, so out of date.
 */
export class ResultsRememberTheBallotLog1765000000160 implements MigrationInterface {
  name = 'ResultsRememberTheBallotLog1765000000160';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE results ADD COLUMN log_entries bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE results DROP COLUMN log_entries`);
  }
}
