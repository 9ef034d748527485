import { KeysetCursor } from './keyset-cursor';

/**
 * The WHERE clause of a filtered list, built up filter by filter with numbered
 * parameters, so optional filters never end up concatenated into SQL text.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** `sql` holds one `?` for the value, e.g. `r.kind = ANY(?)`. */
  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  /** A condition without a parameter, e.g. `r.published_at IS NOT NULL`. */
  raw(sql: string): this {
    this.conditions.push(sql);
    return this;
  }

  /** Placeholder for one more parameter used outside the conditions (LIMIT). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /**
   * Rows after the cursor's row in `ORDER BY sortColumn, idColumn` (both descending with
   * `descending`): a row-value comparison, which PostgreSQL answers from a matching index.
   * `sortType` is the SQL type the cursor's text is cast to.
   */
  after(sortColumn: string, idColumn: string, cursor: KeysetCursor, { descending = false, sortType = 'timestamptz' } = {}): this {
    const at = this.param(cursor.at);
    const id = this.param(cursor.id);
    return this.raw(`(${sortColumn}, ${idColumn}) ${descending ? '<' : '>'} (${at}::${sortType}, ${id}::uuid)`);
  }

  /** `true` when nothing was added, so `WHERE ${conditions}` is always valid SQL. */
  toString(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'true';
  }
}
