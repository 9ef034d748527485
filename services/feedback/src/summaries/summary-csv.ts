import type { FeedbackSummary, SummaryCounts } from './feedback-summary.service';
import { SUMMARY_LABELS } from './summary-labels';
import type { SummaryLanguage } from './summary-query';

/**
 * CSV as RFC 4180 says and as Excel reads it. Text cells are data typed in by people (names of
 * departments, categories and districts come from admins), numbers are ours.
 */
export type CsvCell = string | number | null;

/**
 * Excel takes a file without a byte order mark for the local ANSI code page and shows
 * "KÃ¤sittelyssÃ¤"; with it, the file is read as UTF-8.
 */
export const UTF8_BOM = '\uFEFF';

/** RFC 4180 ends every record with CRLF. */
const CRLF = '\r\n';

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula (and tab or CR can hide such a
 * start), so a name like `=HYPERLINK("http://evil", "Kallio")` would become a live link or
 * worse. A leading apostrophe makes the spreadsheet show it as text (OWASP's advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: text guarded against formulas, then quoted when it holds a comma, quote or line break. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: byte order mark, then one CRLF-terminated record per row. */
export function renderCsv(records: readonly (readonly CsvCell[])[]): string {
  return UTF8_BOM + records.map((record) => record.map(csvField).join(',') + CRLF).join('');
}

const COUNT_COLUMNS = [
  'total',
  'received',
  'inProcess',
  'resolved',
  'rejected',
  'merged',
  'overdue',
  'medianHoursToFirstReply',
  'medianHoursToResolution',
] as const satisfies readonly (keyof SummaryCounts)[];

/** The summary as a spreadsheet: a header in the reader's language, the groups, then the totals. */
export function renderSummaryCsv(summary: FeedbackSummary, lang: SummaryLanguage): string {
  const labels = SUMMARY_LABELS[lang];
  const header = [labels.columns.key, labels.columns.name[summary.groupBy], ...COUNT_COLUMNS.map((c) => labels.columns[c])];
  const counts = (c: SummaryCounts) => COUNT_COLUMNS.map((column) => c[column]);
  return renderCsv([
    header,
    ...summary.rows.map((row) => [row.key, row.name, ...counts(row)]),
    [null, labels.total, ...counts(summary.totals)],
  ]);
}

/** `feedback-summary-<groupBy>-<from>-<to>.csv`; every part is validated, so no quoting is needed. */
export function summaryCsvFilename(summary: Pick<FeedbackSummary, 'groupBy' | 'from' | 'to'>): string {
  return `feedback-summary-${summary.groupBy}-${summary.from}-${summary.to}.csv`;
}
