/**
 * Kuntalaki § 23's clocks, as pure functions of the given time (the caller passes `now` from
 * its injected Clock, so tests run on fake time).
 */

const HELSINKI = 'Europe/Helsinki';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Supports needed for the council's six-month duty: at least 2 % of residents entitled to vote. */
export function councilThreshold(eligibleVoters: number): number {
  return Math.ceil(eligibleVoters * 0.02);
}

export function reachesCouncilThreshold(supportCount: number, eligibleVoters: number): boolean {
  return eligibleVoters > 0 && supportCount >= councilThreshold(eligibleVoters);
}

/** The calendar date (YYYY-MM-DD) of an instant in Helsinki: filing days are Finnish days. */
export function helsinkiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: HELSINKI, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Filing + 6 months as a date. A month without the filing day ends the period on its last
 * day (filed 31 August → 28 or 29 February), as calendar-month periods are counted.
 */
export function councilDeadline(filedAt: Date): string {
  const [y, m, d] = helsinkiDate(filedAt).split('-').map(Number);
  const monthIndex = m - 1 + 6;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The deadline when the supports reach the threshold, otherwise none (it never goes away once set). */
export function deadlineFor(
  current: string | null,
  supportCount: number,
  eligibleVoters: number,
  filedAt: Date | null,
): string | null {
  if (current) return current;
  if (!filedAt || !reachesCouncilThreshold(supportCount, eligibleVoters)) return null;
  return councilDeadline(filedAt);
}

/** The end of a due date's day in Helsinki, for a date-only deadline; instants pass through. */
export function dueInstant(due: string | Date): Date {
  if (due instanceof Date) return due;
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    // 23:59:59 Helsinki time: +02:00 in winter, +03:00 in summer; find which by formatting.
    for (const offset of ['+03:00', '+02:00']) {
      const candidate = new Date(`${due}T23:59:59${offset}`);
      if (helsinkiDate(candidate) === due && helsinkiOffset(candidate) === offset) return candidate;
    }
    return new Date(`${due}T23:59:59+02:00`);
  }
  return new Date(due);
}

function helsinkiOffset(at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: HELSINKI, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return (name ?? 'GMT+02:00').replace('GMT', '');
}

export function isOverdue(due: string | Date | null, now: Date, done = false): boolean {
  return !done && due !== null && now.getTime() > dueInstant(due).getTime();
}

/** Whether a reminder is due now: within `leadDays` before the deadline, and not yet past it. */
export function reminderDue(due: string | Date, now: Date, leadDays: number): boolean {
  const end = dueInstant(due).getTime();
  return now.getTime() >= end - leadDays * DAY_MS && now.getTime() <= end;
}

/** The nearest of open due dates, or null. */
export function nearestDue(dues: ReadonlyArray<string | Date | null>): Date | null {
  const instants = dues.filter((d): d is string | Date => d !== null).map(dueInstant);
  if (!instants.length) return null;
  return instants.reduce((a, b) => (a.getTime() <= b.getTime() ? a : b));
}
