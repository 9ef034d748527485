import { Injectable, NotFoundException } from '@nestjs/common';
import type { GrantsHttp } from '@vaikuta/contracts';
import { GrantStatisticsRepository, TallyRow } from './grant-statistics.repository';

const tally = (r: TallyRow) => ({ applications: r.applications, granted: r.granted, grantedCents: Number(r.grantedCents) });

/** A round's decision list (the total granted against its budget) and a year's statistics, as JSON and CSV. */
@Injectable()
export class GrantStatisticsService {
  constructor(private readonly repository: GrantStatisticsRepository) {}

  async decisionList(roundId: string): Promise<GrantsHttp.DecisionList> {
    const budget = await this.repository.roundBudget(roundId);
    if (budget === undefined) throw new NotFoundException(`No grant round ${roundId}`);
    const rows = await this.repository.decisions(roundId);
    const items = rows.map((r) => ({
      applicationId: r.applicationId,
      associationName: r.associationName,
      title: r.title,
      requestedCents: Number(r.requestedCents),
      outcome: r.outcome,
      grantedCents: r.outcome === 'granted' ? Number(r.grantedCents) : 0,
      reasons: r.reasons,
      decidedAt: new Date(r.decidedAt).toISOString(),
      ahjoDecisionId: r.ahjoDecisionId,
    }));
    const grantedTotalCents = items.reduce((sum, i) => sum + i.grantedCents, 0);
    return { roundId, budgetCents: Number(budget), grantedTotalCents, remainingCents: Number(budget) - grantedTotalCents, items };
  }

  async statistics(year: number): Promise<GrantsHttp.GrantStatistics> {
    const { rounds, types, departments } = await this.repository.year(year);
    return {
      year,
      rounds: rounds.map((r) => ({ roundId: r.key, type: r.type, department: r.department, budgetCents: Number(r.budgetCents), ...tally(r) })),
      byType: types.map((r) => ({ type: r.key, ...tally(r) })),
      byDepartment: departments.map((r) => ({ department: r.key, ...tally(r) })),
    };
  }

  /** The same figures as one CSV table: what each line counts (round, type, department), its key, and euros with two decimals. */
  async statisticsCsv(year: number): Promise<string> {
    const s = await this.statistics(year);
    const euros = (cents: number) => (cents / 100).toFixed(2);
    const lines = ['year,level,key,type,department,budget_eur,applications,granted,granted_eur'];
    for (const r of s.rounds) lines.push([year, 'round', r.roundId, r.type, r.department, euros(r.budgetCents), r.applications, r.granted, euros(r.grantedCents)].join(','));
    for (const r of s.byType) lines.push([year, 'type', r.type, r.type, '', '', r.applications, r.granted, euros(r.grantedCents)].join(','));
    for (const r of s.byDepartment) lines.push([year, 'department', r.department, '', r.department, '', r.applications, r.granted, euros(r.grantedCents)].join(','));
    return `${lines.join('\r\n')}\r\n`;
  }
}
