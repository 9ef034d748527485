import { Injectable } from '@nestjs/common';
import type { InitiativesHttp } from '@vaikuta/contracts';
import { InitiativeListRepository } from '../initiatives/initiative-list.repository';
import { originalTitle } from '../initiatives/initiative.record';

const CSV_COLUMNS: ReadonlyArray<keyof InitiativesHttp.YearlyReport['items'][number]> = [
  'caseId',
  'type',
  'title',
  'status',
  'filedAt',
  'decidedAt',
  'body',
  'measures',
  'supportCount',
  'id',
];

/**
 * The yearly report to the council (kuntalaki § 23): every initiative filed or decided in the
 * year, its stage and the measures taken. Public facts only: no initiator is named.
 */
@Injectable()
export class YearlyReportService {
  constructor(private readonly lists: InitiativeListRepository) {}

  async report(year: number): Promise<InitiativesHttp.YearlyReport> {
    const records = await this.lists.ofYear(year);
    return {
      year,
      items: records.map((r) => ({
        id: r.id,
        caseId: r.caseId,
        type: r.type,
        title: originalTitle(r),
        status: r.status,
        filedAt: r.filedAt ? new Date(r.filedAt).toISOString() : null,
        decidedAt: r.decision?.decidedAt ?? null,
        body: r.decision?.body ?? null,
        measures: r.measures,
        supportCount: r.supportCount,
      })),
    };
  }

  /** RFC 4180 CSV with a BOM, so spreadsheet programs read ä and å right. */
  toCsv(report: InitiativesHttp.YearlyReport): string {
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
      const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const lines = [CSV_COLUMNS.join(','), ...report.items.map((row) => CSV_COLUMNS.map((c) => cell(row[c])).join(','))];
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }
}
