import type { GrantRoundEntity } from './grant-round.entity';
import { helsinkiTime } from './demo-grant-rounds';
import { dateInHelsinki, vuosikelloEntries } from './vuosikello';

const round = (id: string, opensAt: string, closesAt: string | null, reportDue: string | null = null) =>
  ({ id, type: 'project', title: { fi: id }, department: 'KUVA', opensAt: new Date(opensAt), closesAt: closesAt ? new Date(closesAt) : null, reportDue }) as GrantRoundEntity;

describe('Helsinki dates and times', () => {
  it('dates an instant by the Helsinki calendar, in winter and in summer time', () => {
    expect(dateInHelsinki(new Date('2027-02-28T21:59:00Z'))).toBe('2027-02-28');
    expect(dateInHelsinki(new Date('2027-02-28T22:00:00Z'))).toBe('2027-03-01');
    expect(dateInHelsinki(new Date('2027-06-30T20:59:00Z'))).toBe('2027-06-30');
    expect(dateInHelsinki(new Date('2027-06-30T21:00:00Z'))).toBe('2027-07-01');
  });

  it('gives a wall-clock time its offset on either side of the DST changes', () => {
    expect(helsinkiTime('2027-03-27', '16:00')).toBe('2027-03-27T16:00:00+02:00');
    expect(helsinkiTime('2027-03-28', '16:00')).toBe('2027-03-28T16:00:00+03:00');
    expect(helsinkiTime('2027-10-30', '09:00')).toBe('2027-10-30T09:00:00+03:00');
    expect(helsinkiTime('2027-10-31', '09:00')).toBe('2027-10-31T09:00:00+02:00');
  });
});

describe('the vuosikello of a year', () => {
  it('keeps the dates that fall in the year, by Helsinki date, in date order with openings before closings', () => {
    const rounds = [
      round('autumn', '2027-09-01T06:00:00Z', '2027-10-15T13:00:00Z', '2029-04-30'),
      round('spring', '2027-01-15T06:00:00Z', '2027-12-31T22:30:00Z', '2028-03-31'),
      round('last-year', '2026-02-01T07:00:00Z', '2026-03-15T14:00:00Z', '2027-03-31'),
      round('same-day', '2027-10-15T06:00:00Z', null),
    ];
    expect(vuosikelloEntries(rounds, 2027).map((e) => `${e.date} ${e.kind} ${e.roundId}`)).toEqual([
      '2027-01-15 opens spring',
      '2027-03-31 report_due last-year',
      '2027-09-01 opens autumn',
      '2027-10-15 opens same-day',
      '2027-10-15 closes autumn',
    ]);
    // The spring round closes at 00:30 on 1 January 2028 in Helsinki: next year's calendar has it.
    expect(vuosikelloEntries(rounds, 2028).map((e) => `${e.date} ${e.kind} ${e.roundId}`)).toEqual(['2028-01-01 closes spring', '2028-03-31 report_due spring']);
  });
});
