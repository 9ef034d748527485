import { councilDeadline, councilThreshold, deadlineFor, dueInstant, isOverdue, nearestDue, reminderDue } from './legal-clocks';

describe('legal clocks (kuntalaki § 23)', () => {
  afterEach(() => jest.useRealTimers());

  it('needs at least 2 % of the residents entitled to vote, rounded up', () => {
    expect(councilThreshold(520_000)).toBe(10_400);
    expect(councilThreshold(1001)).toBe(21);
  });

  it('sets the council deadline at filing + 6 months once supports reach 2 %, and keeps it', () => {
    const filed = new Date('2026-03-10T09:00:00Z');
    expect(deadlineFor(null, 19, 1000, filed)).toBeNull();
    expect(deadlineFor(null, 20, 1000, filed)).toBe('2026-09-10');
    // Supports withdrawn later do not take the duty away.
    expect(deadlineFor('2026-09-10', 3, 1000, filed)).toBe('2026-09-10');
    expect(deadlineFor(null, 5000, 1000, null)).toBeNull();
  });

  it('counts the filing day in Helsinki and ends short months on their last day', () => {
    // 22:30 UTC on 31 Aug is 1 Sep in Helsinki.
    expect(councilDeadline(new Date('2026-08-31T22:30:00Z'))).toBe('2027-03-01');
    expect(councilDeadline(new Date('2026-08-31T10:00:00Z'))).toBe('2027-02-28');
    expect(councilDeadline(new Date('2027-08-31T10:00:00Z'))).toBe('2028-02-29');
    expect(councilDeadline(new Date('2026-12-15T10:00:00Z'))).toBe('2027-06-15');
  });

  it('makes a date-only due date last to the end of its Helsinki day, summer and winter', () => {
    expect(dueInstant('2026-07-01').toISOString()).toBe('2026-07-01T20:59:59.000Z');
    expect(dueInstant('2026-01-15').toISOString()).toBe('2026-01-15T21:59:59.000Z');
  });

  it('turns overdue after the due date passes, on fake time, unless done', () => {
    jest.useFakeTimers({ now: new Date('2026-05-01T20:00:00Z') });
    expect(isOverdue('2026-05-01', new Date())).toBe(false);
    jest.setSystemTime(new Date('2026-05-01T21:00:00Z'));
    expect(isOverdue('2026-05-01', new Date())).toBe(true);
    expect(isOverdue('2026-05-01', new Date(), true)).toBe(false);
    expect(isOverdue(null, new Date())).toBe(false);
  });

  it('reminds within the lead days before a deadline, not earlier and not after it', () => {
    const due = new Date('2026-06-30T12:00:00Z');
    jest.useFakeTimers({ now: new Date('2026-06-20T11:00:00Z') });
    expect(reminderDue(due, new Date(), 7)).toBe(false);
    jest.advanceTimersByTime(4 * 24 * 3600 * 1000);
    expect(reminderDue(due, new Date(), 7)).toBe(true);
    jest.setSystemTime(new Date('2026-07-01T00:00:00Z'));
    expect(reminderDue(due, new Date(), 7)).toBe(false);
  });

  it('picks the nearest open due date', () => {
    expect(nearestDue([null, '2026-09-10', new Date('2026-08-01T00:00:00Z')])?.toISOString()).toBe('2026-08-01T00:00:00.000Z');
    expect(nearestDue([null])).toBeNull();
  });
});
