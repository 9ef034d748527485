import { BadRequestException, Injectable } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { ValidationProblem } from '@vaikuta/http';
import { PabulibFormatError, writePabulib, type ResultRule } from '../domain';
import { BallotExportRepository } from './ballot-export.repository';
import { PabulibAnalysisPool } from './pabulib-analysis-pool';
import { BallotPlan, OverrideRow, ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';

/** Largest Pabulib file the analysis reads (Warsaw's biggest city-wide files are a few MB). */
export const MAX_PABULIB_BYTES = 20 * 1024 * 1024;

/** Pabulib's names of our rules (pabulib.org/format, META `rule`). */
const PABULIB_RULE: Record<ResultRule, string> = { greedy: 'greedy', mes: 'equal-shares' };

/** Pabulib dates are dd.mm.yyyy; ours are the voting phase's, in Helsinki time. */
function pabulibDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [{ value: day }, , { value: month }, , { value: year }] = new Intl.DateTimeFormat('fi-FI', {
    timeZone: 'Europe/Helsinki',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(new Date(iso));
  return `${day}.${month}.${year}`;
}

/**
 * What a ballot allowed, in Pabulib's META terms: a knapsack ballot's choices cost at most the
 * district's budget (max_sum_cost); an approval ballot names at most maxChoices (max_length). No
 * minimum is written: a blank part is always allowed, and Pabulib's minimums would refuse it.
 */
function ballotLimits(rule: BudgetingHttp.BallotRule, budget: number): Record<string, number> {
  return rule.kind === 'knapsack' ? { max_sum_cost: budget } : { max_length: rule.maxChoices };
}

/** What the `comment` names besides the votes: the floor, incompatible groups and the coordinators' overrides (their public reasons). */
function whatApplied(minimumVotes: number, plans: BallotPlan[], overrides: OverrideRow[]): string[] {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const applied: string[] = [];
  if (minimumVotes > 0) applied.push(`a vote floor of ${minimumVotes} (min_votes: plans with fewer votes are not funded)`);
  const groups = [...new Set(plans.flatMap((p) => (p.incompatibleGroup ? [p.incompatibleGroup] : [])))];
  if (groups.length) applied.push(`incompatible groups ${groups.join(', ')} (incompatible_group: at most one plan of a group wins)`);
  for (const o of overrides) {
    applied.push(`override: ${o.decision === 'fund' ? 'funded before the count' : 'excluded from the count'} ${o.planId} (${oneLine(o.reason)})`);
  }
  if (overrides.length) applied.push('an analysis of this file applies the floor and groups but not the overrides, so its winners can differ from the published ones');
  return applied;
}

/** What is published of the counted ballots: Pabulib files, the anonymised CSV, turnout; and the analysis of any Pabulib file. */
@Injectable()
export class BallotExportService {
  constructor(
    private readonly results: ResultsService,
    private readonly repository: BallotExportRepository,
    private readonly resultsRepository: ResultsRepository,
    private readonly analyses: PabulibAnalysisPool,
  ) {}

  /**
   * One district's ballots as a Pabulib file. The city-wide district's file holds every counted
   * ballot's city-wide part. voter_id is the ballot's number in the anonymised CSV, so the two
   * publications agree; no other column about the voter is written.
   */
  async pabulib(roundId: string, districtCode: string, user: AuthUser | undefined): Promise<string> {
    const { round, districts, phases } = await this.results.visibleRound(roundId, user);
    const district = districts.find((d) => d.code === districtCode);
    if (!district) throw ValidationProblem.field('district', `The round has no district ${districtCode}`);
    const plans = (await this.resultsRepository.plansOnBallot(roundId)).filter((p) => p.districtCode === district.code);
    const [stored, overrides] = await Promise.all([this.resultsRepository.results(roundId), this.resultsRepository.overrides(roundId)]);
    const winners = new Set(stored.find((r) => r.districtCode === district.code)?.outcome.winners ?? []);
    const planIds = new Set(plans.map((p) => p.id));
    const applied = whatApplied(round.minimumVotes, plans, overrides.filter((o) => planIds.has(o.planId)));
    const ids = new Set(plans.map((p) => p.id));
    const ballots = (await this.repository.anonymousBallots(roundId))
      .filter((b) => district.cityWide || b.districtCode === district.code)
      .map((b) => ({ voter_id: String(b.number), vote: (district.cityWide ? b.cityPlans : b.districtPlans).filter((id) => ids.has(id)) }));
    const votes = new Map<string, number>();
    for (const ballot of ballots) for (const id of ballot.vote) votes.set(id, (votes.get(id) ?? 0) + 1);
    const voting = phases.find((p) => p.phase === 'voting');
    const title = (t: BudgetingHttp.BudgetingText) => t.fi || t.sv || t.en || '';
    return writePabulib({
      meta: {
        description: `${title(round.title)}: ${title(district.name)}`,
        country: 'Finland',
        unit: title(round.title),
        instance: district.code,
        budget: district.budget,
        vote_type: 'approval',
        ...ballotLimits(round.ballotRule, district.budget),
        rule: PABULIB_RULE[round.rule],
        currency: 'EUR',
        date_begin: pabulibDate(voting?.opensAt),
        date_end: pabulibDate(voting?.closesAt),
        ...(round.minimumVotes > 0 ? { min_votes: round.minimumVotes } : {}),
        ...(applied.length ? { comment: `The published result also applied: ${applied.join('; ')}.` } : {}),
      },
      projects: plans.map((p) => ({
        project_id: p.id,
        cost: p.cost,
        votes: votes.get(p.id) ?? 0,
        name: title(p.title),
        selected: winners.has(p.id) ? 1 : 0,
        ...(plans.some((q) => q.incompatibleGroup) ? { incompatible_group: p.incompatibleGroup ?? '' } : {}),
      })),
      votes: ballots,
    });
  }

  /** `ballot,district,district_plans,city_plans`; plan lists separated by spaces inside one field. */
  async csv(roundId: string, user: AuthUser | undefined): Promise<string> {
    await this.results.visibleRound(roundId, user);
    const lines = ['ballot,district,district_plans,city_plans'];
    // Codes match ^[a-z0-9-]+$ and plan ids are UUIDs: no field ever needs quoting.
    for (const b of await this.repository.anonymousBallots(roundId)) lines.push(`${b.number},${b.districtCode},${b.districtPlans.join(' ')},${b.cityPlans.join(' ')}`);
    return lines.join('\n') + '\n';
  }

  async turnout(roundId: string, user: AuthUser | undefined): Promise<BudgetingHttp.Turnout> {
    const { round, districts } = await this.results.visibleRound(roundId, user);
    const turnout = await this.repository.turnout(roundId, round.votingYear);
    // Every district a voter could choose, in the round's order, with 0 where nobody did.
    const counted = new Map(turnout.byDistrict.map((d) => [d.code, d.ballots]));
    const byDistrict = districts.filter((d) => !d.cityWide).map((d) => ({ code: d.code, ballots: counted.get(d.code) ?? 0 }));
    return { ...turnout, byDistrict };
  }

  /** What the rule would choose in the election a Pabulib file holds (computed off the event loop, within a deadline). */
  async analyse(body: unknown, rule: ResultRule): Promise<BudgetingHttp.PabulibAnalysisResult> {
    if (typeof body !== 'string') throw ValidationProblem.field('(body)', 'Send the Pabulib file as text/plain; charset=utf-8');
    try {
      return await this.analyses.analyse(body, rule, { maxBytes: MAX_PABULIB_BYTES });
    } catch (error) {
      if (error instanceof PabulibFormatError) {
        throw new BadRequestException({
          title: 'Not a Pabulib file the analysis can read',
          detail: error.message,
          line: error.line,
          errors: [{ field: error.line > 0 ? `(body) line ${error.line}` : '(body)', message: error.reason }],
        });
      }
      throw error;
    }
  }
}
