import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { Clock, VersionedChange, outboxEvent } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { isStaff, TIE_BREAK_RULE_TEXT } from '../domain';
import { Round } from '../rounds/round.entity';
import { RoundRecord, RoundRepository } from '../rounds/round.repository';
import { RoundService, coordinatorActor } from '../rounds/round.service';
import { districtResult } from './district-result';
import { ResultsRepository } from './results.repository';
import { countLogEntries, TallyRepository } from './tally.repository';

const firstText = (t: BudgetingHttp.BudgetingText) => t.fi || t.sv || t.en || '';

/** Computing, overriding and publishing a round's results, and reading them back. */
@Injectable()
export class ResultsService {
  private readonly changes: VersionedChange<Round>;

  constructor(
    private readonly rounds: RoundService,
    private readonly roundRepository: RoundRepository,
    private readonly repository: ResultsRepository,
    private readonly tallies: TallyRepository,
    outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(roundRepository.dataSource, outbox, {
      entity: Round,
      audit: roundRepository.auditLog,
      notFound: (id) => new NotFoundException(`No budgeting round ${id}`),
      clock,
    });
  }

  /** Computes every district by the round's rule and stores the draft (again, if computed before). */
  async compute(roundId: string, user: AuthUser): Promise<BudgetingHttp.RoundResults> {
    const record = await this.rounds.record(roundId);
    this.assertVotingClosed(record);
    this.assertUnpublished(record);
    const { round, districts } = record;
    const cityWide = districts.find((d) => d.cityWide)?.code ?? null;
    const [tally, plans, overrides] = await Promise.all([
      this.tallies.tally(roundId, cityWide),
      this.repository.plansOnBallot(roundId),
      this.repository.overrides(roundId),
    ]);
    const titles = new Map(plans.map((p) => [p.id, p.title]));
    const overrideByPlan = new Map(overrides.map((o) => [o.planId, o]));
    const results = districts.map((d) =>
      districtResult({
        code: d.code,
        budget: d.budget,
        rule: round.rule,
        minimumVotes: round.minimumVotes,
        plans: plans.filter((p) => p.districtCode === d.code),
        sets: tally.sets.get(d.code) ?? [],
        votes: tally.votes,
        overrides: overrideByPlan,
        titleOf: (id, l) => {
          const title = titles.get(id);
          return title ? title[l] || firstText(title) : id;
        },
      }),
    );
    const now = this.clock.now();
    await this.repository.dataSource.transaction(async (m) => {
      await this.repository.saveResults(m, roundId, round.rule, results, { at: now, by: user.sub, logEntries: tally.logEntries });
      await this.roundRepository.auditLog.write(m, {
        entityId: roundId,
        action: 'results_computed',
        actor: coordinatorActor(user),
        details: { rule: round.rule, overrides: overrides.length, districts: results.map((r) => ({ code: r.code, ballots: r.ballots, winners: r.winners, cost: r.cost })) },
      });
    });
    return this.view(round.rule, null, now, results);
  }

  /** A coordinator's decision about one plan, with its public reason; the next compute applies it. */
  async override(roundId: string, body: BudgetingHttp.OverrideRequest, user: AuthUser): Promise<BudgetingHttp.OverrideView> {
    const record = await this.rounds.record(roundId);
    this.assertUnpublished(record);
    const plan = await this.repository.plan(roundId, body.planId);
    if (!plan) throw ValidationProblem.field('planId', 'No plan of this round has this id');
    if (plan.status !== 'on_ballot') throw ValidationProblem.field('planId', 'The plan is not on the ballot');
    const now = this.clock.now();
    const saved = await this.repository.dataSource.transaction(async (m) => {
      const row = await this.repository.saveOverride(m, roundId, { ...body, decidedBy: user.sub, decidedAt: now });
      await this.roundRepository.auditLog.write(m, {
        entityId: roundId,
        action: 'result_override',
        actor: coordinatorActor(user),
        details: { planId: body.planId, decision: body.decision, reason: body.reason },
      });
      return row;
    });
    return { id: saved.id, planId: saved.planId, decision: saved.decision, reason: saved.reason, decidedAt: saved.decidedAt.toISOString() };
  }

