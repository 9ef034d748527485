import ical from 'ical-generator';
import ICAL from 'ical.js';
import { helsinkiTimezone, helsinkiWallTime } from './helsinki-ical-time';

/** Writes events at the given instants and reads them back with an independent parser. */
function roundTrip(instants: [string, string][]): { start: string; end: string; raw: string }[] {
  const calendar = ical({ timezone: helsinkiTimezone });
  for (const [start, end] of instants) {
    calendar.createEvent({ start: helsinkiWallTime(new Date(start)) as never, end: helsinkiWallTime(new Date(end)) as never, timezone: 'Europe/Helsinki', summary: 'x' });
  }
  const text = calendar.toString();
  const component = new ICAL.Component(ICAL.parse(text));
  const raw = text.split('\r\n').filter((l) => l.startsWith('DTSTART;'));
  return component.getAllSubcomponents('vevent').map((v, i) => {
    const event = new ICAL.Event(v);
    return { start: event.startDate.toJSDate().toISOString(), end: event.endDate.toJSDate().toISOString(), raw: raw[i] };
  });
}

describe('Helsinki times in iCalendar', () => {
  it('writes wall-clock times with TZID=Europe/Helsinki that parse back to the same instants in winter and summer', () => {
    const read = roundTrip([
      ['2026-12-10T15:00:00.000Z', '2026-12-10T16:30:00.000Z'],
      ['2026-07-10T14:00:00.000Z', '2026-07-10T15:00:00.000Z'],
    ]);
    expect(read[0]).toEqual({ start: '2026-12-10T15:00:00.000Z', end: '2026-12-10T16:30:00.000Z', raw: 'DTSTART;TZID=Europe/Helsinki:20261210T170000' });
    expect(read[1]).toEqual({ start: '2026-07-10T14:00:00.000Z', end: '2026-07-10T15:00:00.000Z', raw: 'DTSTART;TZID=Europe/Helsinki:20260710T170000' });
  });

  it('keeps instants right around both clock changes (last Sundays of March and October)', () => {
    const read = roundTrip([
      // 02:00–05:00 local on 29 March 2026: three wall hours, two real ones.
      ['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z'],
      // 02:00 EEST to 05:00 EET on 25 October 2026: four real hours.
      ['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z'],
    ]);
    expect(read.map(({ start, end }) => [start, end])).toEqual([
      ['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z'],
      ['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z'],
    ]);
  });
});
