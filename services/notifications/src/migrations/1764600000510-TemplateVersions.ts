import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message templates as admins edit them: every save is a new version of one template in one
 * language, kept with who saved it and when. The newest version is in use; a version with no
 * parts means "back to the built-in template" (the files shipped with the service), so going
 * back is itself a version and the history stays whole.
 */
export class TemplateVersions1764600000510 implements MigrationInterface {
  name = 'TemplateVersions1764600000510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template_versions (
        template text NOT NULL,
        language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
        version int NOT NULL CHECK (version > 0),
        subject text,
        txt text,
        html text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (template, language, version),
        CHECK ((subject IS NULL) = (txt IS NULL) AND (txt IS NULL) = (html IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE template_versions`);
  }
}
