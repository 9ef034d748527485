import type { PremisesHttp } from '@vaikuta/contracts';

/**
 * Local time in Europe/Helsinki, where opening hours, the start grid and booking days are
 * read. EET (+02:00) in winter and EEST (+03:00) from the last Sunday of March 03:00 to the
 * last Sunday of October 04:00, found through Intl so the rules come from the tz database.
 */
export const HELSINKI = 'Europe/Helsinki';
const MINUTE = 60_000;

const offsetName = new Intl.DateTimeFormat('en-US', { timeZone: HELSINKI, timeZoneName: 'longOffset' });
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEKDAYS: PremisesHttp.Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** An instant as Helsinki reads it. */
export interface LocalReading {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  weekday: PremisesHttp.Weekday;
  /** Minutes ahead of UTC: 120 or 180. */
  offsetMinutes: number;
}

// Helsinki's offset changes only on whole UTC hours, so it is asked of Intl once per hour and
// kept: availability reads thousands of instants, and Intl is the slow part.
const offsets = new Map<number, number>();

export function offsetMinutesAt(at: Date): number {
  const hour = Math.floor(at.getTime() / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const name = offsetName.formatToParts(new Date(hour * HOUR)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

export function readLocal(at: Date): LocalReading {
  const offsetMinutes = offsetMinutesAt(at);
  const wall = new Date(at.getTime() + offsetMinutes * MINUTE);
  return {
    date: wall.toISOString().slice(0, 10),
    minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    weekday: WEEKDAYS[wall.getUTCDay()],
    offsetMinutes,
  };
}

/**
 * The instant of a local wall-clock time, or null for one that does not exist (03:00–03:59 on
 * the spring-forward Sunday). A time that happens twice (03:00–03:59 on the autumn Sunday) is
 * its first, summer-time occurrence. A candidate instant is right exactly when Helsinki's
 * offset at it is the one assumed.
 */
export function localInstant(date: string, minuteOfDay: number): Date | null {
  const wall = utcDay(date) + minuteOfDay * MINUTE;
  for (const offset of [180, 120]) {
    const candidate = new Date(wall - offset * MINUTE);
    if (offsetMinutesAt(candidate) === offset) return candidate;
  }
  return null;
}

/** The first instant of a local day (midnight exists every day in Helsinki: shifts happen at 03/04). */
export function startOfLocalDay(date: string): Date {
  return localInstant(date, 0)!;
}

export function addDays(date: string, days: number): string {
  return new Date(utcDay(date) + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (local dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcDay(b) - utcDay(a)) / DAY);
}

/** A YYYY-MM-DD date as the UTC midnight of that calendar day (arithmetic on days, no zone). */
function utcDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** ISO 8601 with Helsinki's offset at that instant: `2026-03-29T10:00:00+03:00`. */
export function formatLocal(at: Date): string {
  const read = readLocal(at);
  const hh = String(Math.floor(read.minuteOfDay / 60)).padStart(2, '0');
  const mm = String(read.minuteOfDay % 60).padStart(2, '0');
  const ss = String(new Date(at.getTime()).getUTCSeconds()).padStart(2, '0');
  const sign = read.offsetMinutes >= 0 ? '+' : '-';
  const off = Math.abs(read.offsetMinutes);
  return `${read.date}T${hh}:${mm}:${ss}${sign}${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')}`;
}
