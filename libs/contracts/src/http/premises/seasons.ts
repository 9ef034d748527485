import { z } from 'zod';
import { planningDate } from '../dates';
import { visibleText } from '../text';
import { premisesName, premisesText, weekday } from './spaces';

/** A local time of day in Europe/Helsinki, `HH:MM` (a season slot ends by 24:00). */
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM (00:00–24:00)');

/**
 * Season bookings: a season is a date range over one or more spaces; associations apply for a
 * weekly slot (`open`); staff allocate the applications against each other and the spaces'
 * rules and opening hours (`allocated`, re-runnable); publishing turns each allocated slot into
 * a weekly series of confirmed bookings, skipping the season's skip dates and the spaces'
 * closed days (`published`). A series can be cancelled as a whole.
 */
export const seasonState = z.enum(['open', 'allocated', 'published']);
export type SeasonState = z.infer<typeof seasonState>;

/** A local date the bookings can live on: between 2000 and 2100, as bookings and availability are. */
const seasonDate = planningDate();

export const seasonRequest = z
  .object({
    name: premisesName,
    spaceIds: z.array(z.uuid()).min(1).max(20),
    /** Local dates, both included. */
    startsOn: seasonDate,
    endsOn: seasonDate,
    /** Dates no series books (holidays, school breaks), besides the spaces' own closed days. */
    skipDates: z.array(planningDate()).max(366).default([]),
  })
  .refine((s) => s.startsOn <= s.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] })
  .refine((s) => s.endsOn <= addYear(s.startsOn), { message: 'a season lasts at most a year', path: ['endsOn'] });
export type SeasonRequest = z.infer<typeof seasonRequest>;

function addYear(date: string): string {
  return `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
}

export const season = z.object({
  id: z.uuid(),
  name: premisesText,
  spaceIds: z.array(z.uuid()),
  startsOn: z.string(),
  endsOn: z.string(),
  skipDates: z.array(z.string()),
  state: seasonState,
  version: z.number().int(),
});
export type Season = z.infer<typeof season>;

export const seasonList = z.object({ items: z.array(season) });
export type SeasonList = z.infer<typeof seasonList>;

export const seasonApplicationRequest = z
  .object({
    associationId: z.uuid(),
    spaceId: z.uuid(),
    weekday,
    begins: localTime,
    ends: localTime,
    purpose: visibleText({ max: 500 }),
  })
  .refine((a) => a.begins < a.ends, { message: 'must be after begins', path: ['ends'] });
export type SeasonApplicationRequest = z.infer<typeof seasonApplicationRequest>;

export const seasonApplicationState = z.enum(['submitted', 'allocated', 'rejected']);
export type SeasonApplicationState = z.infer<typeof seasonApplicationState>;

/** Why allocation refused a slot: it breaks the space's rules or hours, or an earlier application holds it. */
export const allocationRefusal = z.enum(['duration', 'interval', 'opening_hours', 'clash', 'not_in_season']);
export type AllocationRefusal = z.infer<typeof allocationRefusal>;

export const seasonApplication = z.object({
  id: z.uuid(),
  seasonId: z.uuid(),
  associationId: z.uuid(),
  spaceId: z.uuid(),
  weekday,
  begins: z.string(),
  ends: z.string(),
  purpose: z.string(),
  state: seasonApplicationState,
  refusal: allocationRefusal.nullable(),
  /** For a clash: the application that got the slot. */
  clashesWith: z.uuid().nullable(),
  createdAt: z.string(),
});
export type SeasonApplication = z.infer<typeof seasonApplication>;

export const seasonApplicationList = z.object({ items: z.array(seasonApplication) });
export type SeasonApplicationList = z.infer<typeof seasonApplicationList>;

export const seasonStepRequest = z.object({ version: z.number().int().min(1) });
export type SeasonStepRequest = z.infer<typeof seasonStepRequest>;

/** What publishing did with each week of each allocated slot. */
export const occurrenceOutcome = z.enum(['booked', 'skipped', 'closed', 'clash', 'rule', 'cancelled']);
export type OccurrenceOutcome = z.infer<typeof occurrenceOutcome>;

export const seriesOccurrence = z.object({ date: z.string(), outcome: occurrenceOutcome, bookingId: z.uuid().nullable(), note: z.string().nullable() });
export const seasonSeries = z.object({
  applicationId: z.uuid(),
  /** The weekly recurrence (RFC 5545 RRULE) the dates come from. */
  rrule: z.string(),
  occurrences: z.array(seriesOccurrence),
});
export type SeasonSeries = z.infer<typeof seasonSeries>;

export const seasonPublication = z.object({ season, series: z.array(seasonSeries) });
export type SeasonPublication = z.infer<typeof seasonPublication>;

export const cancelSeriesRequest = z.object({ reason: visibleText({ max: 1000 }) });
export type CancelSeriesRequest = z.infer<typeof cancelSeriesRequest>;
