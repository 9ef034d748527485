import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PrivacyHttp } from '@vaikuta/contracts';
import type { DataSubject } from '@vaikuta/domain';

type Rows = Record<string, unknown>[];

/**
 * What grants and premises hold about a person (GDPR Art. 15), by sign-in subject — the only
 * way this service knows a person. Two sections, one per route prefix: grants (representations,
 * registrations, applications made, messages and attachments written) and premises (bookings,
 * season applications, the calendar feed). Other representatives of the same association are
 * other people and are not listed; officers are not named (ADR 0018).
 */
@Injectable()
export class GrantsPersonalDataRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async grants({ subjectId }: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]> {
    const representations: Rows = await this.db.query(
      `SELECT r.association_id AS "associationId", a.name AS "associationName", r.role, r.name, r.added_at AS "addedAt"
         FROM association_representatives r JOIN associations a ON a.id = r.association_id
        WHERE r.sub = $1 ORDER BY r.added_at, r.association_id`,
      [subjectId],
    );
    const registrations: Rows = await this.db.query(
      `SELECT id AS "associationId", name, identification, verification, created_at AS "createdAt"
         FROM associations WHERE created_by = $1 ORDER BY created_at, id`,
      [subjectId],
    );
    const applications: Rows = await this.db.query(
      `SELECT id, round_id AS "roundId", association_id AS "associationId", title, state, requested_cents AS "requestedCents",
              outcome, granted_cents AS "grantedCents", submitted_at AS "submittedAt", decided_at AS "decidedAt", created_at AS "createdAt"
         FROM grant_applications WHERE created_by = $1 ORDER BY created_at, id`,
      [subjectId],
    );
    const messages: Rows = await this.db.query(
      `SELECT application_id AS "applicationId", kind, body, written_at AS "writtenAt"
         FROM grant_application_messages WHERE written_by = $1 AND side = 'applicant' ORDER BY seq`,
      [subjectId],
    );
    const attachments: Rows = await this.db.query(
      `SELECT application_id AS "applicationId", purpose, filename, content_type AS "contentType", bytes, uploaded_at AS "uploadedAt"
         FROM grant_application_attachments WHERE uploaded_by = $1 ORDER BY uploaded_at, id`,
      [subjectId],
    );
    return [
      { name: 'association_representations', purpose: 'Letting you act for the associations you represent', records: representations },
      { name: 'association_registrations', purpose: 'The associations you registered in the city’s register', records: registrations },
      { name: 'grant_applications', purpose: 'Handling the grant applications you made for an association', records: applications },
      { name: 'application_messages', purpose: 'Your answers to grants officers’ questions', records: messages },
      { name: 'application_attachments', purpose: 'The attachments you uploaded to applications', records: attachments },
    ];
  }

  async premises({ subjectId }: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]> {
    const bookings: Rows = await this.db.query(
      `SELECT b.id, b.space_id AS "spaceId", s.name AS "spaceName", lower(b.during) AS "startsAt", upper(b.during) AS "endsAt",
              b.state, b.purpose, b.association_id AS "associationId", b.price_cents AS "priceCents", b.created_at AS "createdAt"
         FROM bookings b JOIN spaces s ON s.id = b.space_id
        WHERE b.booker_sub = $1 ORDER BY lower(b.during), b.id`,
      [subjectId],
    );
    const seasonApplications: Rows = await this.db.query(
      `SELECT id, season_id AS "seasonId", association_id AS "associationId", space_id AS "spaceId", weekday, begins, ends,
              purpose, state, created_at AS "createdAt"
         FROM season_applications WHERE applicant_sub = $1 ORDER BY created_at, id`,
      [subjectId],
    );
    // The feed's secret is kept only as a hash: that it exists, and since when, is what there is to show.
    const feeds: Rows = await this.db.query(`SELECT lang, created_at AS "createdAt" FROM calendar_tokens WHERE sub = $1`, [subjectId]);
    return [
      { name: 'bookings', purpose: 'Your bookings of city premises, their handling, door codes and invoicing', records: bookings },
      { name: 'season_applications', purpose: 'Weekly slots you applied for on behalf of an association', records: seasonApplications },
      { name: 'calendar_feeds', purpose: 'Your own bookings as a calendar feed at a secret address', records: feeds },
    ];
  }
}
