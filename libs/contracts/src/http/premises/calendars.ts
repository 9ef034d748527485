import { z } from 'zod';

/**
 * iCalendar feeds (text/calendar): `GET /premises/spaces/{spaceId}/calendar.ics` — a space's
 * busy times for anyone, with no one's name, purpose or association; and a person's own bookings
 * at `GET /premises/calendar/{token}.ics`, where the token is a secret the person makes with
 * `POST /premises/calendar-token` (each call replaces the previous one, which stops working).
 */
export const feedLanguage = z.enum(['fi', 'sv', 'en']);
export type FeedLanguage = z.infer<typeof feedLanguage>;

export const calendarFeedQuery = z.object({ lang: feedLanguage.default('fi') });
export type CalendarFeedQuery = z.infer<typeof calendarFeedQuery>;

export const calendarTokenRequest = z.object({ lang: feedLanguage.default('fi') });
export type CalendarTokenRequest = z.infer<typeof calendarTokenRequest>;

/** The personal feed's address; shown once, as only a hash of the token is kept. */
export const calendarToken = z.object({ url: z.string(), createdAt: z.string() });
export type CalendarToken = z.infer<typeof calendarToken>;
