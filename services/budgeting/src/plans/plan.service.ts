import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { AuditActor, Clock, VersionedChange } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { EntityManager } from 'typeorm';
import { isStaff } from '../domain';
import { ProposalRepository } from '../proposals/proposal.repository';
import { proposalEventRef } from '../proposals/proposal-screening.service';
import { coordinatorActor, RoundService } from '../rounds/round.service';
import { PlanEntity } from './plan.entity';
import { PlanRepository } from './plan.repository';
import { planViewOf } from './plan-views';

const COMBINABLE: readonly BudgetingHttp.ProposalStatus[] = ['submitted', 'feasible'];

/**
 * Plans: coordinators combine proposals of one district into a plan, estimate its cost and put
 * it on the ballot. Nothing about a round's plans changes once its voting has opened: the
 * ballot must not change under the people already voting on it.
 */
@Injectable()
export class PlanService {
  private readonly changes: VersionedChange<PlanEntity>;

  constructor(
    private readonly repository: PlanRepository,
    private readonly proposals: ProposalRepository,
    private readonly rounds: RoundService,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: PlanEntity,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No plan ${id}`),
      clock,
    });
  }

  async create(roundId: string, body: BudgetingHttp.CreatePlanRequest, user: AuthUser): Promise<BudgetingHttp.Plan> {
    const { phases, districts } = await this.rounds.record(roundId);
    this.assertBeforeVoting(phases);
    if (!districts.some((d) => d.code === body.districtCode)) throw ValidationProblem.field('districtCode', 'Not a district of this round');
    const twice = body.proposalIds.findIndex((id, i) => body.proposalIds.indexOf(id) !== i);
    if (twice >= 0) throw ValidationProblem.field(`proposalIds.${twice}`, 'Named twice');
    const now = this.clock.now();
    const plan = Object.assign(new PlanEntity(), {
      id: randomUUID(),
      roundId,
      districtCode: body.districtCode,
      title: body.title,
      description: body.description,
      cost: body.cost ?? null,
      location: body.location ?? null,
      incompatibleGroup: body.incompatibleGroup ?? null,
      status: 'draft' as const,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const actor = coordinatorActor(user);
    await this.repository.dataSource.transaction(async (m) => {
      const locked = await this.proposals.lockMany(m, body.proposalIds);
      const byId = new Map(locked.map((p) => [p.id, p]));
      body.proposalIds.forEach((id, i) => {
        const p = byId.get(id);
        if (!p || p.roundId !== roundId) throw ValidationProblem.field(`proposalIds.${i}`, `No proposal ${id} in this round`);
        if (p.districtCode !== body.districtCode) throw ValidationProblem.field(`proposalIds.${i}`, `Proposal ${id} is for district ${p.districtCode}`);
        if (!COMBINABLE.includes(p.status)) {
          throw ValidationProblem.field(`proposalIds.${i}`, `Proposal ${id} is ${p.status.replace('_', ' ')}: only submitted or feasible ones can be combined`, 409);
        }
      });
      await this.repository.insert(m, plan);
      await this.repository.auditLog.write(m, { entityId: plan.id, version: 1, action: 'created', actor, details: { proposalIds: body.proposalIds } });
      await this.proposals.joinPlan(m, body.proposalIds, plan.id, now);
      for (const id of body.proposalIds) {
        const p = byId.get(id)!;
        await this.proposals.auditLog.write(m, { entityId: id, version: p.version + 1, action: 'combined_into_plan', actor, details: { planId: plan.id, from: p.status } });
        await this.outbox.append(m, BudgetingEvents.proposalScreened, { ...proposalEventRef(p), outcome: 'in_plan', planId: plan.id, screenedAt: now.toISOString() });
      }
    });
    const ids = await this.proposals.idsByPlan(this.repository.dataSource.manager, [plan.id]);
    return planViewOf(plan, ids.get(plan.id) ?? []);
  }

  async update(planId: string, body: BudgetingHttp.UpdatePlanRequest, user: AuthUser): Promise<BudgetingHttp.Plan> {
    const changed = (Object.keys(body) as (keyof BudgetingHttp.UpdatePlanRequest)[]).filter((k) => k !== 'version' && body[k] !== undefined);
    // A change of nothing would still bump the version and leave an empty audit entry.
    if (changed.length === 0) throw ValidationProblem.field('(body)', 'Name at least one of cost, title, description, incompatibleGroup, status');
    const actor = coordinatorActor(user);
    const saved = await this.changes.apply({ id: planId, expectedVersion: body.version, actor }, async (p, m) => {
      this.assertBeforeVoting((await this.rounds.record(p.roundId)).phases);
      // Its proposals have left a withdrawn plan; bringing it back would bring an empty plan back.
      if (p.status === 'withdrawn') throw ValidationProblem.field('status', 'The plan is withdrawn: combine its proposals into a new plan instead', 409);
      const from = { cost: p.cost, status: p.status, incompatibleGroup: p.incompatibleGroup };
      if (body.status === 'withdrawn') await this.releaseProposals(m, p, actor);
      if (body.cost !== undefined) p.cost = body.cost;
      if (body.title !== undefined) p.title = body.title;
      if (body.description !== undefined) p.description = body.description;
      if (body.incompatibleGroup !== undefined) p.incompatibleGroup = body.incompatibleGroup;
      if (body.status !== undefined) p.status = body.status;
      if (p.status === 'on_ballot' && p.cost === null) {
        throw ValidationProblem.field('cost', 'A plan needs a cost estimate before it goes on the ballot', 409);
      }
      return { action: 'updated', details: { changed, from, to: { cost: p.cost, status: p.status, incompatibleGroup: p.incompatibleGroup } } };
    });
    const ids = await this.proposals.idsByPlan(this.repository.dataSource.manager, [saved.id]);
    return planViewOf(saved, ids.get(saved.id) ?? []);
  }

  /**
   * A withdrawn plan gives its proposals back, to where screening left them, so they can be
   * combined again; each proposer is told, as they were told when it was combined.
   */
  private async releaseProposals(m: EntityManager, plan: PlanEntity, actor: AuditActor): Promise<void> {
    const proposals = await this.proposals.lockByPlan(m, plan.id);
    if (proposals.length === 0) return;
    const now = this.clock.now();
    await this.proposals.leavePlan(
      m,
      proposals.map((p) => p.id),
      now,
    );
    for (const p of proposals) {
      const to = p.screeningReason === null ? 'submitted' : 'feasible';
      await this.proposals.auditLog.write(m, { entityId: p.id, version: p.version + 1, action: 'left_withdrawn_plan', actor, details: { planId: plan.id, to } });
      await this.outbox.append(m, BudgetingEvents.proposalScreened, { ...proposalEventRef(p), outcome: 'plan_withdrawn', planId: plan.id, screenedAt: now.toISOString() });
    }
  }

  /**
   * A round's plans: the public sees those on the ballot; coordinators see every status (or
   * the one they ask for).
   */
  async list(roundId: string, query: { district?: string; status?: BudgetingHttp.PlanStatus }, user: AuthUser | undefined): Promise<BudgetingHttp.PlanList> {
    await this.rounds.record(roundId);
    const staff = isStaff(user);
    if (!staff && query.status && query.status !== 'on_ballot') throw new ForbiddenException('Only coordinators see plans that are not on the ballot');
    const statuses = query.status ? [query.status] : staff ? BudgetingHttp.planStatus.options : (['on_ballot'] as const);
    const plans = await this.repository.list(roundId, { district: query.district, statuses });
    const ids = await this.proposals.idsByPlan(
      this.repository.dataSource.manager,
      plans.map((p) => p.id),
    );
    return { items: plans.map((p) => planViewOf(p, ids.get(p.id) ?? [])) };
  }

  /** 409 naming the phase once voting has opened (and ever after: results, implementation). */
  private assertBeforeVoting(phases: readonly BudgetingHttp.PhaseWindow[]): void {
    const voting = phases.find((w) => w.phase === 'voting');
    if (voting && Date.parse(voting.opensAt) <= this.clock.now().getTime()) {
      throw new ConflictException({ title: 'Voting has opened', detail: 'Plans cannot change once voting has opened: the ballot must not change under voters', phase: 'voting' });
    }
  }
}
