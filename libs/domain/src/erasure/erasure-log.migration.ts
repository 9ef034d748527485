import { MigrationInterface } from 'typeorm';
import { migrationClass } from '../migration-class';

/**
 * DDL of `erasures_applied`: one row per erasure event a service applied — the erasure
 * request's id, the event's id, how many of its records it erased, which kinds of identifier
 * the event named, when. No personal data: enough for an operator to answer "was request X
 * applied here, and to how much?".
 */
const ERASURE_LOG_DDL = [
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
  return migrationClass('CreateErasuresApplied', timestamp, ERASURE_LOG_DDL, ['DROP TABLE erasures_applied']);
}
