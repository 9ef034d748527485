/**
 * Each service owns one PostgreSQL database, named `vaikuta_<service>` unless
 * DATABASE_URL says otherwise. Services never read each other's databases.
 */
export function databaseUrlFor(service: string, env: { DATABASE_URL?: string }): string {
  return env.DATABASE_URL || `postgres://postgres@127.0.0.1:5432/vaikuta_${service}`;
}

/** The same server, but the maintenance database: used to create or drop a service's database. */
export function maintenanceUrl(databaseUrl: string): { url: string; database: string } {
  const parsed = new URL(databaseUrl);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    // The name is interpolated into CREATE DATABASE, so it must be a plain identifier.
    throw new Error(`Database name "${database}" must contain only letters, digits and underscores`);
  }
  parsed.pathname = '/postgres';
  return { url: parsed.toString(), database };
}
