import type { FeatureMessages } from '../i18n/feature-messages';

/** The words of budgeting's the coordinators' costing, results and project pages, in Finnish (the reference), Swedish and English. */
const fi = {} satisfies Record<string, string>;

export const budgetingCoordinationMessages: FeatureMessages<typeof fi> = { fi, sv: {}, en: {} };
