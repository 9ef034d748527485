import type { FeatureMessages } from '../i18n/feature-messages';

/** The words of the premises booking pages (find, book, door code, cancel; managers' approvals and spaces), in Finnish (the reference), Swedish and English. */
const fi = {} satisfies Record<string, string>;

export const premisesMessages: FeatureMessages<typeof fi> = { fi, sv: {}, en: {} };
