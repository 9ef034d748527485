import type { BudgetingHttp } from '@vaikuta/contracts';
import type { ProposalEntity } from './proposal.entity';
import type { ThreadSteps } from './proposal.repository';

/**
 * A proposal as anyone may read it. Built field by field (never by spreading the row) so the
 * proposer's sub cannot slip into a public answer when a column is added.
 */
export function proposalViewOf(p: ProposalEntity): BudgetingHttp.Proposal {
  return {
    id: p.id,
    roundId: p.roundId,
    districtCode: p.districtCode,
    language: p.language,
    title: p.title,
    description: p.description,
    location: p.location,
    roughCost: p.roughCost,
    status: p.status,
    screeningReason: p.screeningReason,
    planId: p.planId,
    source: p.sourceKind && p.sourceId ? { kind: p.sourceKind, id: p.sourceId } : null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * The thread page. Only feasible proposals can be combined into a plan (not_feasible ones are
 * refused), so an `in_plan` proposal with a screening reason was screened feasible; one
 * combined straight from `submitted` has no reason and no screening to show.
 */
export function proposalThreadOf(p: ProposalEntity, steps: ThreadSteps): BudgetingHttp.ProposalThread {
  const outcome = p.status === 'feasible' || p.status === 'not_feasible' ? p.status : p.status === 'in_plan' && p.screeningReason ? 'feasible' : null;
  return {
    ...proposalViewOf(p),
    screening: outcome && p.screeningReason ? { outcome, reason: p.screeningReason } : null,
    plan: steps.plan,
    project: steps.project,
  };
}
