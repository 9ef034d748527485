import type { BudgetingHttp } from '@vaikuta/contracts';
import { RoundRecord } from './round.repository';
import { stageAt } from './round-phases';

/** The list's line for a round, its stage read at `now`. */
export function roundSummaryOf({ round, phases, districts }: RoundRecord, now: Date): BudgetingHttp.RoundSummary {
  const voting = phases.find((p) => p.phase === 'voting');
  return {
    id: round.id,
    title: round.title,
    phase: stageAt(phases, now),
    rule: round.rule,
    votingYear: round.votingYear,
    votingOpensAt: voting?.opensAt ?? null,
    votingClosesAt: voting?.closesAt ?? null,
    totalBudget: districts.reduce((sum, d) => sum + d.budget, 0),
    resultsPublished: round.resultsPublishedAt !== null,
  };
}

export function roundDetailOf(record: RoundRecord, now: Date): BudgetingHttp.RoundDetail {
  const { round } = record;
  return {
    ...roundSummaryOf(record, now),
    description: round.description,
    phases: record.phases,
    districts: record.districts,
    ballotRule: round.ballotRule,
    eligibility: round.eligibility,
    minimumVotes: round.minimumVotes,
    reconciliationPolicy: round.reconciliationPolicy,
    version: round.version,
  };
}
