import { BookingRuleProblem } from './booking-problems';
import { SpaceBookingTerms, timeBreaches } from './booking-rules';
import { hallRules, hallTerms } from './hall-terms.fixture';

const range = (begin: string, end: string) => ({ begin: new Date(begin), end: new Date(end) });
const answer = (terms: SpaceBookingTerms, begin: string, end: string) =>
  new BookingRuleProblem(timeBreaches(terms, range(begin, end))).getResponse() as { detail: string; rules: string[]; errors: { field: string; message: string }[] };

describe('the 422 of a booking that breaks the rules', () => {
  it('lists an off-grid begin and end once (one sentence), not once per field', () => {
    const hourly = { ...hallTerms, rules: { ...hallRules, startIntervalMinutes: 60 as const } };
    const body = answer(hourly, '2026-12-10T17:30:00+02:00', '2026-12-10T18:30:00+02:00');
    expect(body.rules).toEqual(['interval']);
    expect(body.errors).toEqual([{ field: 'begin', message: expect.stringContaining('60-minute grid') }]);
    expect(body.detail.match(/interval:/g)).toHaveLength(1);
  });

  it('still lists each different rule, each on its own field', () => {
    // Off the grid and too short, past closing time: three rules, three entries.
    const body = answer(hallTerms, '2026-12-10T21:10:00+02:00', '2026-12-10T21:20:00+02:00');
    expect(body.rules).toEqual(['duration', 'interval', 'opening_hours']);
    expect(body.errors.map((e) => e.field)).toEqual(['end', 'begin', 'begin']);
  });
});
