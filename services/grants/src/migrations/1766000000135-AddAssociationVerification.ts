import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification of associations registered without a Suomi.fi mandate (issue 11, ADR 0013):
 * anyone could type a real association's registration number and become its representative.
 * Rows with a business ID were registered under a mandate (or by an admin) and count as
 * verified; the others wait for a grants officer.
 *
 * A rejected claim must not keep the number from its real owner, so the identifiers are unique
 * only among claims that are not rejected (partial unique indexes replace the constraints).
 */
export class AddAssociationVerification1766000000135 implements MigrationInterface {
  name = 'AddAssociationVerification1766000000135';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE associations
        ADD COLUMN verification text NOT NULL DEFAULT 'pending_verification'
          CHECK (verification IN ('verified', 'pending_verification', 'rejected')),
        ADD COLUMN rejection_reason text,
        ADD CHECK ((verification = 'rejected') = (rejection_reason IS NOT NULL))`);
    await q.query(`UPDATE associations SET verification = 'verified' WHERE business_id IS NOT NULL`);
    await q.query(`ALTER TABLE associations ALTER COLUMN verification DROP DEFAULT`);
    await q.query(`ALTER TABLE associations DROP CONSTRAINT associations_business_id_key, DROP CONSTRAINT associations_registration_number_key`);
    await q.query(`CREATE UNIQUE INDEX associations_business_id_claim ON associations (business_id) WHERE verification <> 'rejected'`);
    await q.query(`CREATE UNIQUE INDEX associations_registration_number_claim ON associations (registration_number) WHERE verification <> 'rejected'`);
    // The officers' queue.
    await q.query(`CREATE INDEX associations_pending ON associations (created_at) WHERE verification = 'pending_verification'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX associations_pending`);
    await q.query(`DROP INDEX associations_registration_number_claim`);
    await q.query(`DROP INDEX associations_business_id_claim`);
    await q.query(`DELETE FROM associations WHERE verification = 'rejected'`);
    await q.query(`ALTER TABLE associations ADD UNIQUE (business_id), ADD UNIQUE (registration_number)`);
    await q.query(`ALTER TABLE associations DROP COLUMN rejection_reason, DROP COLUMN verification`);
  }
}
