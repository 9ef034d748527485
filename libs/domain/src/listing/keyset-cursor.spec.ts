import { HttpException } from '@nestjs/common';
import { decodeCursor, encodeCursor, SortKey } from './keyset-cursor';

const ID = '0b6f2d1e-3c4a-4f5b-8a9c-0d1e2f3a4b5c';

/** The problem a decode throws, or undefined when it decoded. */
function problemOf(run: () => unknown): { status: number; body: Record<string, unknown> } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    return { status: error.getStatus(), body: error.getResponse() as Record<string, unknown> };
  }
}

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursor', () => {
  it('gives back what it encoded, and is opaque text safe in a query string', () => {
    const cursor = { at: '2026-03-01T08:30:00.123Z', id: ID };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', 'ä%%%'],
    ['empty', ''],
    ['truncated', encodeCursor({ at: '2026-03-01T08:30:00.000Z', id: ID }).slice(0, 20)],
    ['an object, not a pair', raw({ at: '2026-03-01T08:30:00.000Z', id: ID })],
    ['three values', raw(['2026-03-01T08:30:00.000Z', ID, 'x'])],
    ['an id that is no uuid', raw(['2026-03-01T08:30:00.000Z', "1' OR '1'='1"])],
    ['SQL in the time', raw(["2026-03-01'); DROP TABLE x; --", ID])],
    ['a time that is no time', raw(['yesterday', ID])],
    ['a time without zone (cast would read it in the server zone)', raw(['2026-03-01T08:30:00', ID])],
    ['a number for the time', raw([1764700000000, ID])],
    ['null', raw(null)],
  ])('answers a 400 problem naming cursor for %s', (_, value) => {
    const problem = problemOf(() => decodeCursor(value));
    expect(problem?.status).toBe(400);
    expect(problem?.body.errors).toEqual([{ field: 'cursor', message: expect.stringContaining('nextCursor') }]);
  });

  it('takes other sort keys when the list says so, and only those', () => {
    expect(decodeCursor(raw(['infinity', ID]), SortKey.timestampOrInfinity)).toEqual({ at: 'infinity', id: ID });
    expect(problemOf(() => decodeCursor(raw(['infinity', ID])))?.status).toBe(400);
    expect(decodeCursor(raw(['42', ID]), SortKey.integer)).toEqual({ at: '42', id: ID });
    expect(problemOf(() => decodeCursor(raw(['4.2', ID]), SortKey.integer))?.status).toBe(400);
    expect(decodeCursor(raw(['Aalto', ID]), SortKey.text(10))).toEqual({ at: 'Aalto', id: ID });
    expect(problemOf(() => decodeCursor(raw(['x'.repeat(11), ID]), SortKey.text(10)))?.status).toBe(400);
  });
});
