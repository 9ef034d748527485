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
 * A Helsinki wall-clock time in the shape of Temporal's PlainDateTime, which ical-generator
 * writes field by field after `TZID=`. A Date would be written on the server process's clock
 * (Node 20 has no Temporal), the wrong hour on any server not set to Helsinki. Asked for the
 * event's zone, it is already in it: the generator takes the fields as they are.
 */
function helsinkiPlainDateTime(at: Date) {
  const { year, month, day, hour, minute, second } = helsinkiWallClock(at);
  const fields = { year, month, day, hour, minute, second };
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
  const calendar = ical({
    prodId: { company: 'Vaikuta', product: 'premises', language: 'FI' },
    method: facts.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone (it would write DTSTAMP as a floating time); the event's own TZID
    // asks the generator for the VTIMEZONE.
    timezone: { name: null, generator: (zone: string) => (zone === HELSINKI ? HELSINKI_VTIMEZONE : null) },
  });
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
