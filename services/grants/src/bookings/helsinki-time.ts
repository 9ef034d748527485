import type { PremisesHttp } from '@vaikuta/contracts';

/**
 * Local time in Europe/Helsinki, where opening hours, the start grid and booking days are
 * read. EET (+02:00) in winter and EEST (+03:00) from the last Sunday of March 03:00 to the
 * last Sunday of October 04:00, found through Intl so the rules come from the tz database.
 */
export const HELSINKI = 'Europe/Helsinki';
const MINUTE = 60_000;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HELSINKI,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
});

const WEEKDAY: Record<string, PremisesHttp.Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

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

export function readLocal(at: Date): LocalReading {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const minuteOfDay = Number(p.hour) * 60 + Number(p.minute);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offsetMinutes = Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / MINUTE);
  return { date, minuteOfDay, weekday: WEEKDAY[p.weekday], offsetMinutes };
}

/**
 * The instant of a local wall-clock time, or null for one that does not exist (03:00–03:59 on
 * the spring-forward Sunday). A time that happens twice (03:00–03:59 on the autumn Sunday) is
 * its first, summer-time occurrence.
 */
export function localInstant(date: string, minuteOfDay: number): Date | null {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
  for (const offset of [180, 120]) {
    const candidate = new Date(wall - offset * MINUTE);
    const read = readLocal(candidate);
    if (read.offsetMinutes === offset && localWall(read) === wall) return candidate;
  }
  return null;
}

/** The first instant of a local day (midnight exists every day in Helsinki: shifts happen at 03/04). */
export function startOfLocalDay(date: string): Date {
  return localInstant(date, 0)!;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (local dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
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

function localWall(read: LocalReading): number {
  const [y, m, d] = read.date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) + read.minuteOfDay * MINUTE;
}
