import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EmailAttachment } from '../channels/channel';
import { HELSINKI, helsinkiWallClock } from './helsinki-wall-clock';

/**
 * Europe/Helsinki as iCalendar describes it (the EU rule since 1996: summer time from 03:00
 * local on the last Sunday of March to 04:00 local on the last Sunday of October), so a
 * client shows the booking at the hour the booker chose whatever zone the device is in.
 */
const HELSINKI_VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/Helsinki
BEGIN:DAYLIGHT
TZOFFSETFROM:+0200
TZOFFSETTO:+0300
TZNAME:EEST
DTSTART:19700329T030000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0300
TZOFFSETTO:+0200
TZNAME:EET
DTSTART:19701025T040000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`;

/**
 * An empty premises calendar. No calendar-wide zone (it would write DTSTAMP as a floating time);
 * each event's own TZID asks the generator for the VTIMEZONE.
 */
function premisesCalendar(method: ICalCalendarMethod) {
  return ical({
    prodId: { company: 'Vaikuta', product: 'premises', language: 'FI' },
    method,
    timezone: { name: null, generator: (zone: string) => (zone === HELSINKI ? HELSINKI_VTIMEZONE : null) },
  });
}

/**
 * A Helsinki wall-clock time in the shape of Temporal's PlainDateTime, which ical-generator
 * writes field by field after `TZID=`. A Date would be written on the server process's clock
 * (Node 20 has no Temporal), the wrong hour on any server not set to Helsinki. Asked for the
 * event's zone, it is already in it: the generator takes the fields as they are.
 */
function helsinkiPlainDateTime(at: Date) {
  const { year, month, day, hour, minute, second } = helsinkiWallClock(at);
  return plainDateTime({ year, month, day, hour, minute, second });
}

function plainDateTime(fields: { year: number; month: number; day: number; hour: number; minute: number; second: number }) {
  const { year, month, day } = fields;
  const plain = {
    ...fields,
    toPlainDate: () => ({ year, month, day }),
    toZonedDateTime: (timeZoneId: string) => {
      const zoned = { ...fields, timeZoneId, toPlainDateTime: () => plain, withTimeZone: () => zoned };
      return zoned;
    },
  };
  return plain;
}

export interface BookingCalendarFacts {
  bookingId: string;
  spaceName: string;
  begin: string;
  end: string;
  /** The booking's page in the portal. */
  link: string;
  /** When this version of the booking was made: the event's time, not the server's clock. */
  stamp: string;
  cancelled?: boolean;
  /** Who publishes the entry (RFC 5546 asks for an ORGANIZER in PUBLISH and CANCEL): the messages' sender. */
  mailFrom?: string;
}

/**
 * The booking as an .ics attachment. One UID per booking, so the cancellation (METHOD:CANCEL,
 * a higher SEQUENCE, STATUS:CANCELLED) removes the very entry the confirmation
 * (METHOD:PUBLISH: the city tells, nobody is asked to answer) put in the booker's calendar.
 * Only the space, its times and the link: the booker's own calendar needs no more.
 */
export function bookingCalendarEntry(facts: BookingCalendarFacts): EmailAttachment {
  const calendar = premisesCalendar(facts.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH);
  calendar.createEvent({
    id: bookingUid(facts.bookingId),
    sequence: facts.cancelled ? 1 : 0,
    status: facts.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    stamp: new Date(facts.stamp),
    timezone: HELSINKI,
    start: helsinkiPlainDateTime(new Date(facts.begin)) as never,
    end: helsinkiPlainDateTime(new Date(facts.end)) as never,
    summary: facts.spaceName,
    organizer: organizerOf(facts.mailFrom),
    url: facts.link,
    description: facts.link,
  });
  const method = facts.cancelled ? 'CANCEL' : 'PUBLISH';
  return { filename: facts.cancelled ? 'cancelled-booking.ics' : 'booking.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: calendar.toString() };
}

export interface SeriesCalendarFacts {
  /** The season application: one UID for the whole series. */
  applicationId: string;
  summary: string;
  /** Every date of the series (YYYY-MM-DD, a week apart) and whether that week is booked. */
  weeks: readonly { date: string; booked: boolean }[];
  /** Local Helsinki HH:MM (24:00 is the next midnight). */
  begins: string;
  ends: string;
  link: string;
  stamp: string;
  mailFrom?: string;
}

/**
 * A season's weekly slot as one recurring entry: DTSTART on the first week, RRULE weekly for as
 * many weeks as the season has on the weekday, and an EXDATE for each week that is not booked
 * (a skipped date, a holiday), all on Helsinki wall-clock times so 17:00 stays 17:00 across the
 * clock changes. One entry instead of a confirmation a week.
 */
export function seriesCalendarEntry(facts: SeriesCalendarFacts): EmailAttachment {
  const calendar = premisesCalendar(ICalCalendarMethod.PUBLISH);
  const first = facts.weeks[0].date;
  const at = (date: string, hhmm: string) => {
    const [year, month, day] = date.split('-').map(Number);
    // 24:00 is the next day's midnight: Date.UTC carries the day over (and the month, the year).
    const moment = new Date(Date.UTC(year, month - 1, day, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))));
    return {
      year: moment.getUTCFullYear(), month: moment.getUTCMonth() + 1, day: moment.getUTCDate(),
      hour: moment.getUTCHours(), minute: moment.getUTCMinutes(), second: 0,
    };
  };
  const icalLocal = (f: ReturnType<typeof at>) => `${f.year}${pad2(f.month)}${pad2(f.day)}T${pad2(f.hour)}${pad2(f.minute)}00`;
  const dayCode = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${first}T00:00:00Z`).getUTCDay()];
  const excluded = facts.weeks.filter((w) => !w.booked).map((w) => icalLocal(at(w.date, facts.begins)));
  const rules = [`RRULE:FREQ=WEEKLY;BYDAY=${dayCode};COUNT=${facts.weeks.length}`, ...(excluded.length ? [`EXDATE;TZID=${HELSINKI}:${excluded.join(',')}`] : [])];
  calendar.createEvent({
    id: seriesUid(facts.applicationId),
    sequence: 0,
    status: ICalEventStatus.CONFIRMED,
    stamp: new Date(facts.stamp),
    timezone: HELSINKI,
    start: plainDateTime(at(first, facts.begins)) as never,
    end: plainDateTime(at(first, facts.ends)) as never,
    repeating: rules.join('\r\n'),
    summary: facts.summary,
    organizer: organizerOf(facts.mailFrom),
    url: facts.link,
    description: facts.link,
  });
  return { filename: 'season-series.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: calendar.toString() };
}

