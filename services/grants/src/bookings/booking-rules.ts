import type { PremisesHttp } from '@vaikuta/contracts';
import { addDays, daysBetween, localInstant, readLocal, startOfLocalDay } from './helsinki-time';

const MINUTE = 60_000;

/** The parts of a space a booking is checked against. */
export interface SpaceBookingTerms {
  rules: PremisesHttp.BookingRules;
  openingHours: PremisesHttp.OpeningHours;
}

export interface TimeRange {
  begin: Date;
  end: Date;
}

/** Which rule a booking breaks, named in the 422 answer (`rules`) and on a request field. */
export type BookingRule = 'duration' | 'interval' | 'opening_hours' | 'booking_window' | 'per_person_maximum' | 'who_may_book';

export interface RuleBreach {
  rule: BookingRule;
  field: 'begin' | 'end' | 'associationId' | '(body)';
  message: string;
}

/** What is known of the person booking, for the rules about people rather than times. */
export interface BookerStanding {
  staff: boolean;
  /** Acts for the association the booking is for (checked by the associations feature's rule). */
  actsForAssociation: boolean;
  /** Their bookings of this space that still hold time and have not ended. */
  activeBookings: number;
}

/**
 * The grid bookings begin and end on. Helsinki's offset is always whole hours and the grid
 * divides an hour, so the local grid from midnight is the same as the grid counted in UTC,
 * on DST days too.
 */
export function onGrid(at: Date, intervalMinutes: number): boolean {
  return at.getTime() % (intervalMinutes * MINUTE) === 0;
}

export function ceilToGrid(at: number, intervalMinutes: number): number {
  const step = intervalMinutes * MINUTE;
  return Math.ceil(at / step) * step;
}

export function floorToGrid(at: number, intervalMinutes: number): number {
  const step = intervalMinutes * MINUTE;
  return Math.floor(at / step) * step;
}

/** The opening periods of a local date: that date's exception if there is one, else its weekday's. */
export function periodsOn(hours: PremisesHttp.OpeningHours, date: string): PremisesHttp.OpeningPeriod[] {
  const exception = hours.exceptions.find((e) => e.date === date);
  if (exception) return exception.periods;
  const weekday = readLocal(new Date(`${date}T12:00:00Z`)).weekday;
  return hours.weekly[weekday] ?? [];
}

/**
 * A local period as instants. A wall time the spring shift skips (03:xx on the last Sunday of
 * March) is read as the moment the clocks jump to: the period starts or ends at 04:00 EEST.
 */
export function periodInstants(date: string, period: PremisesHttp.OpeningPeriod): TimeRange {
  return { begin: wallInstant(date, period.opens), end: wallInstant(date, period.closes) };
}

function wallInstant(date: string, hhmm: string): Date {
  if (hhmm === '24:00') return startOfLocalDay(addDays(date, 1));
  const minute = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  for (let m = minute; m < 24 * 60; m++) {
    const at = localInstant(date, m);
    if (at) return at;
  }
  return startOfLocalDay(addDays(date, 1));
}

/** The booking's length in real minutes (a night across a DST shift is an hour shorter or longer than its wall times say). */
export function durationMinutes({ begin, end }: TimeRange): number {
  return (end.getTime() - begin.getTime()) / MINUTE;
}

/** Rules about the time itself: length, the start grid, opening hours. They hold for staff bookings too. */
export function timeBreaches(terms: SpaceBookingTerms, range: TimeRange): RuleBreach[] {
  const { rules } = terms;
  const minutes = durationMinutes(range);
  if (minutes <= 0) return [{ rule: 'duration', field: 'end', message: 'The booking must end after it begins' }];
  const breaches: RuleBreach[] = [];
  if (minutes < rules.minDurationMinutes || minutes > rules.maxDurationMinutes) {
    breaches.push({
      rule: 'duration',
      field: 'end',
      message: `A booking lasts ${rules.minDurationMinutes}–${rules.maxDurationMinutes} minutes; this one lasts ${minutes}`,
    });
  }
  for (const field of ['begin', 'end'] as const) {
    if (!onGrid(range[field], rules.startIntervalMinutes)) {
      breaches.push({
        rule: 'interval',
        field,
        message: `Bookings begin and end on the ${rules.startIntervalMinutes}-minute grid of local time (e.g. 17:00, ${clockTime(17 * 60 + rules.startIntervalMinutes)})`,
      });
    }
  }
  if (!withinOpeningHours(terms.openingHours, range)) {
    breaches.push({ rule: 'opening_hours', field: 'begin', message: 'The space is not open for the whole booking (see its opening hours and exceptions)' });
  }
  return breaches;
}

function clockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** Inside one opening period of the local day the booking begins on. */
export function withinOpeningHours(hours: PremisesHttp.OpeningHours, range: TimeRange): boolean {
  const date = readLocal(range.begin).date;
  return periodsOn(hours, date).some((p) => {
    const open = periodInstants(date, p);
    return open.begin.getTime() <= range.begin.getTime() && range.end.getTime() <= open.end.getTime();
  });
}

/** The local days a booking may begin on, seen at `now`: from today + minDaysAhead to today + maxDaysAhead. */
export function bookableDays(rules: PremisesHttp.BookingRules, now: Date): { first: string; last: string } {
  const today = readLocal(now).date;
  return { first: addDays(today, rules.minDaysAhead), last: addDays(today, rules.maxDaysAhead) };
}

/**
 * Rules about the person and the moment of booking: the booking window, who may book, the
 * per-person maximum. Staff booking on someone's behalf are not held to these.
 */
export function bookerBreaches(terms: SpaceBookingTerms, range: TimeRange, now: Date, booker: BookerStanding): RuleBreach[] {
  const { rules } = terms;
  const breaches: RuleBreach[] = [];
  const { first, last } = bookableDays(rules, now);
  const day = readLocal(range.begin).date;
  if (range.begin.getTime() <= now.getTime() || daysBetween(first, day) < 0 || daysBetween(day, last) < 0) {
    breaches.push({
      rule: 'booking_window',
      field: 'begin',
      message: `Bookable from ${first} to ${last} (${rules.minDaysAhead}–${rules.maxDaysAhead} days ahead), not in the past`,
    });
  }
  if (rules.whoMayBook === 'staff' && !booker.staff) {
    breaches.push({ rule: 'who_may_book', field: '(body)', message: 'Only staff book this space' });
  } else if (rules.whoMayBook === 'associations' && !booker.staff && !booker.actsForAssociation) {
    breaches.push({ rule: 'who_may_book', field: 'associationId', message: 'Only associations book this space: give the association you act for' });
  }
  if (!booker.staff && booker.activeBookings >= rules.maxActiveBookingsPerPerson) {
    breaches.push({
      rule: 'per_person_maximum',
      field: '(body)',
      message: `One person may hold ${rules.maxActiveBookingsPerPerson} active bookings of this space at a time`,
    });
  }
  return breaches;
}

/** The time a booking holds with its buffers: what the database's exclusion constraint compares. */
export function bufferedRange(rules: PremisesHttp.BookingRules, range: TimeRange): TimeRange {
  return {
    begin: new Date(range.begin.getTime() - rules.bufferBeforeMinutes * MINUTE),
    end: new Date(range.end.getTime() + rules.bufferAfterMinutes * MINUTE),
  };
}

/** The price in cents: hourly prices count every started hour. */
export function priceCents(price: PremisesHttp.Price, range: TimeRange): number {
  if (price.kind === 'free') return 0;
  if (price.kind === 'fixed') return price.cents;
  return Math.ceil(durationMinutes(range) / 60) * price.cents;
}

/** The last moment the booker may cancel. */
export function cancellableUntil(rules: PremisesHttp.BookingRules, begin: Date): Date {
  return new Date(begin.getTime() - rules.cancellationDeadlineHours * 60 * MINUTE);
}
