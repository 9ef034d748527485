import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PrivacyHttp } from '@vaikuta/contracts';
import type { DataSubject, PersonalDataSource } from '@vaikuta/domain';

/**
 * What the feedback service holds about a person (GDPR Art. 15): the requests they sent while
 * signed in, the public replies to those, and what they did on them. Not the requests naming a
 * contact they typed while signed in: nobody checks that an email or phone typed is the
 * typist's, so that match gave anyone who typed another person's address that person's
 * reports, phone and all (ADR 0018; erasure still matches contacts, ADR 0005). Internal notes are the
 * case workers' working papers and name case workers: not exported (ADR 0018). Repliers are
 * not named — a reply is the city's answer, not a person's.
 */
@Injectable()
export class FeedbackPersonalDataRepository implements PersonalDataSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async categories({ subjectId }: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]> {
    const requests: Record<string, unknown>[] = await this.db.query(
      `SELECT id, tracking_code AS "trackingCode", kind, category_code AS "categoryCode", title, description, language,
              address, lat, lon, status, submitted_at AS "submittedAt", closed_at AS "closedAt",
              contact_email AS "contactEmail", contact_phone AS "contactPhone", contact_consent AS "contactConsent"
         FROM feedback_requests
        WHERE channel = 'web' AND submitted_by = $1
        ORDER BY submitted_at, id`,
      [subjectId],
    );
    const ids = requests.map((r) => r.id as string);
    const replies: Record<string, unknown>[] = await this.db.query(
      `SELECT request_id AS "requestId", body, created_at AS "createdAt" FROM feedback_messages
        WHERE request_id = ANY($1::uuid[]) AND visibility = 'public' ORDER BY created_at, id`,
      [ids],
    );
    const actions: Record<string, unknown>[] = await this.db.query(
      `SELECT entity_id AS "requestId", action, at FROM feedback_audit WHERE actor_id = $1 ORDER BY at, id`,
      [subjectId],
    );
    return [
      {
        name: 'feedback_requests',
        purpose: 'Handling the feedback, fault reports and ideas you sent, and telling you how they progress',
        records: requests,
      },
      { name: 'replies', purpose: 'The city’s public answers to your requests', records: replies },
      { name: 'actions', purpose: 'The audit trail of what you did on requests while signed in', records: actions },
    ];
  }
}
