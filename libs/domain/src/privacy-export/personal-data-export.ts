import type { PrivacyHttp } from '@vaikuta/contracts';
import { Clock, SystemClock } from '../time/clock';

/**
 * Whose data a service exports: the sign-in subject, and the identity code when the person's
 * own token carries one (budgeting keys ballots by a keyed hash of it). Never stored or logged.
 */
export interface DataSubject {
  subjectId: string;
  identityCode?: string;
}

/**
 * What one service holds about a person (GDPR Art. 15), category by category. A service
 * implements this over its own SQL (a repository); `PersonalDataExport` wraps the categories
 * in the shared section shape of libs/contracts/src/http/privacy.ts. An implementation answers
 * only the subject's own records: another person's name or contact never appears, since the
 * file goes to whoever holds the subject's token.
 */
export interface PersonalDataSource {
  categories(subject: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]>;
}

/** One service's section of a person's data export. */
export class PersonalDataExport {
  constructor(
    private readonly service: string,
    private readonly source: PersonalDataSource,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async section(subject: DataSubject): Promise<PrivacyHttp.PersonalDataSection> {
    const categories = await this.source.categories(subject);
    return { service: this.service, generatedAt: this.clock.now().toISOString(), categories };
  }
}
