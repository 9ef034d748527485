import { RRule, Weekday } from 'rrule';
import type { PremisesHttp } from '@vaikuta/contracts';
import { periodsOn, withinOpeningHours } from '../bookings/booking-rules';
import type { TimeRange } from '../bookings/booking-rules';
import { localInstant } from '../bookings/helsinki-time';

const RRULE_DAYS: Record<PremisesHttp.Weekday, Weekday> = {
  mon: RRule.MO,
  tue: RRule.TU,
  wed: RRule.WE,
  thu: RRule.TH,
  fri: RRule.FR,
  sat: RRule.SA,
  sun: RRule.SU,
};

/**
 * The season's dates on a weekday, from a weekly RRULE. The rule runs on calendar dates (UTC
 * midnights standing for Helsinki dates), and each date's times are placed in Helsinki
 * afterwards, so 18:00 stays 18:00 across the autumn and spring clock changes.
 */
export function seasonDates(season: { startsOn: string; endsOn: string }, weekday: PremisesHttp.Weekday): { rrule: string; dates: string[] } {
  const rule = new RRule({
    freq: RRule.WEEKLY,
    byweekday: [RRULE_DAYS[weekday]],
    dtstart: new Date(`${season.startsOn}T00:00:00Z`),
    until: new Date(`${season.endsOn}T00:00:00Z`),
  });
  return { rrule: rule.toString(), dates: rule.all().map((d) => d.toISOString().slice(0, 10)) };
}

export type PlannedOccurrence =
  | { date: string; outcome: 'planned'; range: TimeRange }
  | { date: string; outcome: 'skipped' | 'closed'; note: string | null };

/**
 * One allocated slot's weeks: a booking time for each, or why there is none — a date the
 * season skips, or a day the space is closed or shorter (an opening-hours exception such as a
 * public holiday, whose note is told).
 */
export function planSeries(
  season: { startsOn: string; endsOn: string; skipDates: readonly string[] },
  slot: { weekday: PremisesHttp.Weekday; begins: string; ends: string },
  hours: PremisesHttp.OpeningHours,
): { rrule: string; occurrences: PlannedOccurrence[] } {
  const { rrule, dates } = seasonDates(season, slot.weekday);
  const skip = new Set(season.skipDates);
  const occurrences = dates.map((date): PlannedOccurrence => {
    if (skip.has(date)) return { date, outcome: 'skipped', note: null };
    const range = slotRange(date, slot);
    if (!range || !withinOpeningHours(hours, range)) {
      const exception = hours.exceptions.find((e) => e.date === date);
      return { date, outcome: 'closed', note: exception?.note ?? (periodsOn(hours, date).length ? null : 'closed') };
    }
    return { date, outcome: 'planned', range };
  });
  return { rrule, occurrences };
}

/** Minutes since local midnight of an `HH:MM` (24:00 is 1440). */
export function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A slot's times on a date in Helsinki, or null where a wall time does not exist (the spring clock change). */
export function slotRange(date: string, slot: { begins: string; ends: string }): TimeRange | null {
  const begin = localInstant(date, minuteOf(slot.begins));
  const end = localInstant(date, minuteOf(slot.ends));
  return begin && end ? { begin, end } : null;
}
