import { BadRequestException, Injectable } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { ValidationProblem } from '@vaikuta/http';
import { PabulibFormatError, analysePabulib, writePabulib, type ResultRule } from '../domain';
import { BallotExportRepository } from './ballot-export.repository';
import { ResultsRepository } from './results.repository';
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

/** What is published of the counted ballots: Pabulib files, the anonymised CSV, turnout; and the analysis of any Pabulib file. */
@Injectable()
export class BallotExportService {
  constructor(
    private readonly results: ResultsService,
    private readonly repository: BallotExportRepository,
    private readonly resultsRepository: ResultsRepository,
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
        rule: PABULIB_RULE[round.rule],
        date_begin: pabulibDate(voting?.opensAt),
        date_end: pabulibDate(voting?.closesAt),
      },
      projects: plans.map((p) => ({ project_id: p.id, cost: p.cost, votes: votes.get(p.id) ?? 0, name: title(p.title) })),
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

  /** What the rule would choose in the election a Pabulib file holds. */
  analyse(body: unknown, rule: ResultRule): BudgetingHttp.PabulibAnalysisResult {
    if (typeof body !== 'string') throw ValidationProblem.field('(body)', 'Send the Pabulib file as text/plain; charset=utf-8');
    try {
      return analysePabulib(body, rule, { maxBytes: MAX_PABULIB_BYTES });
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
