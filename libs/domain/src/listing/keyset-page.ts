import { z } from 'zod';
import { encodeCursor, KeysetCursor } from './keyset-cursor';

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * `limit` and `cursor` of a paged list's query string, to `.extend()` a service's own filters.
 * A limit outside 1..max (or not a whole number) is a 400 naming `limit` via the schema pipe.
 */
export function keysetQuerySchema({ maxLimit = 100, defaultLimit = 20 }: { maxLimit?: number; defaultLimit?: number } = {}) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    cursor: z.string().max(200).optional(),
  });
}

/**
 * One page from rows fetched with `LIMIT limit + 1`: the extra row only tells that there is a
 * next page, whose cursor is the last row shown.
 */
export function keysetPage<R, T = R>(rows: R[], limit: number, cursorOf: (row: R) => KeysetCursor, toItem?: (row: R) => T): KeysetPage<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: toItem ? page.map(toItem) : (page as unknown as T[]),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}
