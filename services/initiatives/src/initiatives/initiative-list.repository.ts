import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeListCursor, encodeListCursor, WhereBuilder } from '../listing/list-cursor';
import { fromRow } from './initiative.repository';
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
  /** Only these departments (a preparer's own), or all when undefined (admin). */
  departments?: readonly string[];
  department?: string;
  status?: string;
  overdueAt?: Date;
  limit: number;
  cursor?: string;
}

const LIST_COLUMNS = `i.id, i.case_id, i.type, i.advocacy_body, i.language, i.title, i.body, i.status, i.version, i.support_count,
  i.filed_at, i.sort_at, to_char(i.council_deadline, 'YYYY-MM-DD') AS council_deadline, i.next_due_at, i.department_code, i.preparer_id,
  i.proposed_to, i.proposal, i.decision, i.measures, i.measures_at, i.closing_reason, i.combined_into, i.ahjo_case_id,
  i.source_system, i.external_id, i.source_url, i.source_fingerprint, i.public, i.created_by, i.created_at, i.updated_at`;

const OPEN = `i.status NOT IN ('closed', 'inadmissible', 'withdrawn', 'combined')`;

/** The lists' SQL: keyset pages over indexed orders. */
@Injectable()
export class InitiativeListRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Public initiatives, newest first. `q` matches in Finnish, Swedish and English stemming at
   * once, so "Kallio" finds "Kallioon" and "cykelbana" finds "cykelbanor".
   */
  async publicPage(f: PublicListFilter): Promise<{ items: InitiativeRecord[]; nextCursor: string | null }> {
    const w = new WhereBuilder().where('i.public');
    if (f.type) w.where('i.type = ?', f.type);
    if (f.status) w.where('i.status = ?', f.status);
    if (f.source === 'kuntalaisaloite') w.where(`i.source_system = 'kuntalaisaloite'`);
    if (f.source === 'vaikuta') w.where('i.source_system IS NULL');
    if (f.year) {
      // The year in Helsinki: an initiative filed at 00:30 on 1 January belongs to the new year.
      w.where(`i.sort_at >= make_timestamptz(?, 1, 1, 0, 0, 0, 'Europe/Helsinki')`, f.year);
      w.where(`i.sort_at < make_timestamptz(?, 1, 1, 0, 0, 0, 'Europe/Helsinki')`, f.year + 1);
    }
    if (f.q) {
      const q = w.bind(f.q);
      w.where(
        `i.search_vector @@ (websearch_to_tsquery('pg_catalog.finnish', ${q}) || websearch_to_tsquery('pg_catalog.swedish', ${q}) || websearch_to_tsquery('pg_catalog.english', ${q}))`,
      );
    }
    if (f.cursor) {
      const c = decodeListCursor(f.cursor);
      const at = w.bind(c.sortValue);
      const id = w.bind(c.id);
      w.where(`(i.sort_at, i.id) < (${at}::timestamptz, ${id}::uuid)`);
    }
    return this.page(w, f.limit, 'i.sort_at DESC, i.id DESC', (r) => new Date(r.sort_at).toISOString());
  }

  /** Open initiatives in preparation, the nearest due date first (none last). */
  async queuePage(f: QueueFilter): Promise<{ items: InitiativeRecord[]; nextCursor: string | null }> {
    const w = new WhereBuilder().where(OPEN).where(`i.status <> 'collecting'`);
    if (f.departments) w.where('(i.department_code IS NULL OR i.department_code = ANY(?))', [...f.departments]);
    if (f.department) w.where('i.department_code = ?', f.department);
    if (f.status) w.where('i.status = ?', f.status);
    if (f.overdueAt) w.where('i.next_due_at < ?', f.overdueAt);
    if (f.cursor) {
      const c = decodeListCursor(f.cursor);
      const due = w.bind(c.sortValue);
      const id = w.bind(c.id);
      w.where(`(coalesce(i.next_due_at, 'infinity'), i.id) > (${due}::timestamptz, ${id}::uuid)`);
    }
    return this.page(w, f.limit, `coalesce(i.next_due_at, 'infinity') ASC, i.id ASC`, (r) =>
      r.next_due_at ? new Date(r.next_due_at).toISOString() : 'infinity',
    );
  }

  /** Every initiative filed or decided in a year (the yearly report to the council). */
  async ofYear(year: number): Promise<InitiativeRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT ${LIST_COLUMNS} FROM initiatives i
        WHERE i.status <> 'collecting' AND (
          (i.filed_at >= make_timestamptz($1, 1, 1, 0, 0, 0, 'Europe/Helsinki') AND i.filed_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Europe/Helsinki'))
          OR left(i.decision->>'decidedAt', 4) = $1::text)
        ORDER BY i.filed_at, i.id`,
      [year],
    );
    return rows.map(fromRow);
  }

  private async page(
    w: WhereBuilder,
    limit: number,
    order: string,
    sortValueOf: (row: Record<string, any>) => string,
  ): Promise<{ items: InitiativeRecord[]; nextCursor: string | null }> {
    const limitParam = w.bind(limit + 1);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT ${LIST_COLUMNS} FROM initiatives i WHERE ${w.sql} ORDER BY ${order} LIMIT ${limitParam}`,
      w.params,
    );
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items: items.map(fromRow), nextCursor: more && last ? encodeListCursor(sortValueOf(last), last.id) : null };
  }
}
