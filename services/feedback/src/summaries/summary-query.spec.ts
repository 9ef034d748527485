import { ValidationProblem } from '@vaikuta/http';
import { cityToday, resolveSummaryPeriod, summaryQuerySchema } from './summary-query';

const problemOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationProblem) return error.errors;
    throw error;
  }
  throw new Error('expected a ValidationProblem');
};

describe('summaryQuerySchema', () => {
  it('defaults to departments in Finnish', () => {
    expect(summaryQuerySchema.parse({})).toEqual({ groupBy: 'department', lang: 'fi' });
  });

  it('treats empty parameters as absent', () => {
    expect(summaryQuerySchema.parse({ from: '', to: ' ', department: '' })).toEqual({ groupBy: 'department', lang: 'fi' });
  });

  it.each([
    [{ groupBy: 'street' }, 'groupBy'],
    [{ groupBy: ['department', 'district'] }, 'groupBy'],
    [{ from: '2025-02-30' }, 'from'],
    [{ from: '1.3.2025' }, 'from'],
    [{ to: '2025-13-01' }, 'to'],
    [{ lang: 'de' }, 'lang'],
    [{ department: "KYMP' OR 1=1" }, 'department'],
  ])('refuses %j naming the field', (query, field) => {
    const result = summaryQuerySchema.safeParse(query);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});

describe('resolveSummaryPeriod', () => {
  it('defaults to the 90 days up to today', () => {
    expect(resolveSummaryPeriod({}, '2025-05-31')).toEqual({ from: '2025-03-03', to: '2025-05-31' });
  });

  it('counts back 90 days from a given end', () => {
    expect(resolveSummaryPeriod({ to: '2024-03-31' }, '2025-05-31')).toEqual({ from: '2024-01-02', to: '2024-03-31' });
  });

  it('runs a given start up to today', () => {
    expect(resolveSummaryPeriod({ from: '2025-01-01' }, '2025-05-31')).toEqual({ from: '2025-01-01', to: '2025-05-31' });
  });

  it('accepts a single day and exactly two years', () => {
    expect(resolveSummaryPeriod({ from: '2025-03-01', to: '2025-03-01' }, '2025-05-31')).toEqual({ from: '2025-03-01', to: '2025-03-01' });
    expect(resolveSummaryPeriod({ from: '2024-01-01', to: '2025-12-31' }, '2025-05-31')).toEqual({ from: '2024-01-01', to: '2025-12-31' });
  });

  it('refuses a period over two years', () => {
    expect(problemOf(() => resolveSummaryPeriod({ from: '2024-01-01', to: '2026-01-01' }, '2025-05-31'))).toEqual([
      { field: 'from', message: expect.stringMatching(/at most 2 years/) },
    ]);
  });

  it('refuses a period that ends before it starts', () => {
    expect(problemOf(() => resolveSummaryPeriod({ from: '2025-03-02', to: '2025-03-01' }, '2025-05-31'))).toEqual([
      { field: 'from', message: expect.stringMatching(/after it ends/) },
    ]);
    expect(problemOf(() => resolveSummaryPeriod({ from: '2025-06-01' }, '2025-05-31'))[0].field).toBe('from');
  });
});

describe('cityToday', () => {
  it("is Helsinki's date, not UTC's", () => {
    expect(cityToday(new Date('2025-03-31T21:30:00Z'))).toBe('2025-04-01');
    expect(cityToday(new Date('2025-03-31T20:30:00Z'))).toBe('2025-03-31');
  });
});
