import type { GrantsFeature } from '../grants-feature';

/** Grant rounds and the year's calendar of rounds and deadlines (vuosikello). */
export const grantRoundsFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
