import type { SummaryGrouping, SummaryLanguage } from './summary-query';

/**
 * The words a summary shows around the numbers, in the city's three languages. Kept apart from
 * the SQL and the CSV so a translator finds them in one place.
 */
export interface SummaryLabels {
  /** Name of the row for requests without a district. */
  noDistrict: string;
  /** Name of the totals row in the CSV. */
  total: string;
  columns: {
    key: string;
    name: Record<SummaryGrouping, string>;
    total: string;
    received: string;
    inProcess: string;
    resolved: string;
    rejected: string;
    merged: string;
    overdue: string;
    medianHoursToFirstReply: string;
    medianHoursToResolution: string;
  };
}

export const SUMMARY_LABELS: Record<SummaryLanguage, SummaryLabels> = {
  fi: {
    noDistrict: 'Ei aluetta',
    total: 'Yhteensä',
    columns: {
      key: 'Koodi',
      name: { department: 'Toimiala', category: 'Aihe', district: 'Alue' },
      total: 'Yhteensä',
      received: 'Vastaanotettu',
      inProcess: 'Käsittelyssä',
      resolved: 'Ratkaistu',
      rejected: 'Hylätty',
      merged: 'Yhdistetty',
      overdue: 'Myöhässä',
      medianHoursToFirstReply: 'Mediaani tuntia ensimmäiseen vastaukseen',
      medianHoursToResolution: 'Mediaani tuntia ratkaisuun',
    },
  },
  sv: {
    noDistrict: 'Inget område',
    total: 'Totalt',
    columns: {
      key: 'Kod',
      name: { department: 'Sektor', category: 'Ämne', district: 'Område' },
      total: 'Totalt',
      received: 'Mottagna',
      inProcess: 'Under behandling',
      resolved: 'Lösta',
      rejected: 'Avvisade',
      merged: 'Sammanslagna',
      overdue: 'Försenade',
      medianHoursToFirstReply: 'Median timmar till första svar',
      medianHoursToResolution: 'Median timmar till lösning',
    },
  },
  en: {
    noDistrict: 'No district',
    total: 'Total',
    columns: {
      key: 'Code',
      name: { department: 'Department', category: 'Category', district: 'District' },
      total: 'Total',
      received: 'Received',
      inProcess: 'In process',
      resolved: 'Resolved',
      rejected: 'Rejected',
      merged: 'Merged',
      overdue: 'Overdue',
      medianHoursToFirstReply: 'Median hours to first reply',
      medianHoursToResolution: 'Median hours to resolution',
    },
  },
};
