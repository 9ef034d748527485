import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DDL of `erasures_applied`: one row per erasure event a service applied — the erasure
 * request's id, the event's id, how many of its records it erased, when. No personal data:
 * enough for an operator to answer "was request X applied here, and to how much?".
 */
export const ERASURE_LOG_DDL = [
  `CREATE TABLE erasures_applied (
    request_id uuid NOT NULL,
    event_id text NOT NULL,
    erased integer NOT NULL,
    named text[] NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, event_id)
  )`,
];

/**
 * A migration class creating `erasures_applied`, for the migrations array of a service that
 * consumes `privacy.erasure_requested` (`PersonalDataErasureConsumer`).
 */
export function erasureLogMigration(timestamp: number): new () => MigrationInterface {
  if (!/^\d{13}$/.test(String(timestamp))) throw new Error('erasureLogMigration: timestamp must have 13 digits');
  const className = `CreateErasuresApplied${timestamp}`;
  const migration = class implements MigrationInterface {
    name = className;

    async up(q: QueryRunner): Promise<void> {
      for (const statement of ERASURE_LOG_DDL) await q.query(statement);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE erasures_applied`);
    }
  };
  Object.defineProperty(migration, 'name', { value: className });
  return migration;
}
