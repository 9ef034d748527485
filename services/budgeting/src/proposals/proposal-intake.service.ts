import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { AuthUser } from '@vaikuta/auth';
import { BudgetingEvents, BudgetingHttp } from '@vaikuta/contracts';
import { Clock } from '@vaikuta/domain';
import { ValidationProblem } from '@vaikuta/http';
import { OutboxWriter } from '@vaikuta/messaging';
import { checkEligibility, refusalMessage, type RefusalLanguage } from '../domain';
import { isOpen } from '../rounds/round-phases';
import { personOf, RoundService } from '../rounds/round.service';
import { ProposalEntity } from './proposal.entity';
import { ProposalRepository } from './proposal.repository';
import { proposalViewOf } from './proposal-views';

/** The refusals' language: the token's when it names one we write, else the proposal's own. */
function languageOf(user: AuthUser, fallback: RefusalLanguage): RefusalLanguage {
  return user.lang === 'fi' || user.lang === 'sv' || user.lang === 'en' ? user.lang : fallback;
}

/** A resident proposes: only while the round's proposals phase is open, only if eligible. */
@Injectable()
export class ProposalIntakeService {
  constructor(
    private readonly rounds: RoundService,
    private readonly repository: ProposalRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  /**
   * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request and
   * becomes the proposal's id: a retry whose first answer never reached Redis (docs/adr/0007)
   * finds the proposal instead of making a second one.
   */
  async submit(roundId: string, body: BudgetingHttp.SubmitProposalRequest, user: AuthUser, requestId?: string): Promise<BudgetingHttp.Proposal> {
    const { round, phases, districts } = await this.rounds.record(roundId);
    // Checked against the clock before eligibility, so a late proposer hears the real reason.
    const now = this.clock.now();
    if (!isOpen(phases, 'proposals', now)) {
      throw new ConflictException({ title: 'Not in the proposals phase', detail: 'This round takes proposals only while its proposals phase is open', phase: 'proposals' });
    }
    const decision = checkEligibility(round.eligibility, personOf(user), round.votingYear);
    if (!decision.eligible) {
      const lang = languageOf(user, body.language);
      const refusals = decision.reasons.map((r) => ({ code: r.code, message: refusalMessage(r, lang) }));
      throw new ForbiddenException({ title: 'Not eligible in this round', detail: refusals.map((r) => r.message).join(' '), refusals });
    }
    if (!districts.some((d) => d.code === body.districtCode)) {
      throw ValidationProblem.field('districtCode', `Not a district of this round (${districts.map((d) => d.code).join(', ')})`);
    }
    const proposal = Object.assign(new ProposalEntity(), {
      id: requestId ?? randomUUID(),
      roundId,
      districtCode: body.districtCode,
      language: body.language,
      title: body.title,
      description: body.description,
      location: body.location ?? null,
      roughCost: body.roughCost ?? null,
      status: 'submitted' as const,
      screeningReason: null,
      planId: null,
      sourceKind: body.source?.kind ?? null,
      sourceId: body.source?.id ?? null,
      proposerSub: user.sub,
      version: 1,
      // The clock's millisecond time, so the list's keyset cursor (milliseconds) is exact.
      createdAt: now,
      updatedAt: now,
    });
    const inserted = await this.repository.dataSource.transaction(async (m) => {
      // Already there: this request's retry, whose audit row and event were written with it.
      if (!(await this.repository.insert(m, proposal))) return false;
      // The audit names no one: the proposer's sub lives only in proposals.proposer_sub, the
      // one place erasure has to clear (audit rows are never rewritten).
      await this.repository.auditLog.write(m, { entityId: proposal.id, version: 1, action: 'submitted', actor: { id: 'proposer', role: 'resident' } });
      await this.outbox.append(m, BudgetingEvents.proposalSubmitted, {
        roundId,
        proposalId: proposal.id,
        title: proposal.title,
        districtCode: proposal.districtCode,
        language: proposal.language,
        proposerSub: user.sub,
        submittedAt: now.toISOString(),
      });
      return true;
    });
    return proposalViewOf(inserted ? proposal : (await this.repository.find(proposal.id))!);
  }
}
