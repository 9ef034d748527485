import { fromHelsinkiLocal, helsinkiLocal } from './budgeting-coordination.controller';

// The phases form's datetime-local fields are Finnish time (budgeting-coordination.controller.ts).
describe('phase dates in Finnish time', () => {
  it('reads winter time as UTC+2 and summer time as UTC+3, and writes them back the same', () => {
    expect(fromHelsinkiLocal('2026-01-15T09:00')).toBe('2026-01-15T07:00:00.000Z');
    expect(fromHelsinkiLocal('2026-07-15T09:00')).toBe('2026-07-15T06:00:00.000Z');
    expect(helsinkiLocal('2026-01-15T07:00:00.000Z')).toBe('2026-01-15T09:00');
    expect(helsinkiLocal('2026-07-15T06:00:00.000Z')).toBe('2026-07-15T09:00');
    expect(helsinkiLocal(null)).toBe('');
  });

  it('refuses what is no date and time, such as 30 February or 25 o’clock', () => {
    expect(fromHelsinkiLocal('2026-02-30T09:00')).toBeNull();
    expect(fromHelsinkiLocal('2026-01-15T25:00')).toBeNull();
    expect(fromHelsinkiLocal('15.1.2026 9:00')).toBeNull();
    expect(fromHelsinkiLocal('')).toBeNull();
  });
});
