import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Door codes the lock provider gave for confirmed bookings of door-code spaces, one per
 * booking. The code is a secret: only the booker, premises managers and admins read it
 * (`GET /premises/bookings/{id}/access`); it never goes into an event or a log line.
 * A revoked row keeps its times but loses its code.
 */
export class CreateDoorAccessCodes1766000000250 implements MigrationInterface {
  name = 'CreateDoorAccessCodes1766000000250';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE door_access_codes (
        booking_id uuid PRIMARY KEY REFERENCES bookings (id),
        space_id uuid NOT NULL REFERENCES spaces (id),
        status text NOT NULL CHECK (status IN ('issued', 'revoked')),
        code text,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL CHECK (valid_until > valid_from),
        issued_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK ((status = 'issued') = (code IS NOT NULL)),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE door_access_codes`);
  }
}
