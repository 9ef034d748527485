import { Client } from 'pg';
import type { GrantsTestApp } from '../../test/grants-test-app';

/**
 * For the race tests: a second PostgreSQL session on the test app's database, whose open
 * transaction holds locks or rows while a request runs, and a wait until requests block on it.
 */
export async function secondSession(t: GrantsTestApp): Promise<Client> {
  const options = t.dataSource.options as { url?: string; database?: string; host?: string; port?: number; username?: string };
  const client = new Client(options.url ? { connectionString: options.url } : { host: options.host, port: options.port, user: options.username, database: options.database });
  await client.connect();
  return client;
}

/** Waits until `n` statements of the test database wait for a lock. */
export async function lockWaiters(t: GrantsTestApp, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (row.n >= n) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${n} statements waiting for a lock`);
}
