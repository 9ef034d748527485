import type { FeatureMessages } from '../i18n/feature-messages';

/** The words of the association and applicant pages of grants (register, representatives, apply, the vuosikello), in Finnish (the reference), Swedish and English. */
const fi = {} satisfies Record<string, string>;

export const grantsApplicantMessages: FeatureMessages<typeof fi> = { fi, sv: {}, en: {} };
