import { Injectable, NotFoundException } from '@nestjs/common';
import { BudgetingHttp } from '@vaikuta/contracts';
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

  async list(roundId: string, query: ProposalListQuery): Promise<BudgetingHttp.ProposalPage> {
    await this.rounds.record(roundId);
    const page = await this.repository.page(roundId, query);
    return { items: page.items.map(proposalViewOf), nextCursor: page.nextCursor };
  }

  async thread(id: string): Promise<BudgetingHttp.ProposalThread> {
    const proposal = await this.repository.find(id);
    if (!proposal) throw new NotFoundException(`No proposal ${id}`);
    return proposalThreadOf(proposal, await this.repository.threadSteps(proposal.planId));
  }
}
