import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A district's outline, so intake can tell the district from a report's point and the maps
 * can draw the districts. PostgreSQL's own `polygon` (x = longitude, y = latitude) answers
 * "is this point inside" with `@>`: no extension needed for the handful of outlines a city has.
 * Null for a district without an outline: such a district is only chosen by hand.
 */
export class DistrictBoundaries1764600000200 implements MigrationInterface {
  name = 'DistrictBoundaries1764600000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE districts ADD COLUMN boundary polygon`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE districts DROP COLUMN boundary`);
  }
}
