import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { Clock, VersionedChange } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { checkEligibility, refusalMessage, type RefusalLanguage } from '../domain';
import { Round } from './round.entity';
import { phaseProblems } from './round-phases';
import { RoundRecord, RoundRepository } from './round.repository';
import { roundDetailOf, roundSummaryOf } from './round-views';

/** Who did a coordinator's step, for the audit trail. */
export function coordinatorActor(user: AuthUser): { id: string; role: string } {
  return { id: user.sub, role: user.roles.includes('admin') ? 'admin' : 'coordinator' };
}

/** Rounds: created and re-dated by coordinators, read by anyone; a resident asks whether they may take part. */
@Injectable()
export class RoundService {
  private readonly changes: VersionedChange<Round>;

  constructor(
    private readonly repository: RoundRepository,
    outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: Round,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No budgeting round ${id}`),
      clock,
    });
  }

  async list(): Promise<BudgetingHttp.RoundList> {
    const now = this.clock.now();
    return { items: (await this.repository.list()).map((r) => roundSummaryOf(r, now)) };
  }

  async detail(id: string): Promise<BudgetingHttp.RoundDetail> {
    return roundDetailOf(await this.record(id), this.clock.now());
  }

  /** The round with phases and districts, or 404. Other features read rounds through this. */
  async record(id: string): Promise<RoundRecord> {
    const record = await this.repository.find(id);
    if (!record) throw new NotFoundException(`No budgeting round ${id}`);
    return record;
  }

  async create(body: BudgetingHttp.CreateRoundRequest, user: AuthUser): Promise<BudgetingHttp.RoundDetail> {
    assertPhases(body.phases);
    const codes = body.districts.map((d) => d.code);
    const duplicate = codes.find((code, i) => codes.indexOf(code) !== i);
    if (duplicate) throw ValidationProblem.field('districts', `District ${duplicate} appears twice`);
    if (body.districts.filter((d) => d.cityWide).length > 1) throw ValidationProblem.field('districts', 'Only one district may be city-wide');
    if (body.ballotRule.kind === 'approval' && (body.ballotRule.minChoices ?? 1) > body.ballotRule.maxChoices) {
      throw ValidationProblem.field('ballotRule.minChoices', 'Must not be more than maxChoices');
    }
    const now = this.clock.now();
    const round = Object.assign(new Round(), {
      id: randomUUID(),
      title: body.title,
      description: body.description ?? null,
      votingYear: body.votingYear,
      rule: body.rule,
      ballotRule: body.ballotRule,
      eligibility: body.eligibility,
      minimumVotes: body.minimumVotes,
      reconciliationPolicy: body.reconciliationPolicy,
      resultsPublishedAt: null,
      version: 1,
      createdBy: user.sub,
      createdAt: now,
      updatedAt: now,
    });
    const record: RoundRecord = { round, phases: body.phases, districts: body.districts };
    await this.repository.dataSource.transaction(async (m) => {
      await this.repository.insert(m, record);
      await this.repository.auditLog.write(m, { entityId: round.id, version: 1, action: 'created', actor: coordinatorActor(user) });
    });
    return roundDetailOf(record, now);
  }

  /** A coordinator moves the phase dates (a longer voting week, a later start), with the reason audited. */
  async movePhases(id: string, body: BudgetingHttp.MovePhasesRequest, user: AuthUser): Promise<BudgetingHttp.RoundDetail> {
    assertPhases(body.phases);
    await this.changes.apply({ id, expectedVersion: body.version, actor: coordinatorActor(user) }, async (round, m) => {
      // Read under the round's lock, so the audited "from" is what this change replaced.
      const from = (await this.repository.find(id, m))!.phases;
      if (round.resultsPublishedAt !== null) assertVotingKept(from, body.phases);
      await this.repository.replacePhases(m, id, body.phases);
      return { action: 'phases_moved', details: { reason: body.reason, from, to: body.phases } };
    });
    return this.detail(id);
  }

  /** Whether the caller may propose and vote in the round, and if not every reason, in their language. */
  async eligibility(id: string, user: AuthUser, lang: RefusalLanguage): Promise<BudgetingHttp.Eligibility> {
    const { round } = await this.record(id);
    const decision = checkEligibility(round.eligibility, personOf(user), round.votingYear);
    return decision.eligible
      ? { eligible: true, refusals: [] }
      : { eligible: false, refusals: decision.reasons.map((r) => ({ code: r.code, message: refusalMessage(r, lang) })) };
  }
}

/** The claims eligibility reads; nothing else of the person. */
export function personOf(user: AuthUser) {
  return { birthdate: user.birthdate, municipality: user.municipality, authMethods: [...(user.authMethods ?? [])] };
}

/**
 * Published results rest on the ballots of the voting window (and the turnout, CSV and Pabulib
 * files publish them): re-dating voting then would take ballots the published count never saw.
 */
function assertVotingKept(from: readonly BudgetingHttp.PhaseWindow[], to: readonly BudgetingHttp.PhaseWindow[]): void {
  const index = to.findIndex((w) => w.phase === 'voting');
  const before = from.find((w) => w.phase === 'voting');
  const after = to[index];
  const same = (a: string | null | undefined, b: string | null | undefined) => (a == null || b == null ? a == b : Date.parse(a) === Date.parse(b));
  if (!before || !same(before.opensAt, after.opensAt) || !same(before.closesAt, after.closesAt)) {
    throw ValidationProblem.field(`phases.${index}`, 'The voting dates cannot change once the results are published', 409);
  }
}

function assertPhases(phases: readonly BudgetingHttp.PhaseWindow[]): void {
  const problems = phaseProblems(phases);
  if (problems.length) throw new ValidationProblem(problems);
}