export interface SeriesCancellationFacts {
  applicationId: string;
  summary: string;
  /** Every date of the series, as the season's message sent it (its DTSTART and RRULE). */
  dates: readonly string[];
  /** The weeks cancelled (YYYY-MM-DD). */
  cancelled: readonly string[];
  /** Every booked week went: the whole entry is cancelled rather than week by week. */
  whole: boolean;
  begins: string;
  ends: string;
  link: string;
  stamp: string;
  mailFrom?: string;
}

/**
 * The cancellation of a season's series, under the UID the season's message used (a CANCEL of
 * another UID would leave the series in the calendar). The whole series: one CANCEL of the
 * recurring entry. Only the weeks to come (some were held already): a CANCEL per week, each
 * naming its occurrence by RECURRENCE-ID (RFC 5546 3.2.5), so the weeks held stay.
 */
export function seriesCancellationEntry(facts: SeriesCancellationFacts): EmailAttachment {
  const calendar = premisesCalendar(ICalCalendarMethod.CANCEL);
  const common = {
    id: seriesUid(facts.applicationId),
    sequence: 1,
    status: ICalEventStatus.CANCELLED,
    stamp: new Date(facts.stamp),
    timezone: HELSINKI,
    summary: facts.summary,
    organizer: organizerOf(facts.mailFrom),
    url: facts.link,
    description: facts.link,
  };
  if (facts.whole) {
    const first = facts.dates[0];
    calendar.createEvent({
      ...common,
      start: plainDateTime(wallClockAt(first, facts.begins)) as never,
      end: plainDateTime(wallClockAt(first, facts.ends)) as never,
      repeating: `RRULE:FREQ=WEEKLY;BYDAY=${weekdayCode(first)};COUNT=${facts.dates.length}`,
    });
  } else {
    for (const date of facts.cancelled) {
      calendar.createEvent({
        ...common,
        start: plainDateTime(wallClockAt(date, facts.begins)) as never,
        end: plainDateTime(wallClockAt(date, facts.ends)) as never,
        recurrenceId: plainDateTime(wallClockAt(date, facts.begins)) as never,
      });
    }
  }
  return { filename: 'cancelled-season-series.ics', contentType: 'text/calendar; charset=utf-8; method=CANCEL', content: calendar.toString() };
}

