import type { FeatureMessages } from '../i18n/feature-messages';

/** The words of the initiatives pages, in Finnish (the reference), Swedish and English. */
const fi = {
  'nav.initiatives': 'Aloitteet',
} as const;

export const initiativesMessages: FeatureMessages<typeof fi> = {
  fi,
  sv: {
    'nav.initiatives': 'Initiativ',
  },
  en: {
    'nav.initiatives': 'Initiatives',
  },
};
