import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookable city premises. What clients filter on (capacity, unit, accessibility features,
 * approval, access type) are columns; opening hours and booking rules are jsonb, checked by
 * the contract's zod schemas on the way in and read whole by the booking rules. No personal
 * data here.
 */
export class CreateSpaces1766000000200 implements MigrationInterface {
  name = 'CreateSpaces1766000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spaces (
        id uuid PRIMARY KEY,
        name jsonb NOT NULL,
        unit text NOT NULL,
        address text NOT NULL,
        latitude double precision,
        longitude double precision,
        capacity integer NOT NULL CHECK (capacity > 0),
        accessibility_features text[] NOT NULL DEFAULT '{}',
        accessibility_description jsonb,
        opening_hours jsonb NOT NULL,
        rules jsonb NOT NULL,
        requires_approval boolean NOT NULL,
        access_type text NOT NULL CHECK (access_type IN ('door_code', 'key_pickup', 'opened_by_staff', 'unrestricted')),
        key_pickup jsonb,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CHECK (access_type <> 'key_pickup' OR key_pickup IS NOT NULL)
      )`);
    // The public list pages by (Finnish name, or another when there is none; id); filters narrow it.
    await q.query(`CREATE INDEX spaces_list ON spaces ((coalesce(name->>'fi', name->>'sv', name->>'en')), id)`);
    await q.query(`CREATE INDEX spaces_accessibility ON spaces USING gin (accessibility_features)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spaces`);
  }
}
