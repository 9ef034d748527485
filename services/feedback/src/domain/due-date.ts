/**
 * A category's service level is counted in working days: a report sent on Friday
 * evening is not two days late on Monday morning. Weekends and the fixed-date Finnish
 * public holidays are skipped; the movable ones (Easter, Midsummer, Ascension, All
 * Saints') are not modelled yet and fall as working days.
 */
const FIXED_HOLIDAYS = new Set(['01-01', '01-06', '05-01', '12-06', '12-24', '12-25', '12-26']);

function isWorkingDay(date: Date): boolean {
  const day = date.getUTCDay();
  if (day === 0 || day === 6) return false;
  const monthDay = date.toISOString().slice(5, 10);
  return !FIXED_HOLIDAYS.has(monthDay);
}

export function dueDate(submittedAt: Date, serviceLevelDays: number): Date {
  if (!Number.isInteger(serviceLevelDays) || serviceLevelDays < 1) {
    throw new RangeError('serviceLevelDays must be a positive whole number');
  }
  const due = new Date(submittedAt.getTime());
  let remaining = serviceLevelDays;
  while (remaining > 0) {
    due.setUTCDate(due.getUTCDate() + 1);
    if (isWorkingDay(due)) remaining--;
  }
  return due;
}

export function isOverdue(dueAt: Date, closed: boolean, now: Date = new Date()): boolean {
  return !closed && dueAt.getTime() < now.getTime();
}
