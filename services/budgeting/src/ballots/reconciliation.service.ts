import { Injectable } from '@nestjs/common';
import { BudgetingHttp } from '@vaikuta/contracts';
import { RoundService } from '../rounds/round.service';
import { BallotLogRepository } from './ballot-log.repository';
import { whyCounted } from './counting-policy';

/** How much of a person's key the report shows: enough to tell people apart on one page, too little to join on. */
const PERSON_REF_LENGTH = 12;

/**
 * The coordinators' reconciliation report: everyone seen in more than one channel (a paper sheet
 * and an online ballot, a library desk and a paper sheet), every entry of theirs, and which one
 * counts under the round's policy and why. People are shown by a prefix of their key only.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly rounds: RoundService,
    private readonly log: BallotLogRepository,
  ) {}

  async report(roundId: string): Promise<BudgetingHttp.ReconciliationReport> {
    const { round } = await this.rounds.record(roundId);
    const people = await this.log.multiChannelPeople(roundId);
    return {
      policy: round.reconciliationPolicy,
      items: people.map((person) => {
        const counted = person.entries.find((e) => e.seq === person.countedSeq)!;
        return {
          personRef: person.personKey.slice(0, PERSON_REF_LENGTH),
          channels: person.channels,
          entries: person.entries.map((e) => ({ ballotId: e.id, channel: e.channel, confirmedAt: e.confirmedAt.toISOString(), kind: e.kind })),
          counted: counted.id,
          why: whyCounted(round.reconciliationPolicy, counted, person.entries),
        };
      }),
    };
  }
}
