import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { decodeCursor, SortKey } from './keyset-cursor';
import { keysetPage } from './keyset-page';
import { SqlConditions } from './sql-conditions';

/**
 * Paging through a real table: every matching row exactly once, in order, however the
 * sort key ties, with rows arriving between pages — the properties an offset would break.
 */
describe('keyset paging on PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase('domain_keyset');
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE TABLE items (id uuid PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL, rank bigint NOT NULL)`);
    // 53 rows over 7 distinct times: most share their time with others (the id breaks ties).
    for (let i = 0; i < 53; i++) {
      await client.query(`INSERT INTO items VALUES ($1, $2, $3, $4)`, [
        randomUUID(),
        i % 3 === 0 ? 'idea' : 'fault',
        new Date(Date.UTC(2026, 0, 1 + (i % 7))).toISOString(),
        i % 5,
      ]);
    }
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  type Row = { id: string; at: Date; rank: string };

  async function page(limit: number, cursor: string | null, { descending = false, kind }: { descending?: boolean; kind?: string } = {}) {
    const where = new SqlConditions();
    if (kind) where.add('i.kind = ?', kind);
    if (cursor) where.after('i.at', 'i.id', decodeCursor(cursor), { descending });
    const order = descending ? 'DESC' : 'ASC';
    const { rows } = await client.query<Row>(
      `SELECT i.id, i.at, i.rank FROM items i WHERE ${where} ORDER BY i.at ${order}, i.id ${order} LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
    return keysetPage(rows, limit, (r) => ({ at: r.at.toISOString(), id: r.id }));
  }

  async function all(limit: number, options: { descending?: boolean; kind?: string } = {}) {
    const seen: Row[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const next = await page(limit, cursor, options);
      seen.push(...next.items);
      cursor = next.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { seen, pages };
  }

  async function expected({ descending = false, kind }: { descending?: boolean; kind?: string } = {}) {
    const order = descending ? 'DESC' : 'ASC';
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM items ${kind ? 'WHERE kind = $1' : ''} ORDER BY at ${order}, id ${order}`,
      kind ? [kind] : [],
    );
    return rows.map((r) => r.id);
  }

  it.each([1, 5, 10, 53, 100])('ascending with limit %i: every row once, in order', async (limit) => {
    const { seen, pages } = await all(limit);
    expect(seen.map((r) => r.id)).toEqual(await expected());
    expect(pages).toBe(Math.max(1, Math.ceil(53 / limit)));
  });

  it('descending and filtered: every matching row once, in order', async () => {
    const { seen } = await all(4, { descending: true, kind: 'idea' });
    expect(seen.map((r) => r.id)).toEqual(await expected({ descending: true, kind: 'idea' }));
    expect(seen).toHaveLength(18);
  });

  it('a row arriving before the cursor does not shift the next page', async () => {
    const first = await page(10, null, { descending: true });
    const second = await page(10, first.nextCursor, { descending: true });
    await client.query(`INSERT INTO items VALUES ($1, 'idea', '2027-01-01T00:00:00Z', 0)`, [randomUUID()]);
    const again = await page(10, first.nextCursor, { descending: true });
    expect(again.items.map((r) => r.id)).toEqual(second.items.map((r) => r.id));
    await client.query(`DELETE FROM items WHERE at = '2027-01-01T00:00:00Z'`);
  });

  it('pages by a number with its own sort type', async () => {
    const where = new SqlConditions().after('i.rank', 'i.id', decodeCursor(Buffer.from(JSON.stringify(['2', '00000000-0000-4000-8000-000000000000'])).toString('base64url'), SortKey.integer), { sortType: 'bigint' });
    const { rows } = await client.query<{ rank: string }>(`SELECT rank FROM items i WHERE ${where}`, where.params);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => Number(r.rank) >= 2)).toBe(true);
    const { rows: [{ count }] } = await client.query(`SELECT count(*)::int AS count FROM items WHERE rank >= 2`);
    expect(rows).toHaveLength(count);
  });
});
