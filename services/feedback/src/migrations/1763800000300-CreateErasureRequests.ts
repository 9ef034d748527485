import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A record that an erasure was done: when, through which channel, how many requests it
 * changed. Deliberately without whom it was about — the record must not keep what it erased.
 */
export class CreateErasureRequests1763800000300 implements MigrationInterface {
  name = 'CreateErasureRequests1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erasure_requests (
        request_id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('staff', 'self')),
        requested_at timestamptz NOT NULL,
        erased_requests int NOT NULL CHECK (erased_requests >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE erasure_requests`);
  }
}
