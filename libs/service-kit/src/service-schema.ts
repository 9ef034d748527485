import { CreateMessagingTables1763800000000 } from '@vaikuta/messaging';
import type { ServiceDataSourceConfig } from '@vaikuta/persistence';

/** A service's own tables: its entities and migrations (the messaging tables are added by the kit). */
export interface ServiceSchema {
  entities?: ServiceDataSourceConfig['entities'];
  /** The service's own migrations, oldest first. */
  migrations: ServiceDataSourceConfig['migrations'];
}

/**
 * The migrations a service's database runs: the outbox/inbox/dead-letter tables first (every
 * service has them, libs/messaging), then the service's own.
 */
export function serviceMigrations(own: ServiceSchema['migrations']): ServiceDataSourceConfig['migrations'] {
  const list = Array.isArray(own) ? own : Object.values(own);
  return [CreateMessagingTables1763800000000, ...list.filter((m) => m !== CreateMessagingTables1763800000000)];
}
