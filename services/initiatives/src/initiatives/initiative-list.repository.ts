import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, KeysetPage, keysetPage, SortKey, SqlConditions } from '@vaikuta/domain';
import { fromRow, initiativeColumnsSql } from './initiative.repository';
import { InitiativeRecord } from './initiative.record';

export interface PublicListFilter {
  type?: string;
  status?: string;
  year?: number;
  source?: 'kuntalaisaloite' | 'vaikuta';
  q?: string;
  limit: number;
  cursor?: string;
}

export interface QueueFilter {
  /** Only these departments (a preparer's own) and unassigned ones; all when undefined (admin). */
  departments?: readonly string[];
  department?: string;
  status?: string;
  overdueAt?: Date;
  limit: number;
  cursor?: string;
}

const OPEN = `i.status NOT IN ('collecting', 'closed', 'inadmissible', 'withdrawn', 'combined')`;
/** The year in Helsinki: an initiative filed at 00:30 on 1 January belongs to the new year. */
const yearStart = (param: string) => `make_timestamptz(${param}, 1, 1, 0, 0, 0, 'Europe/Helsinki')`;

/** The lists' SQL: keyset pages over indexed orders. */
@Injectable()
export class InitiativeListRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Public initiatives, newest first. `q` matches with Finnish, Swedish and English stemming at
   * once, so "Kallio" finds "Kallioon" and "cykelbana" finds "cykelbanor".
   */
  async publicPage(f: PublicListFilter): Promise<KeysetPage<InitiativeRecord>> {
    const w = new SqlConditions().raw('i.public');
    if (f.type) w.add('i.type = ?', f.type);
    if (f.status) w.add('i.status = ?', f.status);
    if (f.source === 'kuntalaisaloite') w.raw(`i.source_system = 'kuntalaisaloite'`);
    if (f.source === 'vaikuta') w.raw('i.source_system IS NULL');
    if (f.year) {
      w.raw(`i.sort_at >= ${yearStart(w.param(f.year))}`);
      w.raw(`i.sort_at < ${yearStart(w.param(f.year + 1))}`);
    }
    if (f.q) {
      const q = w.param(f.q);
      w.raw(
        `i.search_vector @@ (websearch_to_tsquery('pg_catalog.finnish', ${q}) || websearch_to_tsquery('pg_catalog.swedish', ${q}) || websearch_to_tsquery('pg_catalog.english', ${q}))`,
      );
    }
    if (f.cursor) w.after('i.sort_at', 'i.id', decodeCursor(f.cursor), { descending: true });
    const rows = await this.rows(w, f.limit, 'i.sort_at DESC, i.id DESC');
    return keysetPage(rows, f.limit, (r) => ({ at: new Date(r.sortAt).toISOString(), id: r.id }));
  }

  /** Open initiatives in preparation, the nearest due date first (none last). */
  async queuePage(f: QueueFilter): Promise<KeysetPage<InitiativeRecord>> {
    const w = new SqlConditions().raw(OPEN);
    if (f.departments) w.add('(i.department_code IS NULL OR i.department_code = ANY(?))', [...f.departments]);
    if (f.department) w.add('i.department_code = ?', f.department);
    if (f.status) w.add('i.status = ?', f.status);
    if (f.overdueAt) w.add('i.next_due_at < ?', f.overdueAt);
    if (f.cursor) w.after(`coalesce(i.next_due_at, 'infinity')`, 'i.id', decodeCursor(f.cursor, SortKey.timestampOrInfinity));
    const rows = await this.rows(w, f.limit, `coalesce(i.next_due_at, 'infinity') ASC, i.id ASC`);
    return keysetPage(rows, f.limit, (r) => ({ at: r.nextDueAt ? new Date(r.nextDueAt).toISOString() : 'infinity', id: r.id }));
  }

  /** Every initiative filed or decided in a year (the yearly report to the council). */
  async ofYear(year: number): Promise<InitiativeRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT ${initiativeColumnsSql(this.dataSource)} FROM initiatives i
        WHERE i.status <> 'collecting' AND (
          (i.filed_at >= ${yearStart('$1')} AND i.filed_at < ${yearStart('$1 + 1')})
          OR left(i.decision->>'decidedAt', 4) = $1::text)
        ORDER BY i.filed_at, i.id`,
      [year],
    );
    return rows.map((r: Record<string, unknown>) => fromRow(this.dataSource, r));
  }

  private async rows(w: SqlConditions, limit: number, order: string): Promise<InitiativeRecord[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${initiativeColumnsSql(this.dataSource)} FROM initiatives i WHERE ${w} ORDER BY ${order} LIMIT ${w.param(limit + 1)}`,
      w.params,
    );
    return rows.map((r) => fromRow(this.dataSource, r));
  }
}
