import { BudgetingHttp } from '@vaikuta/contracts';

/** One part of a ballot (the chosen district, or city-wide) as the check step shows it. */
export interface PartTally {
  total: number;
  budget: number;
  /** Problems the voter must fix before confirming; the service checks again on the PUT. */
  problems: ({ code: 'over'; total: number; budget: number } | { code: 'under'; total: number; minimum: number } | { code: 'tooMany'; max: number })[];
}

/**
 * The running total of one part against its budget, under the round's ballot rule. The portal
 * repeats the service's check so the voter sees it before the confirm step (without
 * JavaScript, on the server): only plans of that part count, each once, and a blank part is
 * always allowed.
 */
export function tallyPart(rule: BudgetingHttp.BallotRule, budget: number, plans: readonly BudgetingHttp.Plan[], chosen: readonly string[]): PartTally {
  const unique = [...new Set(chosen)];
  const costs = new Map(plans.map((p) => [p.id, p.cost ?? 0]));
  const total = unique.reduce((sum, id) => sum + (costs.get(id) ?? 0), 0);
  const problems: PartTally['problems'] = [];
  if (unique.length === 0) return { total: 0, budget, problems };
  if (rule.kind === 'knapsack') {
    if (total > budget) problems.push({ code: 'over', total, budget });
    // Rounded up to a whole euro, as the service does: 60 % of 500 001 € is 300 000.6 €, so 300 001 €.
    const minimum = rule.minimumSpendPercent ? Math.ceil((budget * rule.minimumSpendPercent) / 100) : 0;
    if (total < minimum) problems.push({ code: 'under', total, minimum });
  } else if (unique.length > rule.maxChoices) {
    problems.push({ code: 'tooMany', max: rule.maxChoices });
  }
  return { total, budget, problems };
}
