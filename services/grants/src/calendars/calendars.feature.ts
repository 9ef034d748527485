import type { GrantsFeature } from '../grants-feature';

/** iCalendar feeds: a space's busy times in public, one's own bookings behind a secret. */
export const calendarsFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
