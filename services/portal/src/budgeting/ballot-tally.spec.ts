import { BudgetingHttp } from '@vaikuta/contracts';
import { tallyPart } from './ballot-tally';

const plan = (id: string, cost: number | null): BudgetingHttp.Plan => ({
  id,
  roundId: '00000000-0000-4000-8000-000000000000',
  districtCode: 'keskinen',
  title: { fi: id },
  description: { fi: id },
  cost,
  incompatibleGroup: null,
  location: null,
  status: 'on_ballot',
  proposalIds: [],
  version: 1,
  updatedAt: '2026-01-01T00:00:00Z',
});
const plans = [plan('a', 300_000), plan('b', 250_000), plan('c', 100_000)];

describe('the ballot page running total', () => {
  it('adds each chosen plan once and compares with the budget', () => {
    // a + c = 300 000 + 100 000 = 400 000 ≤ 600 000; "c" twice still counts once.
    expect(tallyPart({ kind: 'knapsack' }, 600_000, plans, ['a', 'c', 'c'])).toEqual({ total: 400_000, budget: 600_000, problems: [] });
    // a + b + c = 650 000 > 600 000.
    expect(tallyPart({ kind: 'knapsack' }, 600_000, plans, ['a', 'b', 'c']).problems).toEqual([{ code: 'over', total: 650_000, budget: 600_000 }]);
  });

  it('lets a part be blank whatever the minimum spend', () => {
    expect(tallyPart({ kind: 'knapsack', minimumSpendPercent: 60 }, 600_000, plans, [])).toEqual({ total: 0, budget: 600_000, problems: [] });
  });

  it('rounds the minimum spend up to a whole euro', () => {
    // 60 % of 500 001 € is 300 000.6 €, so 300 001 €: plan a alone (300 000 €) falls one euro short.
    expect(tallyPart({ kind: 'knapsack', minimumSpendPercent: 60 }, 500_001, plans, ['a']).problems).toEqual([{ code: 'under', total: 300_000, minimum: 300_001 }]);
    // 60 % of 500 000 € is exactly 300 000 €: plan a is enough.
    expect(tallyPart({ kind: 'knapsack', minimumSpendPercent: 60 }, 500_000, plans, ['a']).problems).toEqual([]);
  });

  it('counts choices under the approval rule, not euros', () => {
    expect(tallyPart({ kind: 'approval', maxChoices: 2 }, 100, plans, ['a', 'b', 'c']).problems).toEqual([{ code: 'tooMany', max: 2 }]);
    expect(tallyPart({ kind: 'approval', maxChoices: 2 }, 100, plans, ['a', 'b']).problems).toEqual([]);
  });
});
