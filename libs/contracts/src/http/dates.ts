import { z } from 'zod';

/**
 * Dates in HTTP request contracts. A calendar date is a real day (`2026-02-30` is refused); a
 * planning date — when something is due, opens or closes — also lies in a range a plan can have:
 * `0001-01-01` was taken as a milestone's due date and sorts before everything on every page.
 */

export const PLANNING_FROM = '2000-01-01';
export const PLANNING_UNTIL = '2100-12-31';
const PLANNING_RANGE = `A date from ${PLANNING_FROM} to ${PLANNING_UNTIL}`;

/** YYYY-MM-DD, a day that exists. */
export const calendarDate = (message = 'A date as YYYY-MM-DD') => z.iso.date(message);

/** A calendar day from 2000-01-01 to 2100-12-31 (ISO dates compare as strings). */
export const planningDate = (message?: string) => calendarDate(message).refine((d) => d >= PLANNING_FROM && d <= PLANNING_UNTIL, PLANNING_RANGE);

/**
 * An ISO 8601 time with an offset whose year is 2000–2100; the year is read in UTC, so the first
 * hours of 2000 in Helsinki (still 1999 in UTC) are refused, as no plan starts there.
 */
export const planningInstant = (message?: string) =>
  z.iso.datetime({ offset: true, ...(message ? { error: message } : {}) }).refine((t) => {
    const year = new Date(t).getUTCFullYear();
    return year >= 2000 && year <= 2100;
  }, 'A time from the year 2000 to 2100');
