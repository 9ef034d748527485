import type { GrantsFeature } from '../grants-feature';

/** Bookings of spaces, never overlapping (an exclusion constraint), and their availability. */
export const bookingsFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
