import type { BudgetingHttp } from '@vaikuta/contracts';
import { equalSharesResult, greedyResult, type Explanation } from '../domain';
import { explain, statusOf, type PlanVerdict } from './result-explanation';
import type { BallotPlan, OverrideRow } from './results.repository';
import type { ApprovalSet } from './tally.repository';

export interface DistrictInput {
  code: string;
  budget: number;
  rule: BudgetingHttp.ResultRule;
  minimumVotes: number;
  /** This district's plans on the ballot. */
  plans: BallotPlan[];
  /** Its counted ballots as identical approval sets (blank ones included). */
  sets: ApprovalSet[];
  /** Votes per plan id, from the tally. */
  votes: ReadonlyMap<string, number>;
  /** The round's overrides by plan id. */
  overrides: ReadonlyMap<string, OverrideRow>;
  /** Another plan's title in a language, for "incompatible with …". */
  titleOf: (planId: string, language: 'fi' | 'sv' | 'en') => string;
}

/**
 * One district's result by the round's rule, with the coordinators' overrides applied around
 * the pure rule (services/budgeting/src/domain/results):
 * - `fund`: the plan is funded first, in the order decided; its cost comes off the budget the
 *   rule then divides, and the other plans of its incompatible group cannot win;
 * - `exclude`: the plan is taken out of the count (ballots approving it still count as voters,
 *   for equal shares, approving the rest of what they chose).
 *
 * The floor and incompatible groups are the rule's own, and the Pabulib export carries them
 * (min_votes, incompatible_group), so analysing the export gives this result. Overrides are
 * decisions about the rule's input, not part of any rule or file: the export only names them in
 * its `comment`, and its analysis — the votes' own result — can differ from the published one
 * exactly where an override applied (a funded plan's cost taken first, an excluded plan back in).
 */
export function districtResult(input: DistrictInput): BudgetingHttp.DistrictResult {
  const { plans, overrides, votes } = input;
  const verdicts = new Map<string, PlanVerdict>();
  const votesOf = (id: string) => votes.get(id) ?? 0;

  const fundedFirst = plans.filter((p) => overrides.get(p.id)?.decision === 'fund');
  fundedFirst.sort((a, b) => overrides.get(a.id)!.decidedAt.getTime() - overrides.get(b.id)!.decidedAt.getTime());
  let left = input.budget;
  for (const plan of fundedFirst) {
    const override = overrides.get(plan.id)!;
    verdicts.set(plan.id, { kind: 'override', decision: 'fund', reason: override.reason, votes: votesOf(plan.id), cost: plan.cost, remaining: left });
    left = Math.max(0, left - plan.cost);
  }
  for (const plan of plans) {
    const override = overrides.get(plan.id);
    if (override?.decision === 'exclude') verdicts.set(plan.id, { kind: 'override', decision: 'exclude', reason: override.reason, votes: votesOf(plan.id), cost: plan.cost });
  }
  // A plan funded by override wins its incompatible group: the others are out before the count.
  for (const funded of fundedFirst) {
    if (!funded.incompatibleGroup) continue;
    for (const other of plans) {
      if (other.id === funded.id || other.incompatibleGroup !== funded.incompatibleGroup || verdicts.has(other.id)) continue;
      verdicts.set(other.id, { kind: 'rule', explanation: { status: 'incompatible', with: funded.id, votes: votesOf(other.id), cost: other.cost } });
    }
  }

  const counted = plans.filter((p) => !verdicts.has(p.id));
  const countedIds = new Set(counted.map((p) => p.id));
  // Identical sets stay one array object repeated: a million ballots cost a million references.
  const ballots: string[][] = [];
  for (const set of input.sets) {
    const approved = set.plans.filter((id) => countedIds.has(id));
    for (let i = 0; i < set.ballots; i++) ballots.push(approved);
  }
  const groups = new Map<string, string[]>();
  for (const plan of counted) if (plan.incompatibleGroup) groups.set(plan.incompatibleGroup, [...(groups.get(plan.incompatibleGroup) ?? []), plan.id]);
  const election = { budget: left, projects: counted.map((p) => ({ id: p.id, cost: p.cost })), ballots };
  const options = { minimumVotes: input.minimumVotes, incompatibleGroups: [...groups.values()].filter((g) => g.length > 1) };
  const outcome = input.rule === 'mes' ? equalSharesResult(election, options) : greedyResult(election, options);
  for (const [id, explanation] of Object.entries(outcome.explanations)) {
    // The rule numbers its steps from 1; the plans funded by override came first.
    const shifted: Explanation = explanation.status === 'funded' ? { ...explanation, step: explanation.step + fundedFirst.length } : explanation;
    verdicts.set(id, { kind: 'rule', explanation: shifted });
  }

  const winners = [...fundedFirst.map((p) => p.id), ...outcome.winners];
  const byId = new Map(plans.map((p) => [p.id, p]));
  const ordered = [...plans].sort((a, b) => votesOf(b.id) - votesOf(a.id) || a.cost - b.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    code: input.code,
    budget: input.budget,
    winners,
    cost: winners.reduce((sum, id) => sum + byId.get(id)!.cost, 0),
    ballots: input.sets.reduce((sum, s) => sum + s.ballots, 0),
    plans: ordered.map((plan) => {
      const verdict = verdicts.get(plan.id)!;
      return { id: plan.id, title: plan.title, cost: plan.cost, votes: votesOf(plan.id), status: statusOf(verdict), explanation: explain(verdict, input.titleOf) };
    }),
  };
}
