// The voting rule of a round, applied to one district's part of a ballot. A blank part (nothing
// chosen) is always allowed: abstaining in a district is a legitimate vote, and the voter still
// votes city-wide.

export type VotingRule =
  /** Choose plans whose costs add up to at most the district's budget (OmaStadi's way). */
  | { kind: 'knapsack'; budget: number; minimumSpendPercent?: number }
  /** Approve from minChoices (default 1) to maxChoices plans. */
  | { kind: 'approval'; maxChoices: number; minChoices?: number };

export interface BallotPlan {
  id: string;
  /** Whole euros. */
  cost: number;
}

export type BallotError =
  | { code: 'unknown_plan'; planId: string }
  | { code: 'duplicate_plan'; planId: string }
  | { code: 'over_budget'; total: number; budget: number }
  | { code: 'under_minimum_spend'; total: number; minimum: number }
  | { code: 'too_many_choices'; count: number; maxChoices: number }
  | { code: 'too_few_choices'; count: number; minChoices: number };

export type BallotCheck = { valid: true; total: number } | { valid: false; errors: BallotError[] };

/** The sum of the known plans' costs in a choice, each plan counted once (the ballot page's running total). */
export function runningTotal(plans: readonly BallotPlan[], choice: readonly string[]): number {
  const costs = new Map(plans.map((plan) => [plan.id, plan.cost]));
  let total = 0;
  for (const id of new Set(choice)) total += costs.get(id) ?? 0;
  return total;
}

/**
 * The smallest total a knapsack ballot must reach: minimumSpendPercent of the budget, rounded up to
 * a whole euro (60 % of 1 001 € is 600.6 €, so 601 €) — a ballot at 600 € did not spend 60 %.
 */
export function minimumSpend(budget: number, minimumSpendPercent: number | undefined): number {
  if (!minimumSpendPercent || minimumSpendPercent <= 0) return 0;
  // Integer arithmetic first, so 1 000 000 × 60 % is exactly 600 000 and not 600 000.0000001 → 600 001.
  const hundredths = budget * minimumSpendPercent;
  return Number.isInteger(hundredths) ? Math.ceil(hundredths / 100) : Math.ceil(hundredths / 100 - 1e-9);
}

/** Validates one district part of a ballot; answers all the errors at once, each with its data. */
export function checkBallot(rule: VotingRule, plans: readonly BallotPlan[], choice: readonly string[]): BallotCheck {
  const known = new Set(plans.map((plan) => plan.id));
  const errors: BallotError[] = [];
  const seen = new Set<string>();
  for (const id of choice) {
    if (!known.has(id)) errors.push({ code: 'unknown_plan', planId: id });
    else if (seen.has(id)) {
      if (!errors.some((e) => e.code === 'duplicate_plan' && e.planId === id)) errors.push({ code: 'duplicate_plan', planId: id });
    }
    seen.add(id);
  }
  const total = runningTotal(plans, choice);
  if (choice.length === 0) return { valid: true, total: 0 };

  if (rule.kind === 'knapsack') {
    if (total > rule.budget) errors.push({ code: 'over_budget', total, budget: rule.budget });
    const minimum = minimumSpend(rule.budget, rule.minimumSpendPercent);
    if (total < minimum) errors.push({ code: 'under_minimum_spend', total, minimum });
  } else {
    // Distinct known plans are what the voter approved; duplicates and unknown ids are errors above.
    const count = [...seen].filter((id) => known.has(id)).length;
    const minChoices = rule.minChoices ?? 1;
    if (count > rule.maxChoices) errors.push({ code: 'too_many_choices', count, maxChoices: rule.maxChoices });
    if (count < minChoices) errors.push({ code: 'too_few_choices', count, minChoices });
  }
  return errors.length === 0 ? { valid: true, total } : { valid: false, errors };
}
