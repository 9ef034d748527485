import { MigrationInterface } from 'typeorm';
import { migrationClass } from '../migration-class';
import { sqlIdentifier } from '../sql-identifier';

export interface AuditTableOptions {
  /** e.g. `initiative_audit`. */
  table: string;
  /** The migration's timestamp (13 digits, unique across the repo): TypeORM orders by it. */
  timestamp: number;
  /** The audited rows, e.g. `initiatives(id)`: their audit goes with them (ON DELETE CASCADE). */
  references?: string;
}

/**
 * The shared shape of an audit table: who (`actor_id`, `actor_role`) did what (`action`,
 * `details`) to which row (`entity_id`), producing which `version` of it (null for entries
 * that change no version, such as internal notes), when, under which request
 * (`correlation_id`, the id in the logs). Read in `id` order per row.
 */
export function auditTableDdl({ table, references }: Omit<AuditTableOptions, 'timestamp'>): string[] {
  const name = sqlIdentifier(table);
  if (references !== undefined && !/^[a-z_][a-z0-9_]*\([a-z_][a-z0-9_]*\)$/.test(references)) {
    throw new Error(`auditTableDdl(${name}): references must read table(column), not ${JSON.stringify(references)}`);
  }
  const target = references ? ` REFERENCES ${references} ON DELETE CASCADE` : '';
  return [
    `CREATE TABLE ${name} (
      id bigserial PRIMARY KEY,
      entity_id uuid NOT NULL${target},
      version integer,
      action text NOT NULL,
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      correlation_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX ${name}_entity ON ${name} (entity_id, id)`,
  ];
}

/**
 * A migration class creating one audit table, for a service's migrations array:
 * `auditTableMigration({ table: 'initiative_audit', timestamp: 1764700000300, references: 'initiatives(id)' })`.
 */
export function auditTableMigration(options: AuditTableOptions): new () => MigrationInterface {
  const table = sqlIdentifier(options.table);
  const prefix = `Create${table.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`;
  return migrationClass(prefix, options.timestamp, auditTableDdl(options), [`DROP TABLE ${table}`]);
}
