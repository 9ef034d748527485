import { dueDate, isOverdue } from './due-date';

describe('due date from the service level', () => {
  it('counts working days only', () => {
    // Friday 2026-11-20 10:00 + 1 working day = Monday 2026-11-23 10:00
    expect(dueDate(new Date('2026-11-20T10:00:00Z'), 1).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    // Monday + 5 working days = next Monday
    expect(dueDate(new Date('2026-11-23T08:00:00Z'), 5).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('skips Independence Day and Christmas', () => {
    // Friday 4 Dec + 1 = Monday 7 Dec (6 Dec is a Sunday anyway); Wed 23 Dec + 1 = Mon 28 Dec
    expect(dueDate(new Date('2026-12-23T12:00:00Z'), 1).toISOString()).toBe('2026-12-28T12:00:00.000Z');
    // 2027-12-06 is a Monday: Friday 3 Dec 2027 + 1 = Tuesday 7 Dec
    expect(dueDate(new Date('2027-12-03T12:00:00Z'), 1).toISOString()).toBe('2027-12-07T12:00:00.000Z');
  });

  it('refuses a nonsensical service level', () => {
    expect(() => dueDate(new Date(), 0)).toThrow(RangeError);
    expect(() => dueDate(new Date(), 1.5)).toThrow(RangeError);
  });

  it('is overdue only while open and past due', () => {
    const due = new Date('2026-11-20T10:00:00Z');
    expect(isOverdue(due, false, new Date('2026-11-20T10:00:01Z'))).toBe(true);
    expect(isOverdue(due, true, new Date('2026-11-21T10:00:00Z'))).toBe(false);
    expect(isOverdue(due, false, new Date('2026-11-20T09:59:59Z'))).toBe(false);
  });
});
