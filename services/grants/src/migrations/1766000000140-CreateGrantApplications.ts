import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grant applications (avustushakemukset) and what hangs off them: scores against the round's
 * criteria, the message thread between officers and the applicant (requests for information
 * and their answers), and attachments (bytes in the storage, metadata here).
 *
 * `round_type` and `department` are copied from the round when the draft is made, so the
 * officers' queue and the statistics filter and group by them without reaching into rounds
 * that may be edited later. Money is in cents.
 *
 * Personal data: `created_by` and the `*_by` columns hold sign-in subjects (opaque ids, never
 * shown to other associations); messages and answers are the association's own words.
 */
export class CreateGrantApplications1766000000140 implements MigrationInterface {
  name = 'CreateGrantApplications1766000000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grant_applications (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES grant_rounds (id),
        association_id uuid NOT NULL REFERENCES associations (id),
        round_type text NOT NULL,
        department text NOT NULL,
        state text NOT NULL CHECK (state IN ('draft', 'submitted', 'received', 'in_review', 'awaiting_information',
          'decided', 'paid', 'report_due', 'report_received', 'closed', 'withdrawn')),
        title text NOT NULL,
        requested_cents bigint NOT NULL CHECK (requested_cents > 0),
        answers jsonb NOT NULL DEFAULT '{}',
        submitted_at timestamptz,
        received_at timestamptz,
        outcome text CHECK (outcome IN ('granted', 'rejected')),
        granted_cents bigint CHECK (granted_cents >= 0 AND granted_cents <= requested_cents),
        reasons text,
        decided_by text,
        decided_at timestamptz,
        ahjo_decision_id text,
        report_due date,
        paid_at timestamptz,
        report_text text,
        report_received_at timestamptz,
        closed_at timestamptz,
        withdrawn_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((outcome = 'granted') = (granted_cents IS NOT NULL AND granted_cents > 0) OR outcome IS NULL),
        CHECK ((outcome IS NULL) = (decided_at IS NULL))
      )`);
    // The queue: a round's applications by state, oldest submission first; the keyset's tiebreak is the id.
    await q.query(`CREATE INDEX grant_applications_queue ON grant_applications (round_id, state, submitted_at, id)`);
    await q.query(`CREATE INDEX grant_applications_association ON grant_applications (association_id, created_at DESC)`);
    // The reminder's scan: paid grants whose report is due.
    await q.query(`CREATE INDEX grant_applications_report_due ON grant_applications (report_due) WHERE state = 'paid'`);
    await q.query(`
      CREATE TABLE grant_application_scores (
        application_id uuid NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
        criterion text NOT NULL,
        score smallint NOT NULL,
        note text,
        scored_by text NOT NULL,
        scored_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, criterion)
      )`);
    await q.query(`
      CREATE TABLE grant_application_messages (
        id uuid PRIMARY KEY,
        -- The thread's order: the order written, even when two messages share a timestamp.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        application_id uuid NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('information_request', 'answer')),
        side text NOT NULL CHECK (side IN ('officer', 'applicant')),
        body text NOT NULL,
        written_by text NOT NULL,
        written_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX grant_application_messages_thread ON grant_application_messages (application_id, seq)`);
    await q.query(`
      CREATE TABLE grant_application_attachments (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES grant_applications (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        bytes integer NOT NULL,
        storage_key text NOT NULL UNIQUE,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX grant_application_attachments_application ON grant_application_attachments (application_id, uploaded_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grant_application_attachments`);
    await q.query(`DROP TABLE grant_application_messages`);
    await q.query(`DROP TABLE grant_application_scores`);
    await q.query(`DROP TABLE grant_applications`);
  }
}
