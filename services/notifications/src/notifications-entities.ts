import { CreateMessagingTables1763800000000 } from '@vaikuta/messaging';
import { CreateNotificationsSchema1763900000100 } from './migrations/1763900000100-CreateNotificationsSchema';
import { CreatePublicItems1763900000200 } from './migrations/1763900000200-CreatePublicItems';
import { SubscriptionExcerpt1764600000500 } from './migrations/1764600000500-SubscriptionExcerpt';
import { TemplateVersions1764600000510 } from './migrations/1764600000510-TemplateVersions';

/** The service works in SQL (upserts, leases, SKIP LOCKED), so it maps no entities. */
export const notificationsEntities = [];
export const notificationsMigrations = [
  CreateMessagingTables1763800000000,
  CreateNotificationsSchema1763900000100,
  CreatePublicItems1763900000200,
  SubscriptionExcerpt1764600000500,
  TemplateVersions1764600000510,
];
