import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The default queue view shows open requests only. Over a department's history most rows
 * are closed, and the full (department, due_at, id) index made each page step over
 * hundreds of closed rows (bench/README.md, queue). This partial index holds only the open
 * ones, so a page reads exactly its rows.
 */
export class OpenQueueIndex1763800000200 implements MigrationInterface {
  name = 'OpenQueueIndex1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX feedback_queue_open ON feedback_requests (department_code, due_at, id)
        WHERE status IN ('received', 'in_process')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX feedback_queue_open`);
  }
}
