import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { ensureDatabase } from './ensure-database';

export interface ServiceDataSourceConfig {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Pool size per process (default 20); PostgreSQL's max_connections is shared by every replica. */
  poolSize?: number;
}

/**
 * Options shared by every service. Schemas change only through migrations —
 * `synchronize` would let an entity edit silently alter a production table.
 */
export function serviceDataSourceOptions(config: ServiceDataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: config.entities,
    migrations: config.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: config.poolSize ?? 20 },
  };
}

/** Creates the database if missing, connects, and applies pending migrations. */
export async function openServiceDataSource(
  config: ServiceDataSourceConfig,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<DataSource> {
  await ensureDatabase(config.url);
  const dataSource = new DataSource(serviceDataSourceOptions(config));
  await dataSource.initialize();
  if (migrate) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
