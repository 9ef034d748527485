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

  toString(): string {
    return this.conditions.join(' AND ');
  }
}
