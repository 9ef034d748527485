import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Participatory budgeting: rounds with dated phases and districts, proposals, the plans on the
 * ballot, the append-only ballot log, the counted ballot per person, results and projects.
 * ADR 0012 explains the ballot model; the audit trail is libs/domain's shared table (next
 * migration).
 *
 * Personal data lives in two places only, both erasable: `proposals.proposer_sub` and
 * `voters` (a signed-in voter's sub and language, for project news). The ballot log holds a
 * keyed hash of the person (never the identity code), the channel, the choices, and the birth
 * year for turnout by age band — nothing that names anyone.
 */
export class CreateBudgetingSchema1765000000100 implements MigrationInterface {
  name = 'CreateBudgetingSchema1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rounds (
        id uuid PRIMARY KEY,
        title jsonb NOT NULL,
        description jsonb,
        voting_year integer NOT NULL CHECK (voting_year BETWEEN 2000 AND 2100),
        rule text NOT NULL CHECK (rule IN ('greedy', 'mes')),
        ballot_rule jsonb NOT NULL,
        eligibility jsonb NOT NULL,
        minimum_votes integer NOT NULL DEFAULT 0 CHECK (minimum_votes >= 0),
        reconciliation_policy text NOT NULL CHECK (reconciliation_policy IN ('latest', 'paper_first')),
        results_published_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per phase; the round's stage is the last phase that opened (computed on read).
    await q.query(`
      CREATE TABLE round_phases (
        round_id uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        phase text NOT NULL CHECK (phase IN ('proposals', 'screening', 'costing', 'voting', 'results', 'implementation')),
        position smallint NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz,
        PRIMARY KEY (round_id, phase),
        CHECK (closes_at IS NULL OR closes_at > opens_at)
      )`);
    await q.query(`
      CREATE TABLE districts (
        round_id uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
        code text NOT NULL,
        name jsonb NOT NULL,
        budget bigint NOT NULL CHECK (budget > 0),
        city_wide boolean NOT NULL DEFAULT false,
        position smallint NOT NULL,
        PRIMARY KEY (round_id, code)
      )`);
    await q.query(`CREATE UNIQUE INDEX districts_one_city_wide ON districts (round_id) WHERE city_wide`);

    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES rounds (id),
        district_code text NOT NULL,
        title jsonb NOT NULL,
        description jsonb NOT NULL,
        cost bigint CHECK (cost > 0),
        location jsonb,
        incompatible_group text,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'on_ballot', 'withdrawn')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (round_id, district_code) REFERENCES districts (round_id, code)
      )`);
    await q.query(`CREATE INDEX plans_round ON plans (round_id, district_code)`);

    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES rounds (id),
        district_code text NOT NULL,
        language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
        title text NOT NULL,
        description text NOT NULL,
        location jsonb,
        rough_cost bigint CHECK (rough_cost >= 0),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'feasible', 'not_feasible', 'in_plan')),
        screening_reason text,
        plan_id uuid REFERENCES plans (id),
        source_kind text CHECK (source_kind IN ('feedback', 'initiative')),
        source_id text,
        proposer_sub text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (round_id, district_code) REFERENCES districts (round_id, code),
        CHECK ((source_kind IS NULL) = (source_id IS NULL))
      )`);
    await q.query(`
      ALTER TABLE proposals ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector(CASE language WHEN 'sv' THEN 'pg_catalog.swedish'::regconfig WHEN 'en' THEN 'pg_catalog.english'::regconfig
                    ELSE 'pg_catalog.finnish'::regconfig END, title || ' ' || description)
      ) STORED`);
    await q.query(`CREATE INDEX proposals_round_page ON proposals (round_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX proposals_search ON proposals USING gin (search_vector)`);
    await q.query(`CREATE INDEX proposals_plan ON proposals (plan_id) WHERE plan_id IS NOT NULL`);

    // The ballot log: every ballot ever cast and every withdrawal, in the order received. It is
    // never updated or deleted (the trigger below refuses), so a recount can always be redone.
    await q.query(`
      CREATE TABLE ballot_log (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        round_id uuid NOT NULL REFERENCES rounds (id),
        person_key text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ballot', 'withdrawal')),
        channel text NOT NULL CHECK (channel IN ('online', 'assisted', 'paper')),
        district_code text,
        district_plans uuid[] NOT NULL DEFAULT '{}',
        city_plans uuid[] NOT NULL DEFAULT '{}',
        birth_year smallint,
        entered_by text,
        place text,
        sheet_id text,
        confirmed_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'withdrawal' OR district_code IS NOT NULL),
        CHECK ((channel = 'online') = (entered_by IS NULL))
      )`);
    await q.query(`CREATE INDEX ballot_log_person ON ballot_log (round_id, person_key, seq)`);
    await q.query(`CREATE UNIQUE INDEX ballot_log_paper_sheet ON ballot_log (round_id, sheet_id) WHERE sheet_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION ballot_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ballot_log is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER ballot_log_no_update BEFORE UPDATE OR DELETE ON ballot_log FOR EACH ROW EXECUTE FUNCTION ballot_log_append_only()`);
    await q.query(`CREATE TRIGGER ballot_log_no_truncate BEFORE TRUNCATE ON ballot_log FOR EACH STATEMENT EXECUTE FUNCTION ballot_log_append_only()`);

    // The ballot that counts for each person under the round's policy; the row lock on it is
    // what makes one person one ballot across concurrent requests and channels.
    await q.query(`
      CREATE TABLE counted_ballots (
        round_id uuid NOT NULL REFERENCES rounds (id),
        person_key text NOT NULL,
        ballot_seq bigint NOT NULL REFERENCES ballot_log (seq),
        channels text[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (round_id, person_key)
      )`);
    await q.query(`CREATE INDEX counted_ballots_seq ON counted_ballots (ballot_seq)`);

    // Signed-in voters, so news of the projects they voted for can reach them. Erasable.
    await q.query(`
      CREATE TABLE voters (
        round_id uuid NOT NULL REFERENCES rounds (id),
        person_key text NOT NULL,
        sub text NOT NULL,
        language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
        PRIMARY KEY (round_id, person_key)
      )`);
    await q.query(`CREATE INDEX voters_sub ON voters (sub)`);

    await q.query(`
      CREATE TABLE results (
        round_id uuid NOT NULL REFERENCES rounds (id),
        district_code text NOT NULL,
        rule text NOT NULL CHECK (rule IN ('greedy', 'mes')),
        outcome jsonb NOT NULL,
        ballots integer NOT NULL,
        computed_at timestamptz NOT NULL,
        computed_by text NOT NULL,
        PRIMARY KEY (round_id, district_code),
        FOREIGN KEY (round_id, district_code) REFERENCES districts (round_id, code)
      )`);
    await q.query(`
      CREATE TABLE result_overrides (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES rounds (id),
        plan_id uuid NOT NULL REFERENCES plans (id),
        decision text NOT NULL CHECK (decision IN ('fund', 'exclude')),
        reason text NOT NULL,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, plan_id)
      )`);

    await q.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY REFERENCES plans (id),
        round_id uuid NOT NULL REFERENCES rounds (id),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE project_milestones (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id),
        title jsonb NOT NULL,
        due_date date,
        reached_at timestamptz,
        note text,
        position smallint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE project_updates (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES projects (id),
        status text NOT NULL,
        progress smallint NOT NULL,
        text jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX project_updates_project ON project_updates (project_id, published_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'project_updates',
      'project_milestones',
      'projects',
      'result_overrides',
      'results',
      'voters',
      'counted_ballots',
      'ballot_log',
      'proposals',
      'plans',
      'districts',
      'round_phases',
      'rounds',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS ballot_log_append_only()`);
  }
}
