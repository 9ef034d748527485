import type { GrantsHttp } from '@vaikuta/contracts';
import type { GrantRoundEntity } from './grant-round.entity';

/** Whether the round takes applications at `now`. */
export function isOpen(round: Pick<GrantRoundEntity, 'opensAt' | 'closesAt'>, now: Date): boolean {
  return round.opensAt <= now && (round.closesAt === null || round.closesAt > now);
}

export function grantRoundSummaryOf(r: GrantRoundEntity, now: Date): GrantsHttp.GrantRoundSummary {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    department: r.department,
    budgetCents: Number(r.budgetCents),
    continuous: r.continuous,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt?.toISOString() ?? null,
    reportDue: r.reportDue,
    openNow: isOpen(r, now),
  };
}

export function grantRoundDetailOf(r: GrantRoundEntity, now: Date): GrantsHttp.GrantRoundDetail {
  return {
    ...grantRoundSummaryOf(r, now),
    description: r.description,
    criteria: r.criteria,
    requiredAttachments: r.requiredAttachments,
    formFields: r.formFields,
    version: r.version,
  };
}
