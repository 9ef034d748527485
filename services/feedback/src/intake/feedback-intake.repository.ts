import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { OutboxRow } from '@vaikuta/messaging';
import { FeedbackRequest } from './feedback-request.entity';

/** What intake needs of a category, with what it learnt of the district and its tracking number. */
export interface IntakeLookUp {
  code: string;
  departmentCode: string;
  serviceLevelDays: number;
  districtKnown: boolean;
  /** The district whose outline holds the report's point, when the sender chose none. */
  districtAtPoint?: string;
  /** The next tracking number, drawn only for a report that passed every check here. */
  sequence?: number;
}

/** The audit row of a submitted report. */
export interface SubmittedAudit {
  actorId: string;
  actorRole: string;
  details: Record<string, unknown>;
}

/**
 * The SQL of intake, the busiest write of the platform. A report costs two round trips: the
 * look-up, then one statement writing the request, its audit row and its outbox row
 * (bench/README.md, intake: each statement costs a socket write and TypeORM's and pg's CPU in
 * Node, and PostgreSQL's parse and plan). Both are named statements, so PostgreSQL plans them
 * once per pooled connection.
 */
@Injectable()
export class FeedbackIntakeRepository {
  /** The request row's columns, from the entity, so the INSERT cannot drift from it. */
  private readonly requestColumns: ColumnMetadata[];
  private readonly insertSubmittedSql: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.requestColumns = dataSource.getMetadata(FeedbackRequest).columns;
    const n = this.requestColumns.length;
    // One statement is one transaction: the request, its audit row and its event commit together
    // or not at all, without BEGIN and COMMIT round trips. A request already there (a retried
    // keyed report) inserts nothing, so no second audit row or event either.
    this.insertSubmittedSql = `WITH request AS (
         INSERT INTO feedback_requests (${this.requestColumns.map((c) => `"${c.databaseName}"`).join(', ')})
         VALUES (${this.requestColumns.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO NOTHING RETURNING id
       ), audit AS (
         INSERT INTO feedback_audit (entity_id, actor_id, actor_role, action, details)
         SELECT id, $${n + 1}, $${n + 2}, 'submitted', $${n + 3}::jsonb FROM request
       ), event AS (
         INSERT INTO outbox (id, subject, type, envelope)
         SELECT $${n + 4}::uuid, $${n + 5}, $${n + 6}, $${n + 7}::jsonb FROM request
       )
       SELECT id FROM request`;
  }

  private get pool(): Pool {
    // The pool TypeORM itself uses: TypeORM's query cannot name a statement.
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  /**
   * The category, whether the chosen district exists or which one holds the point, and the next
   * tracking number, in one round trip. The number is drawn only when the report is valid so
   * far (`acceptable`: the checks made in Node, e.g. the city's bounds), so rejected reports
   * leave no gaps; a failed write still can, as any sequence does.
   */
  async lookUp(categoryCode: string, districtCode: string | null, lat: number | null, lon: number | null, acceptable: boolean): Promise<IntakeLookUp | undefined> {
    const { rows } = await this.pool.query<{ code: string; department_code: string; service_level_days: number; district_known: boolean; district_at: string | null; seq: string | null }>({
      name: 'feedback-intake-look-up',
      text: `SELECT c.code, c.department_code, c.service_level_days, k.district_known,
                    CASE WHEN $2::text IS NULL AND $3::float8 IS NOT NULL THEN
                      (SELECT d.code FROM districts d WHERE d.boundary @> point($4::float8, $3::float8) ORDER BY area(box(d.boundary)), d.code LIMIT 1)
                    END AS district_at,
                    CASE WHEN k.district_known AND $5::boolean THEN nextval('feedback_tracking_seq') END AS seq
               FROM categories c
              CROSS JOIN LATERAL (SELECT ($2::text IS NULL OR EXISTS (SELECT 1 FROM districts d WHERE d.code = $2)) AS district_known) k
              WHERE c.code = $1 AND c.active`,
      values: [categoryCode, districtCode, lat, lon, acceptable],
    });
    const [row] = rows;
    return (
      row && {
        code: row.code,
        departmentCode: row.department_code,
        serviceLevelDays: row.service_level_days,
        districtKnown: row.district_known,
        districtAtPoint: row.district_at ?? undefined,
        sequence: row.seq === null ? undefined : Number(row.seq),
      }
    );
  }

  /**
   * Writes the request with its audit row and its outbox row. In `manager`'s transaction when
   * given (a report with photos, whose rows must commit with it), else as one statement on
   * its own. False when a report with this id is already there.
   */
  async insertSubmitted(request: FeedbackRequest, audit: SubmittedAudit, event: OutboxRow, manager?: EntityManager): Promise<boolean> {
    const values = [
      ...this.requestColumns.map((c) => c.getEntityValue(request, true)),
      audit.actorId,
      audit.actorRole,
      JSON.stringify(audit.details),
      event.id,
      event.subject,
      event.type,
      event.envelope,
    ];
    const rows: unknown[] = manager
      ? await manager.query(this.insertSubmittedSql, values)
      : (await this.pool.query({ name: 'feedback-intake-insert', text: this.insertSubmittedSql, values })).rows;
    return rows.length === 1;
  }

  /** The tracking code and due date of the report with this id, if there is one. */
  async submitted(id: string): Promise<{ trackingCode: string; dueAt: Date } | undefined> {
    const [row]: { tracking_code: string; due_at: Date }[] = await this.dataSource.query(`SELECT tracking_code, due_at FROM feedback_requests WHERE id = $1`, [id]);
    return row && { trackingCode: row.tracking_code, dueAt: new Date(row.due_at) };
  }
}
