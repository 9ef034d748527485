import type { GrantsFeature } from '../grants-feature';

/** The association register: names, business ID, bank account, representatives. */
export const associationsFeature: GrantsFeature = { controllers: [], providers: [], entities: [], migrations: [] };
