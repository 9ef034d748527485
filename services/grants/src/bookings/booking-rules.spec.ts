import { bookerBreaches, BookerStanding, bufferedRange, cancellableUntil, priceCents, SpaceBookingTerms, timeBreaches } from './booking-rules';
import { hallRules, hallTerms } from './hall-terms.fixture';
import { formatLocal, localInstant, readLocal } from './helsinki-time';

const at = (iso: string) => new Date(iso);
const range = (begin: string, end: string) => ({ begin: at(begin), end: at(end) });
const rulesOf = (breaches: { rule: string }[]) => breaches.map((b) => b.rule);
const person: BookerStanding = { staff: false, actsForAssociation: false, activeBookings: 0 };
const now = at('2026-12-01T10:00:00+02:00');

describe('Helsinki local time', () => {
  it('reads winter as +02:00 and summer as +03:00, and finds the instant of a wall time', () => {
    expect(readLocal(at('2026-01-15T10:00:00Z'))).toMatchObject({ date: '2026-01-15', minuteOfDay: 12 * 60, offsetMinutes: 120, weekday: 'thu' });
    expect(readLocal(at('2026-07-15T10:00:00Z'))).toMatchObject({ minuteOfDay: 13 * 60, offsetMinutes: 180 });
    expect(localInstant('2026-07-15', 13 * 60)?.toISOString()).toBe('2026-07-15T10:00:00.000Z');
    expect(formatLocal(at('2026-03-29T07:00:00Z'))).toBe('2026-03-29T10:00:00+03:00');
  });

  it('knows the spring gap (no 03:30 on 29 March 2026) and takes the summer 03:30 on 25 October', () => {
    expect(localInstant('2026-03-29', 3 * 60 + 30)).toBeNull();
    expect(localInstant('2026-03-29', 2 * 60 + 59)?.toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(localInstant('2026-03-29', 4 * 60)?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(localInstant('2026-10-25', 3 * 60 + 30)?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('booking rules: the time', () => {
  it('accepts a booking on the grid inside opening hours', () => {
    expect(timeBreaches(hallTerms, range('2026-12-10T17:00:00+02:00', '2026-12-10T18:30:00+02:00'))).toEqual([]);
  });

  it.each([
    ['shorter than the minimum', '2026-12-10T17:00:00+02:00', '2026-12-10T17:30:00+02:00'],
    ['longer than the maximum', '2026-12-10T08:00:00+02:00', '2026-12-10T11:30:00+02:00'],
    ['ending before it begins', '2026-12-10T18:00:00+02:00', '2026-12-10T17:00:00+02:00'],
  ])('refuses a booking %s, naming duration on end', (_, begin, end) => {
    const breaches = timeBreaches(hallTerms, range(begin, end));
    expect(breaches).toContainEqual(expect.objectContaining({ rule: 'duration', field: 'end' }));
  });

  it('refuses a start or end off the local grid', () => {
    expect(timeBreaches(hallTerms, range('2026-12-10T17:15:00+02:00', '2026-12-10T18:15:00+02:00')).map((b) => [b.rule, b.field])).toEqual([
      ['interval', 'begin'],
      ['interval', 'end'],
    ]);
    // 17:00:30 is not on any grid.
    expect(rulesOf(timeBreaches(hallTerms, range('2026-12-10T17:00:30+02:00', '2026-12-10T18:00:30+02:00')))).toContain('interval');
    const hourly = { ...hallTerms, rules: { ...hallRules, startIntervalMinutes: 60 as const } };
    const offHour = timeBreaches(hourly, range('2026-12-10T17:30:00+02:00', '2026-12-10T18:30:00+02:00'));
    expect(rulesOf(offHour)).toEqual(['interval', 'interval']);
    expect(offHour[0].message).toContain('e.g. 17:00, 18:00');
  });

  it('keeps to opening hours: not before opening, not past closing, not on a closed weekday or an exception date', () => {
    expect(rulesOf(timeBreaches(hallTerms, range('2026-12-10T07:30:00+02:00', '2026-12-10T08:30:00+02:00')))).toEqual(['opening_hours']);
    expect(rulesOf(timeBreaches(hallTerms, range('2026-12-10T20:30:00+02:00', '2026-12-10T21:30:00+02:00')))).toEqual(['opening_hours']);
    expect(rulesOf(timeBreaches(hallTerms, range('2026-12-13T12:00:00+02:00', '2026-12-13T13:00:00+02:00')))).toEqual(['opening_hours']); // Sunday
    expect(rulesOf(timeBreaches(hallTerms, range('2026-12-07T12:00:00+02:00', '2026-12-07T13:00:00+02:00')))).toEqual(['opening_hours']); // exception: closed
    expect(timeBreaches(hallTerms, range('2026-12-24T10:00:00+02:00', '2026-12-24T12:00:00+02:00'))).toEqual([]); // exception: other hours
    expect(rulesOf(timeBreaches(hallTerms, range('2026-12-24T12:00:00+02:00', '2026-12-24T13:00:00+02:00')))).toEqual(['opening_hours']);
  });

  it('reads opening hours in local time on both sides of the DST changes', () => {
    // Friday 27 March (EET) and Monday 30 March (EEST): 08:00 local is 06:00Z and then 05:00Z.
    expect(timeBreaches(hallTerms, range('2026-03-27T06:00:00Z', '2026-03-27T07:00:00Z'))).toEqual([]);
    expect(timeBreaches(hallTerms, range('2026-03-30T05:00:00Z', '2026-03-30T06:00:00Z'))).toEqual([]);
    expect(rulesOf(timeBreaches(hallTerms, range('2026-03-30T04:00:00Z', '2026-03-30T05:00:00Z')))).toEqual(['opening_hours']);
    // Friday 23 October (EEST) and Monday 26 October (EET): 20:00–21:00 local.
    expect(timeBreaches(hallTerms, range('2026-10-23T17:00:00Z', '2026-10-23T18:00:00Z'))).toEqual([]);
    expect(timeBreaches(hallTerms, range('2026-10-26T18:00:00Z', '2026-10-26T19:00:00Z'))).toEqual([]);
    expect(rulesOf(timeBreaches(hallTerms, range('2026-10-26T19:00:00Z', '2026-10-26T20:00:00Z')))).toEqual(['opening_hours']);
  });

  it('counts real minutes across the night of a DST change', () => {
    const allNight: SpaceBookingTerms = {
      rules: { ...hallRules, maxDurationMinutes: 600 },
      openingHours: { weekly: { sun: [{ opens: '00:00', closes: '24:00' }] }, exceptions: [] },
    };
    // 01:00–06:00 local on 29 March is four real hours (the clock skips 03:00–04:00).
    const spring = range('2026-03-29T01:00:00+02:00', '2026-03-29T06:00:00+03:00');
    expect(timeBreaches(allNight, spring)).toEqual([]);
    expect(timeBreaches({ ...allNight, rules: { ...allNight.rules, maxDurationMinutes: 240 } }, spring)).toEqual([]);
    // 01:00–06:00 local on 25 October is six real hours: over a 300-minute maximum.
    const autumn = range('2026-10-25T01:00:00+03:00', '2026-10-25T06:00:00+02:00');
    expect(rulesOf(timeBreaches({ ...allNight, rules: { ...allNight.rules, maxDurationMinutes: 300 } }, autumn))).toEqual(['duration']);
  });
});

describe('booking rules: the person and the moment', () => {
  const tomorrow = range('2026-12-02T17:00:00+02:00', '2026-12-02T18:00:00+02:00');

  it('keeps the booking window in local days: not today with minDaysAhead 1, not past maxDaysAhead, never in the past', () => {
    expect(bookerBreaches(hallTerms, tomorrow, now, person)).toEqual([]);
    const today = range('2026-12-01T17:00:00+02:00', '2026-12-01T18:00:00+02:00');
    expect(bookerBreaches(hallTerms, today, now, person)).toEqual([expect.objectContaining({ rule: 'booking_window', field: 'begin' })]);
    expect(rulesOf(bookerBreaches(hallTerms, range('2027-01-30T17:00:00+02:00', '2027-01-30T18:00:00+02:00'), now, person))).toEqual([]);
    expect(rulesOf(bookerBreaches(hallTerms, range('2027-01-31T17:00:00+02:00', '2027-01-31T18:00:00+02:00'), now, person))).toEqual([
      'booking_window',
    ]);
    const sameDay = { ...hallTerms, rules: { ...hallRules, minDaysAhead: 0 } };
    expect(bookerBreaches(sameDay, today, now, person)).toEqual([]);
    expect(rulesOf(bookerBreaches(sameDay, range('2026-12-01T09:00:00+02:00', '2026-12-01T10:00:00+02:00'), now, person))).toEqual(['booking_window']);
  });

  it('counts days ahead by the Helsinki calendar: 23:30 local is already the next day in UTC terms', () => {
    const lateEvening = at('2026-12-01T23:30:00+02:00'); // 21:30Z on 1 December, local 1 December
    expect(bookerBreaches(hallTerms, tomorrow, lateEvening, person)).toEqual([]);
    const afterMidnight = at('2026-12-02T00:30:00+02:00'); // 22:30Z on 1 December, local 2 December
    expect(rulesOf(bookerBreaches(hallTerms, tomorrow, afterMidnight, person))).toEqual(['booking_window']);
  });

  it('holds the per-person maximum and who may book, not for staff', () => {
    expect(rulesOf(bookerBreaches(hallTerms, tomorrow, now, { ...person, activeBookings: 2 }))).toEqual(['per_person_maximum']);
    const associations = { ...hallTerms, rules: { ...hallRules, whoMayBook: 'associations' as const } };
    expect(bookerBreaches(associations, tomorrow, now, person)).toEqual([expect.objectContaining({ rule: 'who_may_book', field: 'associationId' })]);
    expect(bookerBreaches(associations, tomorrow, now, { ...person, actsForAssociation: true })).toEqual([]);
    const staffOnly = { ...hallTerms, rules: { ...hallRules, whoMayBook: 'staff' as const } };
    expect(rulesOf(bookerBreaches(staffOnly, tomorrow, now, person))).toEqual(['who_may_book']);
    expect(bookerBreaches(staffOnly, tomorrow, now, { staff: true, actsForAssociation: false, activeBookings: 9 })).toEqual([]);
  });
});

describe('buffers, price and the cancellation deadline', () => {
  it('widens the held range by the buffers before and after', () => {
    const held = bufferedRange(hallRules, range('2026-12-10T17:00:00+02:00', '2026-12-10T18:00:00+02:00'));
    expect(held.begin.toISOString()).toBe('2026-12-10T14:45:00.000Z');
    expect(held.end.toISOString()).toBe('2026-12-10T16:15:00.000Z');
  });

  it('prices free, fixed and every started hour', () => {
    const r = range('2026-12-10T17:00:00+02:00', '2026-12-10T18:30:00+02:00');
    expect(priceCents({ kind: 'free' }, r)).toBe(0);
    expect(priceCents({ kind: 'fixed', cents: 4000 }, r)).toBe(4000);
    expect(priceCents({ kind: 'hourly', cents: 2500 }, r)).toBe(5000);
  });

  it('lets the booker cancel until the deadline hours before the beginning', () => {
    expect(cancellableUntil(hallRules, at('2026-12-10T17:00:00+02:00')).toISOString()).toBe('2026-12-09T15:00:00.000Z');
  });
});
