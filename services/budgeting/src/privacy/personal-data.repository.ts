import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PrivacyHttp } from '@vaikuta/contracts';
import type { DataSubject, PersonalDataSource } from '@vaikuta/domain';
import { BUDGETING_CONFIG, BudgetingConfig } from '../budgeting-config';
import { InvalidIdentityCode, PersonKeys } from '../domain/person-key';

/**
 * What budgeting holds about a person (GDPR Art. 15): their proposals, the rounds where they
 * asked for news of the projects they voted for, and their ballots. Ballots name nobody: they
 * are found under the person's keys — of the sign-in subject, and of the identity code when
 * the token carries one (a strongly identified vote, and any paper or desk ballot staff
 * entered with the same code, is keyed by it). The code goes no further than the hash.
 * Who entered a paper ballot (a staff member) is not the voter's data and is left out.
 */
@Injectable()
export class BudgetingPersonalDataRepository implements PersonalDataSource {
  private readonly keys: PersonKeys;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(BUDGETING_CONFIG) config: BudgetingConfig,
  ) {
    this.keys = new PersonKeys(config.personKeySecret);
  }

  async categories(subject: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]> {
    const proposals: Record<string, unknown>[] = await this.db.query(
      `SELECT id, round_id AS "roundId", district_code AS "districtCode", language, title, description, location,
              rough_cost AS "roughCost", status, created_at AS "createdAt"
         FROM proposals WHERE proposer_sub = $1 ORDER BY created_at, id`,
      [subject.subjectId],
    );
    const follows: Record<string, unknown>[] = await this.db.query(
      `SELECT round_id AS "roundId", language FROM voters WHERE sub = $1 ORDER BY round_id`,
      [subject.subjectId],
    );
    const ballots: Record<string, unknown>[] = await this.db.query(
      `SELECT b.id, b.round_id AS "roundId", b.kind, b.channel, b.district_code AS "districtCode",
              b.district_plans AS "districtPlans", b.city_plans AS "cityPlans", b.birth_year AS "birthYear",
              b.place, b.confirmed_at AS "confirmedAt", (c.ballot_seq = b.seq) IS TRUE AS counted
         FROM ballot_log b LEFT JOIN counted_ballots c ON c.round_id = b.round_id AND c.person_key = b.person_key
        WHERE b.person_key = ANY($1::text[]) ORDER BY b.seq`,
      [this.personKeys(subject)],
    );
    return [
      { name: 'proposals', purpose: 'Screening the proposals you made and planning them into the vote', records: proposals },
      { name: 'project_news', purpose: 'Sending you news of the projects in the rounds you voted in', records: follows },
      {
        name: 'ballots',
        purpose: 'Counting your vote once, and recounting it',
        keptOnErasure:
          'The ballot log is the round’s record for recounts and can be neither changed nor deleted; it holds no name, only a keyed hash (ADR 0012)',
        records: ballots,
      },
    ];
  }

  private personKeys({ subjectId, identityCode }: DataSubject): string[] {
    const keys = [this.keys.ofSubject(subjectId)];
    if (identityCode) {
      try {
        keys.push(this.keys.ofIdentityCode(identityCode));
      } catch (error) {
        // The token verifier checks the claim's shape, not its checksum: no key, no ballots under it.
        if (!(error instanceof InvalidIdentityCode)) throw error;
      }
    }
    return keys;
  }
}
