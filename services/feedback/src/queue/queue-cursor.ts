import { ValidationProblem } from '@vaikuta/http';

/**
 * Keyset pagination over (due_at, id): the next page starts after the last row seen, so
 * pages stay fast at any depth and do not shift when new requests arrive.
 */
export interface QueueCursor {
  dueAt: string;
  id: string;
}

export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.dueAt, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): QueueCursor {
  try {
    const [dueAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (typeof dueAt !== 'string' || Number.isNaN(Date.parse(dueAt)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new Error('bad cursor');
    }
    return { dueAt, id };
  } catch {
    throw ValidationProblem.field('cursor', 'Invalid cursor: use the nextCursor of the previous page');
  }
}
