import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import { parseWithSchema } from '@vaikuta/http';
import { decodeCursor } from './keyset-cursor';
import { keysetPage, keysetQuerySchema } from './keyset-page';
import { SqlConditions } from './sql-conditions';

const ID = '0b6f2d1e-3c4a-4f5b-8a9c-0d1e2f3a4b5c';

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpException && error.getStatus() === 400) {
      return ((error.getResponse() as { errors: { field: string }[] }).errors ?? []).map((e) => e.field);
    }
    throw error;
  }
  return [];
}

describe('keyset query schema', () => {
  const schema = keysetQuerySchema({ maxLimit: 100, defaultLimit: 20 });

  it('defaults the limit and takes one within bounds', () => {
    expect(parseWithSchema(schema, {})).toEqual({ limit: 20 });
    expect(parseWithSchema(schema, { limit: '1' }).limit).toBe(1);
    expect(parseWithSchema(schema, { limit: '100', cursor: 'abc' })).toEqual({ limit: 100, cursor: 'abc' });
  });

  it.each(['0', '101', '-5', '2.5', 'ten', '1e9'])('refuses limit=%s naming limit', (limit) => {
    expect(fieldsOf(() => parseWithSchema(schema, { limit }))).toEqual(['limit']);
  });

  it('refuses an overlong cursor naming cursor', () => {
    expect(fieldsOf(() => parseWithSchema(schema, { cursor: 'x'.repeat(201) }))).toEqual(['cursor']);
  });

  it('extends with a service filter', () => {
    const extended = keysetQuerySchema({ maxLimit: 5 }).extend({ status: z.enum(['open', 'closed']).optional() });
    expect(parseWithSchema(extended, { status: 'open' })).toEqual({ status: 'open', limit: 20 });
    expect(fieldsOf(() => parseWithSchema(extended, { limit: '6', status: 'x' })).sort()).toEqual(['limit', 'status']);
  });
});

describe('keysetPage', () => {
  const rows = [1, 2, 3].map((n) => ({ n, at: `2026-01-0${n}T00:00:00.000Z`, id: ID }));

  it('keeps `limit` rows and points the next cursor at the last one shown', () => {
    const page = keysetPage(rows, 2, (r) => ({ at: r.at, id: r.id }), (r) => r.n);
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: rows[1].at, id: ID });
  });

  it('has no next cursor when the extra row did not come', () => {
    expect(keysetPage(rows, 3, (r) => ({ at: r.at, id: r.id }))).toEqual({ items: rows, nextCursor: null });
    expect(keysetPage([], 3, () => ({ at: '', id: '' }))).toEqual({ items: [], nextCursor: null });
  });
});

describe('SqlConditions', () => {
  it('numbers parameters in the order they are added, conditions and extras alike', () => {
    const where = new SqlConditions().add('r.kind = ANY(?)', ['idea']).raw('r.published_at IS NOT NULL');
    where.after('r.submitted_at', 'r.id', { at: '2026-01-01T00:00:00.000Z', id: ID }, { descending: true });
    const limit = where.param(21);
    expect(`${where}`).toBe('r.kind = ANY($1) AND r.published_at IS NOT NULL AND (r.submitted_at, r.id) < ($2::timestamptz, $3::uuid)');
    expect(limit).toBe('$4');
    expect(where.params).toEqual([['idea'], '2026-01-01T00:00:00.000Z', ID, 21]);
  });

  it('is `true` with no condition, so WHERE stays valid', () => {
    expect(`${new SqlConditions()}`).toBe('true');
  });
});
