import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Canned responses (valmisvastaukset): texts a case worker picks for a reply or an outcome and
 * edits before sending. Each belongs to one category, or to a whole department (every category
 * it handles) — exactly one of the two. Written in all three languages, because the reply goes
 * out in the resident's language, not the case worker's.
 */
export class CannedResponses1764600000400 implements MigrationInterface {
  name = 'CannedResponses1764600000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE canned_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category_code text REFERENCES categories(code),
        department_code text REFERENCES departments(code),
        title_fi text NOT NULL,
        title_sv text NOT NULL,
        title_en text NOT NULL,
        body_fi text NOT NULL,
        body_sv text NOT NULL,
        body_en text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        CONSTRAINT canned_response_scope CHECK ((category_code IS NULL) <> (department_code IS NULL))
      )`);
    await q.query(`CREATE INDEX canned_responses_by_category ON canned_responses (category_code) WHERE active`);
    await q.query(`CREATE INDEX canned_responses_by_department ON canned_responses (department_code) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE canned_responses`);
  }
}
