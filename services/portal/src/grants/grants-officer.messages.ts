import type { FeatureMessages } from '../i18n/feature-messages';

/** The words of the grants officers' pages (queue, scoring, decisions, payments, statistics), in Finnish (the reference), Swedish and English. */
const fi = {} satisfies Record<string, string>;

export const grantsOfficerMessages: FeatureMessages<typeof fi> = { fi, sv: {}, en: {} };
