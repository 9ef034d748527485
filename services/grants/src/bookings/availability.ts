import type { PremisesHttp } from '@vaikuta/contracts';
import { bookableDays, ceilToGrid, floorToGrid, periodInstants, periodsOn, SpaceBookingTerms, TimeRange } from './booking-rules';
import { addDays, daysBetween } from './helsinki-time';

const MINUTE = 60_000;

/** The longest range one availability question may cover. */
export const MAX_AVAILABILITY_DAYS = 92;

/**
 * Free windows of a space on the local days `from`..`to` (both included), seen at `now`.
 * `held` are the buffered ranges of what already holds time (bookings with their buffers,
 * maintenance blocks as they are). A new booking [b, e) must keep its own buffers clear of
 * them: e + after ≤ held.begin or b − before ≥ held.end (ADR 0014), so each held range
 * forbids [held.begin − after, held.end + before) to the booking itself. What is left of the
 * opening periods, cut to the booking window and to the grid, and at least the minimum
 * duration long, is a window in which every grid-aligned booking of an allowed length fits.
 */
export function freeWindows(terms: SpaceBookingTerms, from: string, to: string, now: Date, held: readonly TimeRange[]): TimeRange[] {
  const { rules } = terms;
  const window = bookableDays(rules, now);
  const first = daysBetween(from, window.first) > 0 ? window.first : from;
  const last = daysBetween(window.last, to) > 0 ? window.last : to;
  const forbidden = held
    .map((h) => ({ begin: h.begin.getTime() - rules.bufferAfterMinutes * MINUTE, end: h.end.getTime() + rules.bufferBeforeMinutes * MINUTE }))
    .sort((a, b) => a.begin - b.begin);
  const slots: TimeRange[] = [];
  const days = daysBetween(first, last);
  for (let i = 0; i <= days; i++) {
    const day = addDays(first, i);
    for (const period of periodsOn(terms.openingHours, day)) {
      const open = periodInstants(day, period);
      let start = Math.max(open.begin.getTime(), now.getTime() + 1);
      const close = open.end.getTime();
      for (const f of forbidden) {
        if (f.end <= start) continue;
        if (f.begin >= close) break;
        pushWindow(slots, start, Math.min(f.begin, close), rules.startIntervalMinutes, rules.minDurationMinutes);
        start = Math.max(start, f.end);
      }
      pushWindow(slots, start, close, rules.startIntervalMinutes, rules.minDurationMinutes);
    }
  }
  return slots;
}

function pushWindow(slots: TimeRange[], from: number, to: number, interval: number, minMinutes: number): void {
  const begin = ceilToGrid(from, interval);
  const end = floorToGrid(to, interval);
  if (end - begin >= minMinutes * MINUTE) slots.push({ begin: new Date(begin), end: new Date(end) });
}

/** Windows cut to [from, to) when times were asked, kept on the grid and at least the minimum length. */
export function cutWindows(windows: TimeRange[], from: number | undefined, to: number | undefined, rules: PremisesHttp.BookingRules): TimeRange[] {
  if (from === undefined && to === undefined) return windows;
  return windows.flatMap((w) => {
    const begin = ceilToGrid(Math.max(w.begin.getTime(), from ?? -Infinity), rules.startIntervalMinutes);
    const end = floorToGrid(Math.min(w.end.getTime(), to ?? Infinity), rules.startIntervalMinutes);
    return end - begin >= rules.minDurationMinutes * 60_000 ? [{ begin: new Date(begin), end: new Date(end) }] : [];
  });
}
