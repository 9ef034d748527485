import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PrivacyHttp } from '@vaikuta/contracts';
import type { DataSubject, PersonalDataSource } from '@vaikuta/domain';

/**
 * What the notification service holds about a person (GDPR Art. 15): their signed-in recipient
 * row, with what it follows and the messages made for it. Not the contact recipients with the
 * same email or phone: nobody checks that the address in a person's settings is theirs, so
 * that match gave anyone who typed another person's address what that person follows and was
 * sent (ADR 0018; erasure still matches them, ADR 0005). A message's rendering
 * data is left out: it is the event's, and may name the case's other parties (ADR 0018).
 */
@Injectable()
export class NotificationsPersonalDataRepository implements PersonalDataSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async categories({ subjectId }: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]> {
    const recipients: Record<string, unknown>[] = await this.db.query(
      `SELECT id, kind, email, phone, language, channels, digest, opt_outs AS "optOuts",
              unsubscribed_all AS "unsubscribedAll", created_at AS "createdAt"
         FROM recipients
        WHERE subject = $1
        ORDER BY created_at, id`,
      [subjectId],
    );
    const ids = recipients.map((r) => r.id as string);
    const subscriptions: Record<string, unknown>[] = await this.db.query(
      `SELECT recipient_id AS "recipientId", item_key AS "itemKey", topic, reason, active, created_at AS "createdAt"
         FROM subscriptions WHERE recipient_id = ANY($1::uuid[]) ORDER BY created_at, item_key`,
      [ids],
    );
    const messages: Record<string, unknown>[] = await this.db.query(
      `SELECT recipient_id AS "recipientId", event_type AS "eventType", item_key AS "itemKey", channel, template, language,
              status, created_at AS "createdAt", sent_at AS "sentAt", read_at AS "readAt"
         FROM notifications WHERE recipient_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    );
    return [
      { name: 'recipients', purpose: 'Reaching you on the channels, language and schedule you chose', records: recipients },
      { name: 'subscriptions', purpose: 'Telling you of the matters you take part in or follow', records: subscriptions },
      { name: 'messages', purpose: 'The messages made for you and whether they were delivered', records: messages },
    ];
  }
}
