import { CreateNotificationsSchema1763900000100 } from './migrations/1763900000100-CreateNotificationsSchema';
import { CreatePublicItems1763900000200 } from './migrations/1763900000200-CreatePublicItems';
import { SubscriptionExcerpt1764600000500 } from './migrations/1764600000500-SubscriptionExcerpt';
import { TemplateVersions1764600000510 } from './migrations/1764600000510-TemplateVersions';
import { ErasuresApplied1764700000110 } from './migrations/1764700000110-ErasuresApplied';
import { FollowScopes1769000000100 } from './migrations/1769000000100-FollowScopes';
import { ErasedIdentities1770000000100 } from './migrations/1770000000100-ErasedIdentities';

/** The service works in SQL (upserts, leases, SKIP LOCKED), so it maps no entities. */
export const notificationsEntities = [];
/** The service's own migrations; the kit runs the messaging tables' (libs/messaging) before them. */
export const notificationsMigrations = [
  CreateNotificationsSchema1763900000100,
  CreatePublicItems1763900000200,
  SubscriptionExcerpt1764600000500,
  TemplateVersions1764600000510,
  ErasuresApplied1764700000110,
  FollowScopes1769000000100,
  ErasedIdentities1770000000100,
];
