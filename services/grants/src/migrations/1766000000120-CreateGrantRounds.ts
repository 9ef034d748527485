import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grant rounds (avustushaut): what kind of grant, which department pays, the budget in cents,
 * when applications are taken (a window, or continuously from `opens_at`), when the report on
 * the use of funds is due, and what an application holds: scoring criteria with weights,
 * required attachments and the form's fields (declarative lists, read by applications).
 */
export class CreateGrantRounds1766000000120 implements MigrationInterface {
  name = 'CreateGrantRounds1766000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grant_rounds (
        id uuid PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('operating', 'project', 'premises', 'small')),
        title jsonb NOT NULL,
        description jsonb,
        department text NOT NULL,
        budget_cents bigint NOT NULL CHECK (budget_cents >= 0),
        continuous boolean NOT NULL DEFAULT false,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz,
        report_due date,
        criteria jsonb NOT NULL DEFAULT '[]',
        required_attachments jsonb NOT NULL DEFAULT '[]',
        form_fields jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (continuous OR closes_at IS NOT NULL),
        CHECK (closes_at IS NULL OR closes_at > opens_at)
      )`);
    await q.query(`CREATE INDEX grant_rounds_opens_at ON grant_rounds (opens_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_rounds`);
  }
}
