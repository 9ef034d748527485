import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, TestDatabase } from './test-database';
import { openServiceDataSource } from './service-data-source';
import { dropDatabase, ensureDatabase } from './ensure-database';

class CreateGreeting1700000000000 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE greeting (id serial PRIMARY KEY, text text NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE greeting`);
  }
}

describe('service data source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('persistence');
  });
  afterAll(() => db.drop());

  it('creates a missing database only once', async () => {
    const url = db.url.replace(/(vaikuta_test_[a-z0-9_]+)$/, '$1_extra');
    expect(await ensureDatabase(url)).toBe('created');
    expect(await ensureDatabase(url)).toBe('existed');
    await dropDatabase(url);
  });

  it('applies pending migrations once and records them', async () => {
    const first = await openServiceDataSource({ url: db.url, entities: [], migrations: [CreateGreeting1700000000000] });
    await first.query(`INSERT INTO greeting (text) VALUES ('hei')`);
    await first.destroy();
    // A second start finds nothing pending: the table and its row survive.
    const second = await openServiceDataSource({ url: db.url, entities: [], migrations: [CreateGreeting1700000000000] });
    expect(await second.query(`SELECT text FROM greeting`)).toEqual([{ text: 'hei' }]);
    expect(await second.query(`SELECT name FROM migrations`)).toEqual([{ name: 'CreateGreeting1700000000000' }]);
    await second.destroy();
  });
});
