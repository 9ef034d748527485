import { ValidationProblem } from '@vaikuta/http';

/**
 * Keyset pagination over (sort key, id): the next page starts after the last row seen, so
 * pages stay fast at any depth and do not shift when new rows arrive. The cursor is opaque
 * to clients (base64url of `[at, id]`); whatever comes back is checked before it reaches
 * SQL, and anything else — truncated, re-encoded, edited — is a 400 naming `cursor`.
 */
export interface KeysetCursor {
  /** The last row's sort key as text: an ISO time by default (see `SortKey`). */
  at: string;
  id: string;
}

/** Which sort-key values a cursor may carry; the value is later cast in SQL, so it must parse. */
export type SortKeyCheck = (value: string) => boolean;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const INTEGER = /^-?\d{1,18}$/;

export const SortKey = {
  /** An ISO 8601 time with zone, as `Date.toISOString()` writes it (cast `::timestamptz`). */
  timestamp: ((value) => ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))) as SortKeyCheck,
  /** A time, or PostgreSQL's `infinity` for rows whose time is not set yet (sorted last). */
  timestampOrInfinity: ((value) => value === 'infinity' || SortKey.timestamp(value)) as SortKeyCheck,
  /** A whole number (cast `::bigint`). */
  integer: ((value) => INTEGER.test(value)) as SortKeyCheck,
  /** Free text up to `max` characters (cast `::text`). */
  text: (max = 200): SortKeyCheck => (value) => value.length <= max,
} as const;

export const INVALID_CURSOR_MESSAGE = 'Invalid cursor: use the nextCursor of the previous page';

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** The cursor a client sent back, or a 400 problem naming `cursor`. */
export function decodeCursor(value: string, sortKey: SortKeyCheck = SortKey.timestamp): KeysetCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [at, id] = parsed as unknown[];
    if (typeof at === 'string' && sortKey(at) && typeof id === 'string' && UUID.test(id)) return { at, id };
  }
  throw ValidationProblem.field('cursor', INVALID_CURSOR_MESSAGE);
}
