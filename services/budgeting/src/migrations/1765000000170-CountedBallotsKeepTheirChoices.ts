import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tally reads the counted ballots alone (issue 10: 1,000,000 ballots in ≤ 2 s; bench/README.md "## Budgeting tally").
 *
 * - Every plan gets a `tally_number`, a small integer from a sequence of its own, given once
 *   when the plan is inserted and never changed (a default, so the plans code need not know).
 * - Each counted row keeps what its entry chose: the entry's `kind`, `district_code`, and its
 *   district and city-wide plans as `district_key` / `city_key`, the plans' tally numbers in the
 *   entry's order separated by spaces ('' for a blank part or a withdrawal). The tally groups on
 *   these short texts (hashing one value, not an array of uuids element by element) without
 *   joining the log, and sends them to Node as they are. The ballot statements write them
 *   together with `ballot_seq` (COUNTED_CHOICE_COLUMNS in the ballots repository).
 */
export class CountedBallotsKeepTheirChoices1765000000170 implements MigrationInterface {
  name = 'CountedBallotsKeepTheirChoices1765000000170';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE plans_tally_number AS integer`);
    await q.query(`ALTER TABLE plans ADD COLUMN tally_number integer`);
    await q.query(`UPDATE plans SET tally_number = nextval('plans_tally_number')`);
    await q.query(`ALTER TABLE plans ALTER COLUMN tally_number SET DEFAULT nextval('plans_tally_number'), ALTER COLUMN tally_number SET NOT NULL`);
    await q.query(`ALTER SEQUENCE plans_tally_number OWNED BY plans.tally_number`);
    await q.query(`CREATE UNIQUE INDEX plans_tally_number_key ON plans (tally_number)`);

    await q.query(`ALTER TABLE counted_ballots ADD COLUMN kind text, ADD COLUMN district_code text, ADD COLUMN district_key text, ADD COLUMN city_key text`);
    // Set-based (each part's keys for every entry in one grouping, joined once): a subquery per
    // row probed the plans' index five million times for a million ballots.
    const keyOf = (column: string) => `SELECT l.seq, string_agg(p.tally_number::text, ' ' ORDER BY o.n) AS key
        FROM ballot_log l CROSS JOIN unnest(l.${column}) WITH ORDINALITY o (id, n) JOIN plans p ON p.id = o.id GROUP BY l.seq`;
    await q.query(`
      UPDATE counted_ballots c
         SET kind = l.kind, district_code = l.district_code, district_key = coalesce(dk.key, ''), city_key = coalesce(ck.key, '')
        FROM ballot_log l
        LEFT JOIN (${keyOf('district_plans')}) dk ON dk.seq = l.seq
        LEFT JOIN (${keyOf('city_plans')}) ck ON ck.seq = l.seq
       WHERE l.seq = c.ballot_seq`);
    await q.query(`
      ALTER TABLE counted_ballots
        ALTER COLUMN kind SET NOT NULL, ALTER COLUMN district_key SET NOT NULL, ALTER COLUMN city_key SET NOT NULL,
        ADD CONSTRAINT counted_ballots_kind CHECK (kind IN ('ballot', 'withdrawal')),
        ADD CONSTRAINT counted_ballots_choice CHECK (kind = 'withdrawal' OR district_code IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE counted_ballots DROP CONSTRAINT counted_ballots_choice, DROP CONSTRAINT counted_ballots_kind, DROP COLUMN city_key, DROP COLUMN district_key, DROP COLUMN district_code, DROP COLUMN kind`,
    );
    await q.query(`ALTER TABLE plans DROP COLUMN tally_number`);
  }
}
