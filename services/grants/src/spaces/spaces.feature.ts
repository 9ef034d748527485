import type { GrantsFeature } from '../grants-feature';

/** Bookable city premises: opening hours, booking rules, access type. */
export const spacesFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
