import { ValidationProblem } from '@vaikuta/http';

/**
 * Keyset pagination over (timestamp, id): the next page starts after the last row seen,
 * so pages stay fast at any depth and do not shift when new requests arrive. The queue
 * pages by due date, the public list by submission time; the cursor is opaque to clients.
 */
export interface KeysetCursor {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): KeysetCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !UUID.test(id)) {
      throw new Error('bad cursor');
    }
    return { at, id };
  } catch {
    throw ValidationProblem.field('cursor', 'Invalid cursor: use the nextCursor of the previous page');
  }
}
