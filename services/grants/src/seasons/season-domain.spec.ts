import type { PremisesHttp } from '@vaikuta/contracts';
import { premisesSpaceRequest } from '@vaikuta/testing';
import type { SpaceBookingTerms } from '../bookings/booking-rules';
import { allocateSeason, SlotWish } from './season-allocation';
import { planSeries, seasonDates } from './season-series';

const weekdays = (opens: string, closes: string): PremisesHttp.OpeningHours['weekly'] =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [{ opens, closes }]]));

// The test hall's rules (1–3 h on the half hour), 15 minutes' clean-up, open weekday evenings with two holidays.
const hall: SpaceBookingTerms = {
  rules: premisesSpaceRequest({}, { bufferBeforeMinutes: 0, bufferAfterMinutes: 15 }).rules,
  openingHours: {
    weekly: weekdays('16:00', '22:00'),
    exceptions: [{ date: '2026-12-24', periods: [], note: 'Jouluaatto' }, { date: '2027-01-06', periods: [{ opens: '16:00', closes: '18:00' }], note: 'Loppiainen' }],
  },
};
const spaces = new Map([['hall', hall]]);
const autumn = { startsOn: '2026-10-05', endsOn: '2026-12-31', skipDates: ['2026-10-22'] };
let n = 0;
const wish = (weekday: PremisesHttp.Weekday, begins: string, ends: string, extra: Partial<SlotWish> = {}): SlotWish => ({
  id: `app-${++n}`,
  spaceId: 'hall',
  weekday,
  begins,
  ends,
  createdAt: new Date(Date.UTC(2026, 8, 1, 0, n)),
  ...extra,
});

describe('season allocation', () => {
  it('gives a slot to the earlier application and refuses a later one that overlaps it, buffers included', () => {
    const first = wish('thu', '18:00', '19:30');
    const touching = wish('thu', '19:30', '21:00'); // inside the first one's 15-minute clean-up
    const after = wish('thu', '20:00', '21:00');
    const otherDay = wish('wed', '18:00', '19:30');
    // Given in any order, taken in the order they came.
    const decisions = allocateSeason(autumn, [after, touching, otherDay, first], spaces);
    expect(decisions).toEqual([
      { applicationId: first.id, outcome: 'allocated' },
      { applicationId: touching.id, outcome: 'rejected', refusal: 'clash', clashesWith: first.id },
      { applicationId: after.id, outcome: 'allocated' },
      { applicationId: otherDay.id, outcome: 'allocated' },
    ]);
  });

  it('refuses slots outside the opening hours or the space’s rules, and spaces not in the season', () => {
    const decisions = allocateSeason(
      autumn,
      [wish('sat', '10:00', '12:00'), wish('mon', '21:00', '23:00'), wish('mon', '16:00', '20:30'), wish('tue', '16:10', '17:10'), wish('tue', '16:00', '17:00', { spaceId: 'pool' })],
      spaces,
    );
    expect(decisions.map((d) => (d.outcome === 'rejected' ? d.refusal : d.outcome))).toEqual(['opening_hours', 'opening_hours', 'duration', 'interval', 'not_in_season']);
  });
});

describe('season series', () => {
  it('comes from a weekly RRULE over the season’s dates', () => {
    const { rrule, dates } = seasonDates(autumn, 'thu');
    expect(rrule).toContain('FREQ=WEEKLY');
    expect(rrule).toContain('BYDAY=TH');
    expect(dates[0]).toBe('2026-10-08');
    expect(dates.at(-1)).toBe('2026-12-31');
    expect(dates).toHaveLength(13);
  });

  it('keeps 18:00 Helsinki time across the October clock change and leaves out skipped dates and holidays', () => {
    const { occurrences } = planSeries(autumn, { weekday: 'thu', begins: '18:00', ends: '19:30' }, hall.openingHours);
    const byDate = new Map(occurrences.map((o) => [o.date, o]));
    // Summer time (+03:00) before 25 October, winter time (+02:00) after.
    expect(byDate.get('2026-10-15')).toMatchObject({ outcome: 'planned', range: { begin: new Date('2026-10-15T15:00:00Z') } });
    expect(byDate.get('2026-10-29')).toMatchObject({ outcome: 'planned', range: { begin: new Date('2026-10-29T16:00:00Z'), end: new Date('2026-10-29T17:30:00Z') } });
    expect(byDate.get('2026-10-22')).toEqual({ date: '2026-10-22', outcome: 'skipped', note: null });
    expect(byDate.get('2026-12-24')).toEqual({ date: '2026-12-24', outcome: 'closed', note: 'Jouluaatto' });
    expect(occurrences.filter((o) => o.outcome === 'planned')).toHaveLength(11);
  });

  it('leaves out a day whose shorter hours do not hold the slot', () => {
    const winter = { startsOn: '2027-01-01', endsOn: '2027-01-31', skipDates: [] };
    const { occurrences } = planSeries(winter, { weekday: 'wed', begins: '18:00', ends: '19:00' }, hall.openingHours);
    expect(occurrences.map((o) => `${o.date}:${o.outcome}`)).toEqual(['2027-01-06:closed', '2027-01-13:planned', '2027-01-20:planned', '2027-01-27:planned']);
  });
});
