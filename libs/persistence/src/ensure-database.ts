import { Client } from 'pg';
import { maintenanceUrl } from './database-url';

/** Creates the service's database when it does not exist yet; a no-op otherwise. */
export async function ensureDatabase(databaseUrl: string): Promise<'created' | 'existed'> {
  const { url, database } = maintenanceUrl(databaseUrl);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return 'existed';
    try {
      await client.query(`CREATE DATABASE "${database}"`);
      return 'created';
    } catch (error) {
      // Two processes starting at once may race; losing the race is fine.
      if ((error as { code?: string }).code === '42P04') return 'existed';
      throw error;
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { url, database } = maintenanceUrl(databaseUrl);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
