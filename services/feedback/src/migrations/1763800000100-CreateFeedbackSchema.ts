import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFeedbackSchema1763800000100 implements MigrationInterface {
  name = 'CreateFeedbackSchema1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        code text PRIMARY KEY,
        name_fi text NOT NULL, name_sv text NOT NULL, name_en text NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`
      CREATE TABLE districts (
        code text PRIMARY KEY,
        name_fi text NOT NULL, name_sv text NOT NULL, name_en text NOT NULL
      )`);
    // A category is also an Open311 service: its code is the service_code.
    await q.query(`
      CREATE TABLE categories (
        code text PRIMARY KEY,
        department_code text NOT NULL REFERENCES departments(code),
        name_fi text NOT NULL, name_sv text NOT NULL, name_en text NOT NULL,
        description_fi text NOT NULL DEFAULT '', description_sv text NOT NULL DEFAULT '', description_en text NOT NULL DEFAULT '',
        group_name text NOT NULL DEFAULT '',
        keywords text NOT NULL DEFAULT '',
        service_level_days int NOT NULL CHECK (service_level_days BETWEEN 1 AND 365),
        active boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE SEQUENCE feedback_tracking_seq`);
    await q.query(`
      CREATE TABLE feedback_requests (
        id uuid PRIMARY KEY,
        tracking_code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('feedback', 'idea', 'fault')),
        category_code text NOT NULL REFERENCES categories(code),
        department_code text NOT NULL REFERENCES departments(code),
        district_code text REFERENCES districts(code),
        title text,
        description text NOT NULL,
        language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
        lat double precision,
        lon double precision,
        address text,
        status text NOT NULL CHECK (status IN ('received', 'in_process', 'resolved', 'rejected')),
        status_note text,
        assignee_id text,
        published_at timestamptz,
        channel text NOT NULL CHECK (channel IN ('web', 'open311', 'staff')),
        submitted_by text,
        contact_email text,
        contact_phone text,
        contact_consent boolean NOT NULL DEFAULT false,
        merged_into_id uuid REFERENCES feedback_requests(id),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        first_reply_at timestamptz,
        closed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        CHECK ((lat IS NULL) = (lon IS NULL)),
        CHECK (contact_consent OR (contact_email IS NULL AND contact_phone IS NULL))
      )`);
    // The case-worker queue: one department, open states, most urgent first (keyset on due_at, id).
    await q.query(`CREATE INDEX feedback_queue ON feedback_requests (department_code, status, due_at, id)`);
    await q.query(`CREATE INDEX feedback_queue_all ON feedback_requests (department_code, due_at, id)`);
    // Summaries count a department's requests over a period of submission dates.
    await q.query(`CREATE INDEX feedback_submitted ON feedback_requests (department_code, submitted_at)`);
    await q.query(`CREATE INDEX feedback_assignee ON feedback_requests (assignee_id, due_at, id) WHERE assignee_id IS NOT NULL`);
    // Public lists and Open311 show published requests, newest first.
    await q.query(`CREATE INDEX feedback_published ON feedback_requests (submitted_at DESC, id DESC) WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX feedback_updated ON feedback_requests (updated_at) WHERE published_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE feedback_photos (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        storage_key text NOT NULL,
        content_type text NOT NULL,
        bytes int NOT NULL,
        position int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feedback_photos_request ON feedback_photos (request_id, position)`);

    // Public replies and internal notes; only replies are ever shown outside.
    await q.query(`
      CREATE TABLE feedback_messages (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
        body text NOT NULL,
        author_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feedback_messages_request ON feedback_messages (request_id, created_at)`);

    await q.query(`
      CREATE TABLE feedback_audit (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES feedback_requests(id) ON DELETE CASCADE,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feedback_audit_request ON feedback_audit (request_id, id)`);

    // Only a hash of an Open311 key is stored; the key is shown once when created.
    await q.query(`
      CREATE TABLE open311_api_keys (
        id uuid PRIMARY KEY,
        label text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['open311_api_keys', 'feedback_audit', 'feedback_messages', 'feedback_photos', 'feedback_requests']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE feedback_tracking_seq`);
    for (const table of ['categories', 'districts', 'departments']) await q.query(`DROP TABLE ${table}`);
  }
}
