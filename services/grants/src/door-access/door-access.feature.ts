import type { GrantsFeature } from '../grants-feature';

/** Door codes from the lock provider, valid around a booking and revoked on cancel. */
export const doorAccessFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