export interface SeriesWeekCancellationFacts {
  /** The season application the booking is a week of: the series' UID. */
  applicationId: string;
  spaceName: string;
  /** The week's booking, as its event carries it: its start is the occurrence's RECURRENCE-ID. */
  begin: string;
  end: string;
  link: string;
  stamp: string;
  mailFrom?: string;
}

/**
 * One week of a season series cancelled alone (its booking cancelled by the booker or staff).
 * The booker's calendar has that week as an occurrence of the series' recurring entry, so the
 * CANCEL names the series' UID and the week by RECURRENCE-ID (its Helsinki start, as the RRULE
 * puts it there), as seriesCancellationEntry does for the weeks of a series' cancellation; a
 * CANCEL of the booking's own UID would match nothing and leave the week in the calendar.
 * Named like a single booking's cancellation: the message tells of one booking.
 */
export function seriesWeekCancellationEntry(facts: SeriesWeekCancellationFacts): EmailAttachment {
  const calendar = premisesCalendar(ICalCalendarMethod.CANCEL);
  calendar.createEvent({
    id: seriesUid(facts.applicationId),
    sequence: 1,
    status: ICalEventStatus.CANCELLED,
    stamp: new Date(facts.stamp),
    timezone: HELSINKI,
    start: helsinkiPlainDateTime(new Date(facts.begin)) as never,
    end: helsinkiPlainDateTime(new Date(facts.end)) as never,
    recurrenceId: helsinkiPlainDateTime(new Date(facts.begin)) as never,
    summary: facts.spaceName,
    organizer: organizerOf(facts.mailFrom),
    url: facts.link,
    description: facts.link,
  });
  return { filename: 'cancelled-booking.ics', contentType: 'text/calendar; charset=utf-8; method=CANCEL', content: calendar.toString() };
}

/** One UID for a season application's whole series: the same in its PUBLISH and its CANCEL. */
export const seriesUid = (applicationId: string) => `${applicationId}@premises-season.vaikuta`;

/** A Helsinki wall-clock moment from a date and a local HH:MM (24:00 is the next day's midnight). */
function wallClockAt(date: string, hhmm: string) {
  const [year, month, day] = date.split('-').map(Number);
  const moment = new Date(Date.UTC(year, month - 1, day, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))));
  return { year: moment.getUTCFullYear(), month: moment.getUTCMonth() + 1, day: moment.getUTCDate(), hour: moment.getUTCHours(), minute: moment.getUTCMinutes(), second: 0 };
}

const weekdayCode = (date: string) => ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${date}T00:00:00Z`).getUTCDay()];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `Vaikuta <no-reply@city.fi>` as an organizer; none without a sender address. */
function organizerOf(mailFrom: string | undefined): { name: string; email: string } | undefined {
  const from = mailFrom?.trim() ?? '';
  const email = /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? (/^[^\s<>]+@[^\s<>]+$/.test(from) ? from : undefined);
  if (!email) return undefined;
  return { name: from.replace(/<[^>]*>/, '').replace(/"/g, '').trim() || email, email };
}

/**
 * The same for every message about one booking, so calendars update the entry instead of adding
 * one; and the same as the booker's own calendar feed gives it (services/grants calendars).
 */
export const bookingUid = (bookingId: string) => `${bookingId}@premises.vaikuta`;
