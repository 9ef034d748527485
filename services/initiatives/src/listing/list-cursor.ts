import { ValidationProblem } from '@vaikuta/http';

/**
 * The opaque `cursor` of a keyset page: the sort value and id of the last row seen, so the
 * next page starts after it however deep the list is. (Feedback has the same idea in its
 * listing folder; the service kit is to hold one for all.)
 */
export function encodeListCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeListCursor(value: string): { sortValue: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw ValidationProblem.field('cursor', 'Invalid cursor: use the nextCursor of the previous page');
  const [sortValue, id] = parsed;
  const validTime = typeof sortValue === 'string' && (sortValue === 'infinity' || !Number.isNaN(Date.parse(sortValue)));
  if (!validTime || typeof id !== 'string' || !UUID.test(id)) {
    throw ValidationProblem.field('cursor', 'Invalid cursor: use the nextCursor of the previous page');
  }
  return { sortValue, id };
}

/** Numbered parameters for a WHERE built filter by filter, never by concatenating values. */
export class WhereBuilder {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** `sql` names its value `?` once. */
  where(sql: string, value?: unknown): this {
    if (value === undefined) {
      this.parts.push(sql);
    } else {
      this.params.push(value);
      this.parts.push(sql.replaceAll('?', `$${this.params.length}`));
    }
    return this;
  }

  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.parts.length ? this.parts.join(' AND ') : 'true';
  }
}
