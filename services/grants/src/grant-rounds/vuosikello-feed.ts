import ical, { ICalCalendarMethod } from 'ical-generator';
import type { GrantsHttp } from '@vaikuta/contracts';
import { FeedLanguage, vuosikelloWords } from './vuosikello-words';

/**
 * The vuosikello as an iCalendar feed. Openings and closings are moments (a deadline at
 * 16:00 is a time, not a day) written in UTC, which every client shows in its reader's zone;
 * report deadlines are whole days, the Helsinki date. Each entry keeps its UID across
 * changes of the round, so a subscribed calendar moves the entry instead of adding one.
 */
export function vuosikelloFeed(
  year: number,
  entries: readonly GrantsHttp.CalendarEntry[],
  { lang, portalUrl, now }: { lang: FeedLanguage; portalUrl: string; now: Date },
): string {
  const words = vuosikelloWords[lang];
  const calendar = ical({
    name: words.calendar(year),
    prodId: { company: 'Vaikuta', product: 'grants-vuosikello', language: lang.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    x: [{ key: 'X-WR-TIMEZONE', value: 'Europe/Helsinki' }],
  });
  for (const entry of entries) {
    const title = entry.title[lang] ?? entry.title.fi;
    const url = `${portalUrl}/grants/rounds/${entry.roundId}`;
    const common = {
      id: `${entry.roundId}-${entry.kind}@grants.vaikuta`,
      stamp: now,
      summary: `${words.kind[entry.kind]}: ${title}`,
      description: `${words.type[entry.type]} · ${words.department} ${entry.department}\n${url}`,
      url,
    };
    if (entry.kind === 'report_due') {
      calendar.createEvent({ ...common, start: new Date(`${entry.date}T00:00:00Z`), allDay: true });
    } else {
      // No DTEND: a moment (RFC 5545 wants DTEND later than DTSTART, and a deadline has no length).
      calendar.createEvent({ ...common, start: new Date(entry.at) });
    }
  }
  return calendar.toString();
}
