import type { FeatureMessages } from '../i18n/feature-messages';

/** The words of budgeting's the results and projects pages (public), in Finnish (the reference), Swedish and English. */
const fi = {} satisfies Record<string, string>;

export const budgetingResultsMessages: FeatureMessages<typeof fi> = { fi, sv: {}, en: {} };
