import { z } from 'zod';
import { ValidationProblem } from '@vaikuta/http';

export const SUMMARY_GROUPINGS = ['department', 'category', 'district'] as const;
export type SummaryGrouping = (typeof SUMMARY_GROUPINGS)[number];

export const SUMMARY_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type SummaryLanguage = (typeof SUMMARY_LANGUAGES)[number];

/** Days in the default period, today included. */
export const DEFAULT_PERIOD_DAYS = 90;
/** Longer periods would scan years of requests in one staff request; ask for them piece by piece. */
export const MAX_PERIOD_YEARS = 2;

/**
 * The city's calendar: "March" means March in Helsinki, so a request sent at 00:30 on
 * 1 April Finnish time belongs to April although it is still 31 March in UTC.
 */
export const CITY_TIME_ZONE = 'Europe/Helsinki';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date that exists (no 2025-02-30), as the YYYY-MM-DD text it came in. */
const calendarDate = z
  .string()
  .regex(ISO_DATE, 'Give a date as YYYY-MM-DD')
  // zod runs this check even after the format failed, so it must not trust the format.
  .refine((v) => !ISO_DATE.test(v) || isCalendarDate(v), 'No such date');

// An empty parameter (`?department=`) is what a form sends for "no choice".
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The query string of both the JSON and the CSV summary. */
export const summaryQuerySchema = z.object({
  groupBy: z.enum(SUMMARY_GROUPINGS, { error: 'Group by department, category or district' }).default('department'),
  from: z.preprocess(blankToUndefined, calendarDate.optional()),
  to: z.preprocess(blankToUndefined, calendarDate.optional()),
  department: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'Give a department code such as KYMP')
      .optional(),
  ),
  lang: z.enum(SUMMARY_LANGUAGES, { error: 'Choose fi, sv or en' }).default('fi'),
});

export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

/** Inclusive calendar dates in the city's time zone. */
export interface SummaryPeriod {
  from: string;
  to: string;
}

/**
 * Fills in the default period (the last 90 days up to today) and refuses periods that are
 * backwards or longer than two years. Pure: `today` comes from the caller so tests can pin it.
 */
export function resolveSummaryPeriod(query: { from?: string; to?: string }, today: string): SummaryPeriod {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) {
    throw ValidationProblem.field('from', `The period starts (${from}) after it ends (${to})`);
  }
  if (addYears(from, MAX_PERIOD_YEARS) <= to) {
    throw ValidationProblem.field('from', `A summary covers at most ${MAX_PERIOD_YEARS} years; choose a later from or an earlier to`);
  }
  return { from, to };
}

/** Today's date in the city, whatever the server's time zone. */
export function cityToday(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function isCalendarDate(isoDate: string): boolean {
  const date = toUtcDate(isoDate);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === isoDate;
}

function toUtcDate(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(isoDate: string, days: number): string {
  const date = toUtcDate(isoDate);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function addYears(isoDate: string, years: number): string {
  const date = toUtcDate(isoDate);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}
