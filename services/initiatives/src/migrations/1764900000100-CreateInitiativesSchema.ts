import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stemming per language: a title in fi, sv or en, and the body in the language it was written in. */
const BODY_CONFIG = `CASE language WHEN 'sv' THEN 'pg_catalog.swedish'::regconfig WHEN 'en' THEN 'pg_catalog.english'::regconfig ELSE 'pg_catalog.finnish'::regconfig END`;

/**
 * Initiatives (kuntalaki § 23) with their initiators, supports, statements, public timeline,
 * import runs and sent reminders (the audit trail is libs/domain's shared table, next migration).
 *
 * `sort_at` is the public list's order (filing time, or the kuntalaisaloite.fi publish date
 * while still collecting); `next_due_at` the nearest open deadline, kept by the service on
 * each change so the preparer queue pages by an index rather than by a join.
 */
export class CreateInitiativesSchema1764900000100 implements MigrationInterface {
  name = 'CreateInitiativesSchema1764900000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE initiatives (
        id uuid PRIMARY KEY,
        case_id text UNIQUE,
        type text NOT NULL CHECK (type IN ('resident', 'council_member', 'advocacy_body')),
        advocacy_body text CHECK (advocacy_body IN ('nuorisovaltuusto', 'vanhusneuvosto', 'vammaisneuvosto')),
        language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
        title jsonb NOT NULL,
        body text NOT NULL,
        status text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        support_count integer NOT NULL DEFAULT 0 CHECK (support_count >= 0),
        filed_at timestamptz,
        sort_at timestamptz NOT NULL,
        council_deadline date,
        next_due_at timestamptz,
        department_code text,
        preparer_id text,
        proposed_to text,
        proposal text,
        decision jsonb,
        measures text,
        measures_at timestamptz,
        closing_reason text,
        combined_into uuid REFERENCES initiatives (id),
        ahjo_case_id text,
        source_system text,
        external_id text,
        source_url text,
        source_fingerprint text,
        public boolean NOT NULL DEFAULT true,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_system, external_id)
      )`);
    await q.query(`
      ALTER TABLE initiatives ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('pg_catalog.finnish'::regconfig, coalesce(title->>'fi', '')), 'A') ||
        setweight(to_tsvector('pg_catalog.swedish'::regconfig, coalesce(title->>'sv', '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english'::regconfig, coalesce(title->>'en', '')), 'A') ||
        setweight(to_tsvector(${BODY_CONFIG}, body), 'B')
      ) STORED`);
    await q.query(`CREATE INDEX initiatives_public_list ON initiatives (sort_at DESC, id DESC) WHERE public`);
    await q.query(`CREATE INDEX initiatives_search ON initiatives USING gin (search_vector) WHERE public`);
    await q.query(`CREATE INDEX initiatives_queue ON initiatives ((coalesce(next_due_at, 'infinity')), id)
      WHERE status NOT IN ('closed', 'inadmissible', 'withdrawn', 'combined')`);
    await q.query(`CREATE INDEX initiatives_ahjo_case ON initiatives (ahjo_case_id) WHERE ahjo_case_id IS NOT NULL`);

    // Names are personal data: shown publicly only with name_public; email only for messages.
    await q.query(`
      CREATE TABLE initiative_initiators (
        id uuid PRIMARY KEY,
        initiative_id uuid NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
        position integer NOT NULL,
        role text NOT NULL CHECK (role IN ('initiator', 'first_signer', 'co_signer', 'body')),
        name text,
        name_public boolean NOT NULL DEFAULT false,
        email text,
        language text NOT NULL DEFAULT 'fi',
        user_sub text,
        entered_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX initiative_initiators_initiative ON initiative_initiators (initiative_id)`);
    await q.query(`
      CREATE TABLE initiative_supports (
        initiative_id uuid NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
        supporter_sub text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (initiative_id, supporter_sub)
      )`);
    await q.query(`
      CREATE TABLE initiative_statements (
        id uuid PRIMARY KEY,
        initiative_id uuid NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
        requested_from text NOT NULL,
        requested_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        answered_at timestamptz,
        text text,
        answered_by text
      )`);
    await q.query(`CREATE INDEX initiative_statements_initiative ON initiative_statements (initiative_id)`);
    await q.query(`
      CREATE TABLE initiative_timeline (
        id bigserial PRIMARY KEY,
        initiative_id uuid NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        status text,
        note text
      )`);
    await q.query(`CREATE INDEX initiative_timeline_initiative ON initiative_timeline (initiative_id, at, id)`);
    await q.query(`
      CREATE TABLE initiative_import_runs (
        id bigserial PRIMARY KEY,
        trigger text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        created integer NOT NULL,
        updated integer NOT NULL,
        unchanged integer NOT NULL,
        failed integer NOT NULL
      )`);
    // One reminder per deadline: the scheduler may run on every replica.
    await q.query(`
      CREATE TABLE initiative_reminders (
        initiative_id uuid NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
        kind text NOT NULL,
        due_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (initiative_id, kind, due_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['initiative_reminders', 'initiative_import_runs', 'initiative_timeline', 'initiative_statements', 'initiative_supports', 'initiative_initiators', 'initiatives']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
