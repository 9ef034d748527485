import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from './ensure-database';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file, so files can run in parallel without
 * seeing each other's rows. The caller migrates it (usually by booting the service).
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `vaikuta_test_${safeLabel}_${randomBytes(4).toString('hex')}`;
  const url = `${base}/${name}`;
  await ensureDatabase(url);
  return { url, name, drop: () => dropDatabase(url) };
}
