import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `feedback_audit` takes the audit shape shared by every service (libs/domain
 * `auditTableMigration`): `request_id` becomes `entity_id`, and each entry may record the
 * version its change produced and the correlation id of the request that made it. Renames
 * and added nullable columns only, so every existing entry stays as it was (the old ones
 * simply have no version or correlation id).
 */
export class SharedAuditShape1764700000100 implements MigrationInterface {
  name = 'SharedAuditShape1764700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feedback_audit RENAME COLUMN request_id TO entity_id`);
    await q.query(`ALTER TABLE feedback_audit ADD COLUMN version integer, ADD COLUMN correlation_id text`);
    await q.query(`ALTER INDEX feedback_audit_request RENAME TO feedback_audit_entity`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX feedback_audit_entity RENAME TO feedback_audit_request`);
    await q.query(`ALTER TABLE feedback_audit DROP COLUMN correlation_id, DROP COLUMN version`);
    await q.query(`ALTER TABLE feedback_audit RENAME COLUMN entity_id TO request_id`);
  }
}
