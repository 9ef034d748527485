import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ErasureSubject, PersonalDataErasureConsumer } from '@vaikuta/domain';
import { ProposalRepository } from './proposal.repository';

/**
 * A person's right to erasure (privacy.erasure_requested) in budgeting: the service knows a
 * person only by sign-in subject, in two places — as a proposer (proposals.proposer_sub) and as
 * a signed-in voter kept for project news (voters). The proposals stay, since they are the
 * round's public record; the voters rows go. The ballot log names nobody (a keyed hash), so
 * counts and recounts are untouched. A request naming only an email or phone erases nothing
 * here: budgeting never stores either.
 */
@Injectable()
export class ProposerErasureConsumer extends PersonalDataErasureConsumer {
  protected readonly erasedRecords = 'proposer or voter';

  constructor(private readonly proposals: ProposalRepository) {
    super();
  }

  protected async erase(subject: ErasureSubject, tx: EntityManager): Promise<number> {
    if (!subject.subjectId) return 0;
    return (await this.proposals.forgetProposer(tx, subject.subjectId)) + (await this.proposals.forgetVoter(tx, subject.subjectId));
  }
}
