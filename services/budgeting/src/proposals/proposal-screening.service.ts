import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { Clock, outboxEvent, VersionedChange } from '@vaikuta/domain';
import { OutboxWriter } from '@vaikuta/messaging';
import { coordinatorActor } from '../rounds/round.service';
import { ProposalEntity } from './proposal.entity';
import { ProposalRepository } from './proposal.repository';
import { proposalViewOf } from './proposal-views';

/** The event data every proposal event shares; the proposer by sub only, for their notice. */
export function proposalEventRef(p: ProposalEntity) {
  return {
    roundId: p.roundId,
    proposalId: p.id,
    title: p.title,
    districtCode: p.districtCode,
    language: p.language,
    ...(p.proposerSub ? { proposerSub: p.proposerSub } : {}),
  };
}

/** Coordinators screen a proposal: feasible or not, always with a public reason the proposer is told. */
@Injectable()
export class ProposalScreeningService {
  private readonly changes: VersionedChange<ProposalEntity>;

  constructor(
    private readonly repository: ProposalRepository,
    outbox: OutboxWriter,
    clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: ProposalEntity,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No proposal ${id}`),
      clock,
    });
  }

  async screen(id: string, body: BudgetingHttp.ScreenProposalRequest, user: AuthUser): Promise<BudgetingHttp.Proposal> {
    const saved = await this.changes.apply({ id, expectedVersion: body.version, actor: coordinatorActor(user) }, async (p) => {
      // Once in a plan, the plan is what voters see; re-screening would contradict it.
      if (p.status === 'in_plan') throw new ConflictException({ title: 'Already in a plan', detail: `The proposal is part of plan ${p.planId}`, planId: p.planId });
      const from = p.status;
      p.status = body.outcome;
      p.screeningReason = body.reason;
      return {
        action: 'screened',
        details: { from, outcome: body.outcome, reason: body.reason },
        events: (s, at) => [
          outboxEvent(BudgetingEvents.proposalScreened, { ...proposalEventRef(s), outcome: body.outcome, reason: body.reason, screenedAt: at }),
        ],
      };
    });
    return proposalViewOf(saved);
  }
}
