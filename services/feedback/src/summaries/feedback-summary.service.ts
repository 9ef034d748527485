import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SUMMARY_LABELS } from './summary-labels';
import { CITY_TIME_ZONE, SummaryGrouping, SummaryLanguage, SummaryPeriod } from './summary-query';

/**
 * The numbers of one group (or of all of them). The status counts and `merged` partition
 * `total`: a merged duplicate is counted only as merged, because its own status says nothing
 * about the department's work (the request it was merged into carries that).
 */
export interface SummaryCounts {
  total: number;
  received: number;
  inProcess: number;
  resolved: number;
  rejected: number;
  merged: number;
  /** Open (received or in process), not merged, and past its due date now. */
  overdue: number;
  /** Median of first reply − submission over replied, not merged requests; null when none replied. */
  medianHoursToFirstReply: number | null;
  /** Median of closing − submission over resolved, not merged requests; null when none resolved. */
  medianHoursToResolution: number | null;
}

export interface SummaryRow extends SummaryCounts {
  /** Department, category or district code; null for the requests without a district. */
  key: string | null;
  name: string;
}

export interface FeedbackSummary {
  groupBy: SummaryGrouping;
  from: string;
  to: string;
  rows: SummaryRow[];
  totals: SummaryCounts;
}

export interface SummaryRequest {
  groupBy: SummaryGrouping;
  period: SummaryPeriod;
  /** Departments to count; null counts every department (admins). */
  departments: readonly string[] | null;
  lang: SummaryLanguage;
}

/**
 * SQL for each grouping. Only these fixed fragments are ever spliced into the query; every
 * value from the request goes in as a parameter.
 */
const GROUPINGS: Record<SummaryGrouping, { key: string; join: string }> = {
  department: { key: 'r.department_code', join: 'JOIN departments g ON g.code = r.department_code' },
  category: { key: 'r.category_code', join: 'JOIN categories g ON g.code = r.category_code' },
  // A district is optional on a request, so its requests must survive the join.
  district: { key: 'r.district_code', join: 'LEFT JOIN districts g ON g.code = r.district_code' },
};
const NAME_COLUMNS: Record<SummaryLanguage, string> = { fi: 'name_fi', sv: 'name_sv', en: 'name_en' };

// Hours from an interval, for percentile_cont (which wants double precision).
const hours = (later: string, earlier: string) => `extract(epoch FROM ${later} - ${earlier})::float8 / 3600`;
// One decimal is what a summary reader can use; rounding in SQL keeps JSON and CSV identical.
const median = (value: string, filter: string) =>
  `round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${value}) FILTER (WHERE ${filter}))::numeric, 1)`;

interface RawRow {
  is_total: boolean;
  key: string | null;
  name: string | null;
  total: number;
  received: number;
  in_process: number;
  resolved: number;
  rejected: number;
  merged: number;
  overdue: number;
  median_first_reply: string | null;
  median_resolution: string | null;
}

/** Department summaries (Seinäjoki's model: each department summarises the feedback it handled). */
@Injectable()
export class FeedbackSummaryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summarise({ groupBy, period, departments, lang }: SummaryRequest): Promise<FeedbackSummary> {
    const grouping = GROUPINGS[groupBy];
    const name = `g.${NAME_COLUMNS[lang]}`;

    // The period is a range of whole days in the city's time zone: [from 00:00, to + 1 day 00:00).
    const params: unknown[] = [period.from, period.to, CITY_TIME_ZONE];
    const where = [
      `submitted_at >= ($1::date)::timestamp AT TIME ZONE $3`,
      `submitted_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
    ];
    if (departments) {
      params.push(departments);
      where.push(`department_code = ANY($${params.length}::text[])`);
    }

    // One scan with GROUPING SETS gives the group rows and the overall row together, so the
    // totals' medians are true medians (not medians of medians) and both see the same snapshot.
    const raw: RawRow[] = await this.dataSource.query(
      `
      SELECT GROUPING(${grouping.key}) = 1 AS is_total,
             ${grouping.key} AS key,
             ${name} AS name,
             count(*)::int AS total,
             count(*) FILTER (WHERE NOT r.merged AND r.status = 'received')::int AS received,
             count(*) FILTER (WHERE NOT r.merged AND r.status = 'in_process')::int AS in_process,
             count(*) FILTER (WHERE NOT r.merged AND r.status = 'resolved')::int AS resolved,
             count(*) FILTER (WHERE NOT r.merged AND r.status = 'rejected')::int AS rejected,
             count(*) FILTER (WHERE r.merged)::int AS merged,
             count(*) FILTER (WHERE NOT r.merged AND r.status IN ('received', 'in_process') AND r.due_at < now())::int AS overdue,
             ${median(hours('r.first_reply_at', 'r.submitted_at'), 'NOT r.merged AND r.first_reply_at IS NOT NULL')} AS median_first_reply,
             ${median(hours('r.closed_at', 'r.submitted_at'), `NOT r.merged AND r.status = 'resolved' AND r.closed_at IS NOT NULL`)} AS median_resolution
        FROM (SELECT *, merged_into_id IS NOT NULL AS merged
                FROM feedback_requests
               WHERE ${where.join(' AND ')}) r
        ${grouping.join}
       GROUP BY GROUPING SETS ((${grouping.key}, ${name}), ())
       ORDER BY is_total, ${grouping.key} IS NULL, total DESC, ${grouping.key}`,
      params,
    );

    const totalsRow = raw.find((r) => r.is_total);
    return {
      groupBy,
      from: period.from,
      to: period.to,
      rows: raw
        .filter((r) => !r.is_total)
        .map((r) => ({ key: r.key, name: r.key === null ? SUMMARY_LABELS[lang].noDistrict : (r.name ?? r.key), ...counts(r) })),
      // The empty grouping set yields a row even when nothing matched; the fallback is belt and braces.
      totals: totalsRow ? counts(totalsRow) : counts(EMPTY),
    };
  }

  /** Any department, active or not: a closed-down department still has history to summarise. */
  async departmentExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM departments WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}

const EMPTY: RawRow = {
  is_total: true,
  key: null,
  name: null,
  total: 0,
  received: 0,
  in_process: 0,
  resolved: 0,
  rejected: 0,
  merged: 0,
  overdue: 0,
  median_first_reply: null,
  median_resolution: null,
};

// node-postgres returns numeric as text to keep its precision; one decimal is safe as a number.
const hoursOf = (value: string | null): number | null => (value === null ? null : Number(value));

function counts(r: RawRow): SummaryCounts {
  return {
    total: r.total,
    received: r.received,
    inProcess: r.in_process,
    resolved: r.resolved,
    rejected: r.rejected,
    merged: r.merged,
    overdue: r.overdue,
    medianHoursToFirstReply: hoursOf(r.median_first_reply),
    medianHoursToResolution: hoursOf(r.median_resolution),
  };
}
