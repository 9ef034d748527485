import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Season bookings. A season covers spaces over a date range; associations apply for a weekly
 * slot; allocation marks each application allocated or rejected (with the refusal and, for a
 * clash, the application that got the slot); publishing writes one row per week of each
 * allocated slot in `season_occurrences` — the booking made for it, or why there is none.
 * The bookings themselves are ordinary rows of `bookings`, so the exclusion constraint
 * (ADR 0014) keeps them apart from everything else.
 *
 * Personal data: `applicant_sub` (who applied for the association), shown only to staff.
 */
export class CreateSeasons1766000000270 implements MigrationInterface {
  name = 'CreateSeasons1766000000270';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seasons (
        id uuid PRIMARY KEY,
        name jsonb NOT NULL,
        space_ids uuid[] NOT NULL CHECK (cardinality(space_ids) > 0),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        skip_dates text[] NOT NULL DEFAULT '{}',
        state text NOT NULL CHECK (state IN ('open', 'allocated', 'published')),
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (starts_on <= ends_on)
      )`);
    await q.query(`
      CREATE TABLE season_applications (
        id uuid PRIMARY KEY,
        season_id uuid NOT NULL REFERENCES seasons (id),
        association_id uuid NOT NULL REFERENCES associations (id),
        space_id uuid NOT NULL REFERENCES spaces (id),
        applicant_sub text NOT NULL,
        weekday text NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
        begins text NOT NULL,
        ends text NOT NULL,
        purpose text NOT NULL,
        state text NOT NULL CHECK (state IN ('submitted', 'allocated', 'rejected')),
        refusal text,
        clashes_with uuid REFERENCES season_applications (id),
        rrule text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (begins < ends)
      )`);
    await q.query(`CREATE INDEX season_applications_season ON season_applications (season_id, created_at, id)`);
    await q.query(`
      CREATE TABLE season_occurrences (
        application_id uuid NOT NULL REFERENCES season_applications (id),
        date date NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('booked', 'skipped', 'closed', 'clash', 'rule', 'cancelled')),
        booking_id uuid REFERENCES bookings (id),
        note text,
        PRIMARY KEY (application_id, date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE season_occurrences`);
    await q.query(`DROP TABLE season_applications`);
    await q.query(`DROP TABLE seasons`);
  }
}
