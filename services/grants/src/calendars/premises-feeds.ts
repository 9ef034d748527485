import { createHash } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventClass, ICalEventStatus } from 'ical-generator';
import type { PremisesHttp } from '@vaikuta/contracts';
import type { BusyTime, OwnBooking } from './calendar-entries.repository';
import { calendarWords, textIn } from './calendar-words';
import { helsinkiTimezone, helsinkiWallTime } from './helsinki-ical-time';

interface FeedOptions {
  lang: PremisesHttp.FeedLanguage;
  now: Date;
}

/** Times in Helsinki wall-clock with TZID (see helsinki-ical-time.ts). */
function timesOf(entry: { begin: Date; end: Date }) {
  return { start: helsinkiWallTime(entry.begin) as never, end: helsinkiWallTime(entry.end) as never, timezone: 'Europe/Helsinki' };
}

/**
 * A space's busy times for anyone: "Booked" and when, nothing else — no booker, purpose,
 * association or reason. UIDs are hashes, so the feed does not hand out booking ids either.
 */
export function spaceBusyFeed(space: { id: string; name: PremisesHttp.PremisesText; address: string }, busy: readonly BusyTime[], { lang, now }: FeedOptions): string {
  const words = calendarWords[lang];
  const calendar = ical({
    name: words.spaceCalendar(textIn(space.name, lang)),
    prodId: { company: 'Vaikuta', product: 'premises-space', language: lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: helsinkiTimezone,
    ttl: 15 * 60,
  });
  for (const entry of busy) {
    calendar.createEvent({
      id: `${createHash('sha256').update(`busy:${entry.bookingId}`).digest('hex').slice(0, 32)}@premises.vaikuta`,
      stamp: now,
      ...timesOf(entry),
      summary: words.busy,
      location: space.address,
      class: ICalEventClass.PUBLIC,
    });
  }
  return calendar.toString();
}

/**
 * A person's own bookings for their calendar app: the space, where, how to get in (never the
 * door code: calendars are synced to other companies' servers), a link to the booking.
 * Cancelled and denied bookings stay in the feed as CANCELLED so subscribed calendars drop them.
 */
export function ownBookingsFeed(bookings: readonly OwnBooking[], { lang, now, portalUrl }: FeedOptions & { portalUrl: string }): string {
  const words = calendarWords[lang];
  const calendar = ical({
    name: words.ownCalendar,
    prodId: { company: 'Vaikuta', product: 'premises-own', language: lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: helsinkiTimezone,
    ttl: 15 * 60,
  });
  for (const booking of bookings) {
    const url = `${portalUrl}/premises/bookings/${booking.bookingId}`;
    const access =
      booking.accessType === 'key_pickup' && booking.keyPickup
        ? words.keyPickup(textIn(booking.keyPickup.where, lang), textIn(booking.keyPickup.when, lang))
        : words.access[booking.accessType];
    const lines = [...(booking.state === 'requires_handling' ? [words.waiting] : []), access, url];
    calendar.createEvent({
      id: `${booking.bookingId}@premises.vaikuta`,
      stamp: now,
      sequence: booking.version - 1,
      lastModified: booking.updatedAt,
      ...timesOf(booking),
      summary: textIn(booking.spaceName, lang),
      location: booking.address,
      description: lines.join('\n'),
      url,
      class: ICalEventClass.PRIVATE,
      status:
        booking.state === 'confirmed' ? ICalEventStatus.CONFIRMED : booking.state === 'requires_handling' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CANCELLED,
    });
  }
  return calendar.toString();
}
