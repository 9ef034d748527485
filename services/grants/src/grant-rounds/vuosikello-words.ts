import type { GrantsHttp } from '@vaikuta/contracts';

export type FeedLanguage = 'fi' | 'sv' | 'en';

/** The feed's words in Finnish, Finland Swedish and English. */
export const vuosikelloWords: Record<
  FeedLanguage,
  { calendar: (year: number) => string; kind: Record<GrantsHttp.CalendarEntryKind, string>; type: Record<GrantsHttp.GrantRoundType, string>; department: string }
> = {
  fi: {
    calendar: (year) => `Avustusten vuosikello ${year}`,
    kind: { opens: 'Haku avautuu', closes: 'Haku päättyy', report_due: 'Käyttöselvitys viimeistään' },
    type: { operating: 'Toiminta-avustus', project: 'Projektiavustus', premises: 'Tila-avustus', small: 'Pienavustus' },
    department: 'Toimiala',
  },
  sv: {
    calendar: (year) => `Årsklockan för understöd ${year}`,
    kind: { opens: 'Ansökan öppnar', closes: 'Ansökan stänger', report_due: 'Redovisning senast' },
    type: { operating: 'Verksamhetsunderstöd', project: 'Projektunderstöd', premises: 'Lokalunderstöd', small: 'Småunderstöd' },
    department: 'Sektor',
  },
  en: {
    calendar: (year) => `Grants calendar ${year}`,
    kind: { opens: 'Applications open', closes: 'Applications close', report_due: 'Report on the use of funds due' },
    type: { operating: 'Operating grant', project: 'Project grant', premises: 'Premises grant', small: 'Small grant' },
    department: 'Department',
  },
};
