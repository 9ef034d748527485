import type { GrantsFeature } from '../grants-feature';

/** Season bookings: weekly slots applied for, allocated and turned into series. */
export const seasonsFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
