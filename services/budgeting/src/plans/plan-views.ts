import type { BudgetingHttp } from '@vaikuta/contracts';
import type { PlanEntity } from './plan.entity';

export function planViewOf(p: PlanEntity, proposalIds: string[]): BudgetingHttp.Plan {
  return {
    id: p.id,
    roundId: p.roundId,
    districtCode: p.districtCode,
    title: p.title,
    description: p.description,
    cost: p.cost,
    incompatibleGroup: p.incompatibleGroup,
    location: p.location,
    status: p.status,
    proposalIds,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}
