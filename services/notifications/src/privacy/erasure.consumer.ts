import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, EventData, PrivacyEvents } from '@vaikuta/contracts';
import { OnEvent } from '@vaikuta/messaging';
import { normalizeEmail, normalizePhone } from '../recipients/contact-normalization';

/**
 * A person's right to erasure: every recipient row matching the request — by sign-in
 * subject, email or phone — is deleted, and with it (ON DELETE CASCADE) their
 * subscriptions, notifications, in-app messages and delivery log. Jobs still queued for
 * those rows find nothing and do nothing.
 */
@Injectable()
export class ErasureConsumer {
  private readonly logger = new Logger(ErasureConsumer.name);

  @OnEvent(PrivacyEvents.erasureRequested)
  async erase(event: CloudEvent, manager: EntityManager): Promise<void> {
    const d = event.data as EventData<typeof PrivacyEvents.erasureRequested>;
    const phone = d.phone ? normalizePhone(d.phone) ?? d.phone : null;
    // TypeORM answers a DELETE with [rows, affected].
    const [, deleted]: [unknown[], number] = await manager.query(
      `DELETE FROM recipients
        WHERE ($1::text IS NOT NULL AND subject = $1)
           OR ($2::text IS NOT NULL AND lower(email) = $2)
           OR ($3::text IS NOT NULL AND phone = $3)
        RETURNING id`,
      [d.subjectId ?? null, d.email ? normalizeEmail(d.email) : null, phone],
    );
    // Only the count: the request itself is personal data and is not logged.
    this.logger.log(`erasure request ${d.requestId}: ${deleted} recipient(s) erased`);
  }
}
