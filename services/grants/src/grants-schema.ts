import { applicationsFeature } from './applications/applications.feature';
import { associationsFeature } from './associations/associations.feature';
import { bookingsFeature } from './bookings/bookings.feature';
import { calendarsFeature } from './calendars/calendars.feature';
import { doorAccessFeature } from './door-access/door-access.feature';
import { grantRoundsFeature } from './grant-rounds/grant-rounds.feature';
import type { GrantsFeature } from './grants-feature';
import { seasonsFeature } from './seasons/seasons.feature';
import { spacesFeature } from './spaces/spaces.feature';
import { privacyFeature } from './privacy/privacy.feature';

/**
 * Every feature of the service, grants first, then premises. Migration timestamps:
 * grants 1766000000100–199 (associations 1xx0–1xx9 by feature), premises 1766000000200–299.
 */
export const grantsFeatures: GrantsFeature[] = [
  associationsFeature,
  grantRoundsFeature,
  applicationsFeature,
  spacesFeature,
  bookingsFeature,
  seasonsFeature,
  doorAccessFeature,
  calendarsFeature,
  privacyFeature,
];

/** The service's entities and its own migrations (the kit runs the messaging tables' first), in timestamp order. */
export const grantsEntities = grantsFeatures.flatMap((f) => f.entities);
export const grantsMigrations = grantsFeatures
  .flatMap((f) => f.migrations)
  .sort((a, b) => migrationTimestamp(a) - migrationTimestamp(b));

function migrationTimestamp(migration: { name: string }): number {
  return Number(/(\d{13})$/.exec(migration.name)?.[1] ?? 0);
}