  /**
   * Publishes the computed results: the round's results_published_at, a project per winner and
   * the results_published event commit together (VersionedChange on the round).
   */
  async publish(roundId: string, body: BudgetingHttp.PublishResultsRequest, user: AuthUser): Promise<BudgetingHttp.RoundResults> {
    const now = this.clock.now();
    let winners: string[] = [];
    await this.changes.apply({ id: roundId, expectedVersion: body.version, actor: coordinatorActor(user) }, async (round, m) => {
      if (round.resultsPublishedAt) throw published();
      const stored = await this.repository.results(roundId, m);
      if (stored.length === 0) throw new ConflictException({ title: 'No results to publish', detail: 'Compute the results first' });
      const overrides = await this.repository.overrides(roundId, m);
      const computedAt = Math.min(...stored.map((r) => r.computedAt.getTime()));
      // An override decided after the computation is not in the draft: publishing would hide it.
      if (overrides.some((o) => o.decidedAt.getTime() > computedAt) || stored.some((r) => r.rule !== round.rule)) {
        throw new ConflictException({ title: 'The results are out of date', detail: 'An override or the rule changed after the results were computed: compute them again' });
      }
      // Paper sheets are still entered after voting closes. The round's row is locked here and a
      // paper entry takes a share lock on it (BallotIntakeService), so none can slip in between
      // this count and the commit.
      const entries = await countLogEntries(m, roundId);
      if (stored.some((r) => r.logEntries !== entries)) {
        throw new ConflictException({
          title: 'Ballots entered after the results were computed',
          detail: 'Ballots were entered after the results were computed; compute again',
          phase: 'results',
        });
      }
      winners = stored.flatMap((r) => r.outcome.winners);
      round.resultsPublishedAt = now;
      await this.repository.insertProjects(m, roundId, winners, now);
      return {
        action: 'results_published',
        details: { winners },
        events: () => [
          outboxEvent(BudgetingEvents.resultsPublished, { roundId, roundName: firstText(round.title), winningProjectIds: winners, publishedAt: now.toISOString() }),
        ],
      };
    });
    return this.results(roundId, user);
  }

  /** The results: public once published; a draft for staff before; 404 otherwise. */
  async results(roundId: string, user: AuthUser | undefined): Promise<BudgetingHttp.RoundResults> {
    const record = await this.visibleRound(roundId, user);
    const stored = await this.repository.results(roundId);
    if (stored.length === 0) throw new NotFoundException(`The results of round ${roundId} have not been computed`);
    const computedAt = new Date(Math.max(...stored.map((r) => r.computedAt.getTime())));
    return this.view(
      stored[0].rule,
      record.round.resultsPublishedAt,
      computedAt,
      stored.map((r) => r.outcome),
    );
  }

  /**
   * The round, if the caller may see its results data: anyone once published, staff before. The
   * public gets the same 404 whether the round or only its results are missing.
   */
  async visibleRound(roundId: string, user: AuthUser | undefined): Promise<RoundRecord> {
    const record = await this.rounds.record(roundId);
    if (!record.round.resultsPublishedAt && !isStaff(user)) throw new NotFoundException(`The results of round ${roundId} are not published`);
    return record;
  }

  private view(rule: BudgetingHttp.ResultRule, publishedAt: Date | null, computedAt: Date, districts: BudgetingHttp.DistrictResult[]): BudgetingHttp.RoundResults {
    return { rule, tieBreak: { ...TIE_BREAK_RULE_TEXT }, published: publishedAt !== null, publishedAt: publishedAt?.toISOString() ?? null, computedAt: computedAt.toISOString(), districts };
  }

  private assertVotingClosed({ phases }: RoundRecord): void {
    const voting = phases.find((p) => p.phase === 'voting');
    if (!voting?.closesAt || this.clock.now().getTime() < Date.parse(voting.closesAt)) {
      throw new ConflictException({ title: 'Voting has not closed', detail: 'Results are computed once the voting phase has closed', phase: 'voting' });
    }
  }

  private assertUnpublished({ round }: RoundRecord): void {
    if (round.resultsPublishedAt) throw published();
  }
}

const published = () => new ConflictException({ title: 'Results already published', detail: 'Published results are final', phase: 'results' });
