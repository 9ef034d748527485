import { Injectable, NotFoundException } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingHttp } from '@vaikuta/contracts';
import { isStaff } from '../domain';
import { RoundService } from '../rounds/round.service';
import { ProposalListQuery } from './proposal-list.query';
import { ProposalRepository } from './proposal.repository';
import { proposalThreadOf, proposalViewOf } from './proposal-views';

/** What anyone may read about proposals: a round's list, and one proposal's thread. */
@Injectable()
export class ProposalReader {
  constructor(
    private readonly rounds: RoundService,
    private readonly repository: ProposalRepository,
  ) {}

  /** A page of proposals; as on the thread, the public sees a plan's id only once it is on the ballot. */
  async list(roundId: string, query: ProposalListQuery, user: AuthUser | undefined): Promise<BudgetingHttp.ProposalPage> {
    await this.rounds.record(roundId);
    const page = await this.repository.page(roundId, query);
    const items = page.items.map(proposalViewOf);
    if (!isStaff(user)) {
      const onBallot = await this.repository.onBallotAmong(items.flatMap((p) => (p.planId ? [p.planId] : [])));
      for (const item of items) if (item.planId && !onBallot.has(item.planId)) item.planId = null;
    }
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * The thread. A plan joins the public thread once it is on the ballot: before that it is the
   * coordinators' working draft (title, cost and combination may still change, or it may be
   * withdrawn), so the public sees neither it nor its id; coordinators see every status.
   */
  async thread(id: string, user: AuthUser | undefined): Promise<BudgetingHttp.ProposalThread> {
    const proposal = await this.repository.find(id);
    if (!proposal) throw new NotFoundException(`No proposal ${id}`);
    const steps = await this.repository.threadSteps(proposal.planId);
    if (steps.plan && steps.plan.status !== 'on_ballot' && !isStaff(user)) {
      return proposalThreadOf({ ...proposal, planId: null }, { plan: null, project: null });
    }
    return proposalThreadOf(proposal, steps);
  }
}
