import { checkBallot, minimumSpend, runningTotal, type BallotPlan, type VotingRule } from './ballot-rules';

const plans: BallotPlan[] = [
  { id: 'skatepark', cost: 400_000 },
  { id: 'benches', cost: 50_000 },
  { id: 'library', cost: 300_000 },
  { id: 'lights', cost: 250_000 },
];
const knapsack: VotingRule = { kind: 'knapsack', budget: 700_000 };

describe('runningTotal', () => {
  it('adds each known plan once', () => {
    // 400 000 + 50 000 = 450 000; the repeated 'benches' and the unknown id add nothing.
    expect(runningTotal(plans, ['skatepark', 'benches', 'benches', 'nope'])).toBe(450_000);
    expect(runningTotal(plans, [])).toBe(0);
  });
});

describe('checkBallot', () => {
  it('accepts a blank part under every rule, even one with a minimum', () => {
    expect(checkBallot({ ...knapsack, minimumSpendPercent: 50 }, plans, [])).toEqual({ valid: true, total: 0 });
    expect(checkBallot({ kind: 'approval', maxChoices: 3, minChoices: 2 }, plans, [])).toEqual({ valid: true, total: 0 });
  });

  it('accepts a knapsack ballot exactly at the budget', () => {
    // 400 000 + 300 000 = 700 000 = budget.
    expect(checkBallot(knapsack, plans, ['skatepark', 'library'])).toEqual({ valid: true, total: 700_000 });
  });

  it('refuses one euro over the budget with the total and the budget', () => {
    // 400 000 + 300 000 + 50 000 = 750 000 > 700 000.
    expect(checkBallot(knapsack, plans, ['skatepark', 'library', 'benches'])).toEqual({
      valid: false,
      errors: [{ code: 'over_budget', total: 750_000, budget: 700_000 }],
    });
  });

  it('refuses a knapsack ballot under the minimum spend', () => {
    // 60 % of 700 000 = 420 000; 400 000 + 0 is under it, 400 000 + 50 000 = 450 000 is not.
    const rule: VotingRule = { ...knapsack, minimumSpendPercent: 60 };
    expect(checkBallot(rule, plans, ['skatepark'])).toEqual({ valid: false, errors: [{ code: 'under_minimum_spend', total: 400_000, minimum: 420_000 }] });
    expect(checkBallot(rule, plans, ['skatepark', 'benches'])).toEqual({ valid: true, total: 450_000 });
  });

  it('rounds the minimum spend up to a whole euro', () => {
    expect(minimumSpend(1001, 60)).toBe(601); // 600.6 → 601
    expect(minimumSpend(1_000_000, 60)).toBe(600_000);
    expect(minimumSpend(1000, 33.3)).toBe(333); // 333.0 despite 1000 × 33.3 = 33 300.000…04 in floating point
    expect(minimumSpend(1000, undefined)).toBe(0);
  });

  it('lists every error: unknown, duplicate and over budget together', () => {
    const check = checkBallot(knapsack, plans, ['skatepark', 'lights', 'ghost', 'lights', 'benches', 'lights']);
    // Known distinct plans: 400 000 + 250 000 + 50 000 = 700 000, within budget; so two errors.
    expect(check).toEqual({
      valid: false,
      errors: [
        { code: 'unknown_plan', planId: 'ghost' },
        { code: 'duplicate_plan', planId: 'lights' },
      ],
    });
    const over = checkBallot(knapsack, plans, ['skatepark', 'library', 'ghost', 'library', 'lights']);
    // 400 000 + 300 000 + 250 000 = 950 000 > 700 000.
    expect(over).toEqual({
      valid: false,
      errors: [
        { code: 'unknown_plan', planId: 'ghost' },
        { code: 'duplicate_plan', planId: 'library' },
        { code: 'over_budget', total: 950_000, budget: 700_000 },
      ],
    });
  });

  it('counts approval choices between the minimum and the maximum', () => {
    const rule: VotingRule = { kind: 'approval', maxChoices: 2, minChoices: 2 };
    expect(checkBallot(rule, plans, ['benches', 'lights'])).toEqual({ valid: true, total: 300_000 });
    expect(checkBallot(rule, plans, ['benches'])).toEqual({ valid: false, errors: [{ code: 'too_few_choices', count: 1, minChoices: 2 }] });
    expect(checkBallot(rule, plans, ['benches', 'lights', 'library'])).toEqual({ valid: false, errors: [{ code: 'too_many_choices', count: 3, maxChoices: 2 }] });
    // Approval ballots have no budget limit: 400 000 + 300 000 + 250 000 + 50 000 with max 4.
    expect(checkBallot({ kind: 'approval', maxChoices: 4 }, plans, ['skatepark', 'library', 'lights', 'benches'])).toEqual({ valid: true, total: 1_000_000 });
  });
});
