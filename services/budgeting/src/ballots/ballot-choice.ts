import type { BudgetingHttp } from '@vaikuta/contracts';
import type { FieldProblem } from '@vaikuta/http';
import { BallotError, checkBallot, VotingRule } from '../domain';
import type { RoundRecord } from '../rounds/round.repository';
import type { BallotPlanRow } from './ballot-log.repository';

/** The round's parts a choice refers to: the chosen district and the city-wide one (if the round has it). */
export function ballotParts(record: RoundRecord, districtCode: string) {
  return {
    district: record.districts.find((d) => d.code === districtCode && !d.cityWide),
    city: record.districts.find((d) => d.cityWide),
  };
}

function votingRule(rule: BudgetingHttp.BallotRule, budget: number): VotingRule {
  return rule.kind === 'knapsack'
    ? { kind: 'knapsack', budget, minimumSpendPercent: rule.minimumSpendPercent }
    : { kind: 'approval', maxChoices: rule.maxChoices, minChoices: rule.minChoices };
}

function message(error: BallotError, partName: string): string {
  switch (error.code) {
    case 'unknown_plan':
      return `Plan ${error.planId} is not on the ballot ${partName}`;
    case 'duplicate_plan':
      return `Plan ${error.planId} is chosen twice`;
    case 'over_budget':
      return `The chosen plans cost ${error.total} €, more than the budget of ${error.budget} €`;
    case 'under_minimum_spend':
      return `The chosen plans cost ${error.total} €; choose at least ${error.minimum} € worth, or leave this part blank`;
    case 'too_many_choices':
      return `${error.count} plans chosen; at most ${error.maxChoices} may be`;
    case 'too_few_choices':
      return `${error.count} plans chosen; at least ${error.minChoices}, or leave this part blank`;
  }
}

/**
 * Checks a choice against the round: the district is one of its (non-city-wide) districts, and
 * each part passes the round's voting rule (src/domain's checkBallot) against the plans on the
 * ballot there and that part's budget. Answers every problem, each naming its field
 * (`districtCode`, `district`, `cityWide`), and each part's running total.
 */
export function checkChoice(record: RoundRecord, choice: BudgetingHttp.BallotChoice, plans: readonly BallotPlanRow[]) {
  const problems: FieldProblem[] = [];
  const { district, city } = ballotParts(record, choice.districtCode);
  const totals = { district: 0, cityWide: 0 };
  if (!district) {
    const codes = record.districts.filter((d) => !d.cityWide).map((d) => d.code);
    problems.push({ field: 'districtCode', message: `Choose one of the round's districts: ${codes.join(', ')}` });
  } else {
    const result = checkBallot(
      votingRule(record.round.ballotRule, district.budget),
      plans.filter((p) => p.districtCode === district.code),
      choice.district,
    );
    if (result.valid) totals.district = result.total;
    else problems.push(...result.errors.map((e) => ({ field: 'district', message: message(e, `in district ${district.code}`) })));
  }
  if (!city) {
    if (choice.cityWide.length > 0) problems.push({ field: 'cityWide', message: 'This round has no city-wide part: leave cityWide empty' });
  } else {
    const result = checkBallot(
      votingRule(record.round.ballotRule, city.budget),
      plans.filter((p) => p.districtCode === city.code),
      choice.cityWide,
    );
    if (result.valid) totals.cityWide = result.total;
    else problems.push(...result.errors.map((e) => ({ field: 'cityWide', message: message(e, 'city-wide') })));
  }
  return { problems, totals };
}
