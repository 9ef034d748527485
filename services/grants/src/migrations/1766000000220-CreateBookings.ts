import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookings and maintenance blocks. The database, not the application, keeps them from
 * overlapping (ADR 0014): `held` is the time a row keeps from others — a booking's own time
 * widened by the space's buffers before and after, a maintenance block's time as it is — and
 * an exclusion constraint refuses two rows of one space whose `held` ranges overlap while both
 * hold time (`requires_handling`, `confirmed`). A clash is SQLSTATE 23P01, answered 409.
 *
 * Personal data: `booker_sub` (who the booking is for) and `purpose`, shown only to the booker
 * and staff; `booked_by` is the staff member's sub when they booked on someone's behalf.
 */
export class CreateBookings1766000000220 implements MigrationInterface {
  name = 'CreateBookings1766000000220';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY,
        space_id uuid NOT NULL REFERENCES spaces (id),
        kind text NOT NULL CHECK (kind IN ('booking', 'maintenance')),
        state text NOT NULL CHECK (state IN ('requires_handling', 'confirmed', 'denied', 'cancelled')),
        during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during) AND NOT lower_inf(during) AND NOT upper_inf(during)),
        held tstzrange NOT NULL CHECK (held @> during),
        booker_sub text,
        booked_by text NOT NULL,
        association_id uuid,
        purpose text,
        price_cents integer NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
        cancellable_until timestamptz NOT NULL,
        reason text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'booking') = (booker_sub IS NOT NULL)),
        CHECK (kind = 'booking' OR held = during),
        CONSTRAINT bookings_no_overlap EXCLUDE USING gist (space_id WITH =, held WITH &&)
          WHERE (state IN ('requires_handling', 'confirmed'))
      )`);
    // A person's bookings (mine, the per-person maximum) and the managers' queue.
    await q.query(`CREATE INDEX bookings_booker ON bookings (booker_sub, lower(during) DESC, id) WHERE booker_sub IS NOT NULL`);
    await q.query(`CREATE INDEX bookings_queue ON bookings (lower(during), id) WHERE state = 'requires_handling'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bookings`);
  }
}
