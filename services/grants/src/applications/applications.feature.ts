import type { GrantsFeature } from '../grants-feature';

/** Grant applications from draft to decision, payment and the report on the use of funds. */
export const applicationsFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
