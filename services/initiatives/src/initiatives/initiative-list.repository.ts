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
  /** With `department`: also those assigned to no department yet (new filings awaiting registration). */
  includeUnassigned?: boolean;
  status?: string;
  overdueAt?: Date;
  limit: number;
  cursor?: string;
}

const OPEN = `i.status NOT IN ('collecting', 'closed', 'inadmissible', 'withdrawn', 'combined')`;
const ORDER_NEWEST = 'i.sort_at DESC, i.id DESC';
/** Rows a search reads along the list before it asks the search index instead (searchRows). */
const SEARCH_WALK = 2000;
/** The words in all three stemmings at once: a reader need not say which language they searched in. */
const tsQuery = (param: string) =>
  `(websearch_to_tsquery('pg_catalog.finnish', ${param}) || websearch_to_tsquery('pg_catalog.swedish', ${param}) || websearch_to_tsquery('pg_catalog.english', ${param}))`;
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
    const filters = (w: SqlConditions) => {
      w.raw('i.public');
      if (f.type) w.add('i.type = ?', f.type);
      if (f.status) w.add('i.status = ?', f.status);
      if (f.source === 'kuntalaisaloite') w.raw(`i.source_system = 'kuntalaisaloite'`);
      if (f.source === 'vaikuta') w.raw('i.source_system IS NULL');
      if (f.year) {
        w.raw(`i.sort_at >= ${yearStart(w.param(f.year))}`);
        w.raw(`i.sort_at < ${yearStart(w.param(f.year + 1))}`);
      }
      if (f.cursor) w.after('i.sort_at', 'i.id', decodeCursor(f.cursor), { descending: true });
      return w;
    };
    const cursorOf = (r: InitiativeRecord) => ({ at: new Date(r.sortAt).toISOString(), id: r.id });
    if (!f.q) return keysetPage(await this.rows(filters(new SqlConditions()), f.limit, ORDER_NEWEST), f.limit, cursorOf);
    return keysetPage(await this.searchRows(f.q, filters, f.limit), f.limit, cursorOf);
  }

  /**
   * A text search, newest first, in two ways so that neither a common nor a rare word is slow.
   * Walking the list's index and testing each row finds a common word's newest matches at once,
   * but reads the whole list for a word nothing has; so the walk reads at most SEARCH_WALK rows.
   * When it did not fill the page, the matches are few: the search index finds them all and
   * they are sorted (the CTE keeps the planner from walking the list again).
   */
  private async searchRows(q: string, filters: (w: SqlConditions) => SqlConditions, limit: number): Promise<InitiativeRecord[]> {
    const walk = filters(new SqlConditions());
    const walkQ = walk.param(q);
    const walked = await this.dataSource.query(
      `SELECT ${initiativeColumnsSql(this.dataSource)}
         FROM (SELECT * FROM initiatives i WHERE ${walk} ORDER BY ${ORDER_NEWEST} LIMIT ${walk.param(SEARCH_WALK)}) i
        WHERE i.search_vector @@ ${tsQuery(walkQ)}
        ORDER BY ${ORDER_NEWEST} LIMIT ${walk.param(limit + 1)}`,
      walk.params,
    );
    if (walked.length > limit) return walked.map((r: Record<string, unknown>) => fromRow(this.dataSource, r));
    const hits = filters(new SqlConditions());
    hits.raw(`i.search_vector @@ ${tsQuery(hits.param(q))}`);
    const rows = await this.dataSource.query(
      `WITH hits AS MATERIALIZED (SELECT i.id, i.sort_at FROM initiatives i WHERE ${hits})
       SELECT ${initiativeColumnsSql(this.dataSource)} FROM hits h JOIN initiatives i ON i.id = h.id
        ORDER BY ${ORDER_NEWEST} LIMIT ${hits.param(limit + 1)}`,
      hits.params,
    );
    return rows.map((r: Record<string, unknown>) => fromRow(this.dataSource, r));
  }

  /** Open initiatives in preparation, the nearest due date first (none last). */
  async queuePage(f: QueueFilter): Promise<KeysetPage<InitiativeRecord>> {
    const w = new SqlConditions().raw(OPEN);
    if (f.departments) w.add('(i.department_code IS NULL OR i.department_code = ANY(?))', [...f.departments]);
    if (f.department) w.add(f.includeUnassigned ? '(i.department_code = ? OR i.department_code IS NULL)' : 'i.department_code = ?', f.department);
    if (f.status) w.add('i.status = ?', f.status);
    if (f.overdueAt) w.add('i.next_due_at < ?', f.overdueAt);
    if (f.cursor) w.after(`coalesce(i.next_due_at, 'infinity')`, 'i.id', decodeCursor(f.cursor, SortKey.timestampOrInfinity));
    const rows = await this.rows(w, f.limit, `coalesce(i.next_due_at, 'infinity') ASC, i.id ASC`);
    return keysetPage(rows, f.limit, (r) => ({ at: r.nextDueAt ? new Date(r.nextDueAt).toISOString() : 'infinity', id: r.id }));
  }

  /** Every public initiative filed or decided in a year (the yearly report to the council): a hidden one is 404 on its page, so it is left out here too. */
  async ofYear(year: number): Promise<InitiativeRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT ${initiativeColumnsSql(this.dataSource)} FROM initiatives i
        WHERE i.status <> 'collecting' AND i.public AND (
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
