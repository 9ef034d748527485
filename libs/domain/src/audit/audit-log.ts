import { EntityManager } from 'typeorm';
import { CorrelationContext } from '@vaikuta/observability';
import { sqlIdentifier } from '../sql-identifier';

/** Who acted: a sign-in subject (or a stand-in such as `anonymous`) and the role they acted in. */
export interface AuditActor {
  id: string;
  role: string;
}

export interface AuditRecord {
  entityId: string;
  action: string;
  actor: AuditActor;
  /** The version the change produced; omitted for entries that change no version. */
  version?: number;
  details?: Record<string, unknown>;
}

export interface AuditEntryView {
  id: string;
  entityId: string;
  version: number | null;
  action: string;
  actorId: string;
  actorRole: string;
  details: Record<string, unknown>;
  correlationId: string | null;
  at: Date;
}

/**
 * Writes and reads one audit table of the shared shape (`auditTableMigration`). Writes go
 * through the caller's transaction, so an entry exists exactly when its change does; the
 * correlation id of the request or event being handled is recorded with it.
 */
export class AuditLog {
  readonly table: string;

  constructor(table: string) {
    this.table = sqlIdentifier(table);
  }

  async write(tx: EntityManager, record: AuditRecord): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table} (entity_id, version, action, actor_id, actor_role, details, correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        record.entityId,
        record.version ?? null,
        record.action,
        record.actor.id,
        record.actor.role,
        JSON.stringify(record.details ?? {}),
        CorrelationContext.current() ?? null,
      ],
    );
  }

  /** One row's history, oldest first. */
  async entries(tx: Pick<EntityManager, 'query'>, entityId: string): Promise<AuditEntryView[]> {
    const rows: Record<string, any>[] = await tx.query(
      `SELECT id, entity_id, version, action, actor_id, actor_role, details, correlation_id, at FROM ${this.table} WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      entityId: r.entity_id,
      version: r.version,
      action: r.action,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      details: r.details,
      correlationId: r.correlation_id,
      at: new Date(r.at),
    }));
  }
}
