import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ErasureSubject, PersonalDataErasureConsumer } from '@vaikuta/domain';
import { normalizeEmail, normalizePhone } from '../recipients/contact-normalization';
import { ErasedIdentities } from './erased-identities';

/**
 * A person's right to erasure: every recipient row matching the request — by sign-in
 * subject, email or phone — is deleted, and with it (ON DELETE CASCADE) their
 * subscriptions, notifications, in-app messages and delivery log. Jobs still queued for
 * those rows find nothing and do nothing. Whom the request named is remembered (as digests)
 * so that events from before it, still on their way, do not bring the person back. The event
 * handling, its record and the log line are the shared erasure consumer's (libs/domain).
 */
@Injectable()
export class ErasureConsumer extends PersonalDataErasureConsumer {
  protected readonly erasedRecords = 'recipient';

  constructor(private readonly erasedIdentities: ErasedIdentities) {
    super();
  }

  protected async erase(subject: ErasureSubject, tx: EntityManager): Promise<number> {
    await this.erasedIdentities.remember(subject, tx);
    const phone = subject.phone ? normalizePhone(subject.phone) ?? subject.phone : null;
    // TypeORM answers a DELETE with [rows, affected].
    const [, deleted]: [unknown[], number] = await tx.query(
      `DELETE FROM recipients
        WHERE ($1::text IS NOT NULL AND subject = $1)
           OR ($2::text IS NOT NULL AND lower(email) = $2)
           OR ($3::text IS NOT NULL AND phone = $3)
        RETURNING id`,
      [subject.subjectId ?? null, subject.email ? normalizeEmail(subject.email) : null, phone],
    );
    return deleted;
  }
}
