import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PrivacyHttp } from '@vaikuta/contracts';
import type { DataSubject, PersonalDataSource } from '@vaikuta/domain';

/**
 * What the initiatives service holds about a person (GDPR Art. 15): the initiatives they
 * started or signed as an initiator, and their supports — matched by sign-in alone. Not by
 * the emails they typed: nobody checks those are theirs, and matching them handed anyone who
 * typed another person's address that person's initiator rows (ADR 0018). Only the person's
 * own initiator row is exported: co-initiators are other people.
 */
@Injectable()
export class InitiativesPersonalDataRepository implements PersonalDataSource {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async categories({ subjectId }: DataSubject): Promise<PrivacyHttp.PersonalDataCategory[]> {
    const initiators: Record<string, unknown>[] = await this.db.query(
      `SELECT ii.initiative_id AS "initiativeId", i.title, i.status, ii.role, ii.name, ii.name_public AS "namePublic",
              ii.email, ii.language, ii.created_at AS "createdAt"
         FROM initiative_initiators ii JOIN initiatives i ON i.id = ii.initiative_id
        WHERE ii.user_sub = $1
        ORDER BY ii.created_at, ii.id`,
      [subjectId],
    );
    const supports: Record<string, unknown>[] = await this.db.query(
      `SELECT s.initiative_id AS "initiativeId", i.title, s.created_at AS "supportedAt"
         FROM initiative_supports s JOIN initiatives i ON i.id = s.initiative_id
        WHERE s.supporter_sub = $1 ORDER BY s.created_at, s.initiative_id`,
      [subjectId],
    );
    return [
      {
        name: 'initiators',
        purpose: 'Filing and handling the initiatives you started or signed, and telling you of their progress',
        records: initiators,
      },
      { name: 'supports', purpose: 'Counting your support for initiatives', records: supports },
    ];
  }
}
