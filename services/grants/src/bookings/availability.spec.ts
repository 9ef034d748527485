import { cutWindows, freeWindows } from './availability';
import { bufferedRange } from './booking-rules';
import { hallRules, hallTerms } from './hall-terms.fixture';
import { formatLocal } from './helsinki-time';

const now = new Date('2026-12-01T10:00:00+02:00');
const shown = (windows: { begin: Date; end: Date }[]) => windows.map((w) => `${formatLocal(w.begin)}/${formatLocal(w.end)}`);
const held = (begin: string, end: string) => bufferedRange(hallRules, { begin: new Date(begin), end: new Date(end) });

describe('availability', () => {
  it('gives each open period of the bookable days, in local time with offsets; closed days and exceptions leave none', () => {
    // 5 Dec is a Saturday (10–16), 6 Dec Sunday (closed), 7 Dec Independence Day exception (closed), 8 Dec Tuesday.
    expect(shown(freeWindows(hallTerms, '2026-12-05', '2026-12-08', now, []))).toEqual([
      '2026-12-05T10:00:00+02:00/2026-12-05T16:00:00+02:00',
      '2026-12-08T08:00:00+02:00/2026-12-08T21:00:00+02:00',
    ]);
    expect(shown(freeWindows(hallTerms, '2026-12-24', '2026-12-24', now, []))).toEqual(['2026-12-24T10:00:00+02:00/2026-12-24T12:00:00+02:00']);
  });

  it('leaves out today (minDaysAhead 1) and days beyond maxDaysAhead', () => {
    expect(freeWindows(hallTerms, '2026-12-01', '2026-12-01', now, [])).toEqual([]);
    expect(shown(freeWindows(hallTerms, '2027-01-29', '2027-02-05', now, []))).toEqual([
      '2027-01-29T08:00:00+02:00/2027-01-29T21:00:00+02:00',
      '2027-01-30T10:00:00+02:00/2027-01-30T16:00:00+02:00',
    ]);
  });

  it('starts today after now, on the grid, when same-day booking is allowed', () => {
    const sameDay = { ...hallTerms, rules: { ...hallRules, minDaysAhead: 0 } };
    expect(shown(freeWindows(sameDay, '2026-12-01', '2026-12-01', new Date('2026-12-01T10:10:00+02:00'), []))).toEqual([
      '2026-12-01T10:30:00+02:00/2026-12-01T21:00:00+02:00',
    ]);
  });

  it('keeps both buffers clear around a booking: clean-up after the one before plus set-up before the next', () => {
    // A booking 12:00–14:00 holds 11:45–14:15; a new one must end by 11:30 or begin at 14:30.
    const windows = freeWindows(hallTerms, '2026-12-08', '2026-12-08', now, [held('2026-12-08T12:00:00+02:00', '2026-12-08T14:00:00+02:00')]);
    expect(shown(windows)).toEqual(['2026-12-08T08:00:00+02:00/2026-12-08T11:30:00+02:00', '2026-12-08T14:30:00+02:00/2026-12-08T21:00:00+02:00']);
  });

  it('drops a gap shorter than the minimum duration and rounds window edges onto the grid', () => {
    const windows = freeWindows(hallTerms, '2026-12-08', '2026-12-08', now, [
      held('2026-12-08T09:00:00+02:00', '2026-12-08T10:00:00+02:00'), // holds 08:45–10:15 → free from 10:30
      held('2026-12-08T11:30:00+02:00', '2026-12-08T12:00:00+02:00'), // holds 11:15–12:15 → free until 11:00: 30 min, too short
      // A maintenance block holds just its own time: 15:10–16:00, so a booking ends by 14:55 → 14:30 on the grid.
      { begin: new Date('2026-12-08T15:10:00+02:00'), end: new Date('2026-12-08T16:00:00+02:00') },
    ]);
    expect(shown(windows)).toEqual([
      '2026-12-08T12:30:00+02:00/2026-12-08T14:30:00+02:00',
      '2026-12-08T16:30:00+02:00/2026-12-08T21:00:00+02:00',
    ]);
  });

  it('follows local opening hours across the spring and autumn DST changes', () => {
    const far = { ...hallTerms, rules: { ...hallRules, maxDaysAhead: 365 } };
    const spring = freeWindows(far, '2026-03-27', '2026-03-30', new Date('2026-03-01T00:00:00Z'), []);
    expect(spring.map((w) => w.begin.toISOString())).toEqual(['2026-03-27T06:00:00.000Z', '2026-03-28T08:00:00.000Z', '2026-03-30T05:00:00.000Z']);
    expect(shown(spring)[2]).toBe('2026-03-30T08:00:00+03:00/2026-03-30T21:00:00+03:00');
    const autumn = freeWindows(far, '2026-10-23', '2026-10-26', new Date('2026-10-01T00:00:00Z'), []);
    expect(shown(autumn)).toEqual([
      '2026-10-23T08:00:00+03:00/2026-10-23T21:00:00+03:00',
      '2026-10-24T10:00:00+03:00/2026-10-24T16:00:00+03:00',
      '2026-10-26T08:00:00+02:00/2026-10-26T21:00:00+02:00',
    ]);
  });

  it('opens a space that is open at night through the skipped hour on the spring Sunday', () => {
    const night = {
      rules: { ...hallRules, maxDaysAhead: 365 },
      openingHours: { weekly: { sun: [{ opens: '03:30', closes: '06:00' }] }, exceptions: [] },
    };
    // 03:30 does not exist on 29 March: the period starts when the clocks jump, 04:00 EEST.
    expect(shown(freeWindows(night, '2026-03-29', '2026-03-29', new Date('2026-03-01T00:00:00Z'), []))).toEqual([
      '2026-03-29T04:00:00+03:00/2026-03-29T06:00:00+03:00',
    ]);
  });

  it('cuts windows to asked times, back onto the grid, dropping what is left shorter than the minimum', () => {
    const windows = freeWindows(hallTerms, '2026-12-08', '2026-12-09', now, []);
    const cut = cutWindows(windows, Date.parse('2026-12-08T20:10:00+02:00'), Date.parse('2026-12-09T12:15:00+02:00'), hallRules);
    // 20:10 → 20:30 leaves 30 minutes before 21:00, under the 60-minute minimum.
    expect(shown(cut)).toEqual(['2026-12-09T08:00:00+02:00/2026-12-09T12:00:00+02:00']);
    expect(cutWindows(windows, undefined, undefined, hallRules)).toBe(windows);
  });
});
