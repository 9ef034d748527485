import { offsetMinutesAt } from '../bookings/helsinki-time';

/**
 * Europe/Helsinki for iCalendar: the VTIMEZONE every feed carries (EU rules since 1996: summer
 * time from 03:00 local on the last Sunday of March to 04:00 local on the last Sunday of
 * October), and instants written as Helsinki wall-clock times with TZID=Europe/Helsinki, so a
 * subscriber sees 17:00 whatever zone their device or our server is in.
 */
export const HELSINKI_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Helsinki',
  'X-LIC-LOCATION:Europe/Helsinki',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'TZNAME:EEST',
  'DTSTART:19700329T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'TZNAME:EET',
  'DTSTART:19701025T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** ical-generator's timezone option for the feeds. */
export const helsinkiTimezone = { name: 'Europe/Helsinki', generator: () => HELSINKI_VTIMEZONE };

/**
 * A Helsinki wall-clock time in the shape of Temporal's PlainDateTime, which ical-generator
 * writes field by field. A plain Date would be written in the server process's own zone
 * (Node 20 has no Temporal), which is the wrong hour on any server not set to Helsinki.
 */
class WallTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
  ) {}

  toPlainDate() {
    return { year: this.year, month: this.month, day: this.day };
  }

  /** Already Helsinki's: the zone asked for is the feed's own. */
  toZonedDateTime(timeZoneId: string) {
    const fields = { year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second };
    const zoned = { ...fields, timeZoneId, toPlainDateTime: () => this, withTimeZone: () => zoned };
    return zoned;
  }

  toString(): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(this.year, 4)}-${p(this.month)}-${p(this.day)}T${p(this.hour)}:${p(this.minute)}:${p(this.second)}`;
  }
}

/** The instant as Helsinki's clocks show it, for an event with `timezone: 'Europe/Helsinki'`. */
export function helsinkiWallTime(at: Date): WallTime {
  const wall = new Date(at.getTime() + offsetMinutesAt(at) * 60_000);
  return new WallTime(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds());
}
