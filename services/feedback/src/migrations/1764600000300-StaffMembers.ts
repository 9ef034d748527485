import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff directory: who has signed in as staff, with the name and departments their last
 * token carried. Case workers assign to colleagues by name, and the case page names the
 * people in its history, instead of showing raw subject ids.
 */
export class StaffMembers1764600000300 implements MigrationInterface {
  name = 'StaffMembers1764600000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_members (
        sub text PRIMARY KEY,
        name text NOT NULL DEFAULT '',
        role text NOT NULL CHECK (role IN ('case_worker', 'admin')),
        departments text[] NOT NULL DEFAULT '{}',
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_members_departments ON staff_members USING gin (departments)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_members`);
  }
}
