import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ErasureSubject } from '@vaikuta/domain';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { normalizeEmail, normalizePhone } from '../recipients/contact-normalization';

/**
 * How long an erasure is remembered: longer than the streams keep an event (14 days,
 * libs/messaging StreamProvisioner), so no event from before a request can arrive after its
 * memory is gone.
 */
const REMEMBERED_DAYS = 30;

type Kind = 'subject' | 'email' | 'phone';

/** Whom an event would make a recipient: a sign-in subject, or a contact. */
export interface NamedPerson {
  subject?: string;
  email?: string;
  phone?: string;
}

/**
 * The people erasure requests named, so that an event from before a request cannot make them
 * recipients again. Streams are not ordered with each other: a booking confirmed just before
 * the booker's request, still on its way from the grants service, is applied here after the
 * request emptied the recipients — and would have re-created the booker (ADR 0005).
 *
 * Kept as HMAC digests under the service's secret, not values: the table answers "was this
 * person erased, and as of when" for an identifier in hand, and names nobody to whoever reads
 * it. An event *after* the request is the person taking part again, and reaches them as usual.
 */
@Injectable()
export class ErasedIdentities {
  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {}

  /** Remembers whom the request named, as of its time; forgets what no stream can still deliver. */
  async remember(subject: ErasureSubject, tx: EntityManager): Promise<void> {
    const identities = this.digestsOf({ subject: subject.subjectId, email: subject.email, phone: subject.phone });
    await tx.query(
      `INSERT INTO erased_identities (identity, erased_before) SELECT unnest($1::text[]), $2
       ON CONFLICT (identity) DO UPDATE SET erased_before = greatest(erased_identities.erased_before, EXCLUDED.erased_before)`,
      [identities, subject.requestedAt],
    );
    await tx.query(`DELETE FROM erased_identities WHERE erased_before < now() - make_interval(days => $1)`, [REMEMBERED_DAYS]);
  }

  /** Looks the people up once, for a batch of events; the answer tells them apart by event time. */
  async screen(manager: EntityManager, people: NamedPerson[]): Promise<ErasureScreen> {
    const digests = [...new Set(people.flatMap((p) => this.digestsOf(p)))];
    const rows: { identity: string; erased_before: Date }[] = digests.length
      ? await manager.query(`SELECT identity, erased_before FROM erased_identities WHERE identity = ANY ($1::text[])`, [digests])
      : [];
    return new ErasureScreen(new Map(rows.map((r) => [r.identity, r.erased_before.getTime()])), (person) => this.digestsOf(person));
  }

  private digestsOf({ subject, email, phone }: NamedPerson): string[] {
    const named: [Kind, string | undefined][] = [
      ['subject', subject],
      ['email', email ? normalizeEmail(email) : undefined],
      // As the erasure matches recipients: a number that does not parse is taken as written.
      ['phone', phone ? (normalizePhone(phone) ?? phone) : undefined],
    ];
    return named.filter(([, value]) => value).map(([kind, value]) => createHmac('sha256', this.config.secret).update(`${kind}:${value}`).digest('base64url'));
  }
}

/** Whether an event of a given time names someone erased as of a later request. */
export class ErasureScreen {
  constructor(
    private readonly erasedBefore: ReadonlyMap<string, number>,
    private readonly digestsOf: (person: NamedPerson) => string[],
  ) {}

  /** True when a request at or after `eventTime` named the subject, email or phone. */
  erased(person: NamedPerson, eventTime: string | undefined): boolean {
    if (this.erasedBefore.size === 0) return false;
    const time = eventTime ? Date.parse(eventTime) : NaN;
    return this.digestsOf(person).some((digest) => {
      const before = this.erasedBefore.get(digest);
      // An event without a readable time could be from before the request: it is treated so.
      return before !== undefined && (Number.isNaN(time) || time <= before);
    });
  }
}
