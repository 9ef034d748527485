import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GrantsHttp } from '@vaikuta/contracts';
import { AuditLog, KeysetCursor, SqlConditions } from '@vaikuta/domain';
import type { RoundForm } from './application-form';

/** The facts of a round an application needs: whether it is open, what it asks, how it scores. */
export interface RoundFacts extends RoundForm {
  id: string;
  type: string;
  department: string;
  opensAt: Date;
  closesAt: Date | null;
  reportDue: string | null;
  criteria: GrantsHttp.RoundCriterion[];
}

/** One line of a list, with the association's name. */
export interface ApplicationRow {
  id: string;
  roundId: string;
  associationId: string;
  associationName: string;
  roundType: string;
  department: string;
  state: GrantsHttp.ApplicationState;
  title: string;
  requestedCents: string;
  grantedCents: string | null;
  submittedAt: Date | null;
  version: number;
  updatedAt: Date;
}

export interface AttachmentRow {
  id: string;
  applicationId: string;
  purpose: string;
  filename: string;
  contentType: string;
  bytes: number;
  storageKey: string;
  uploadedAt: Date;
}

const SUMMARY_COLUMNS = `a.id, a.round_id AS "roundId", a.association_id AS "associationId", s.name->>'fi' AS "associationName",
  a.round_type AS "roundType", a.department, a.state, a.title, a.requested_cents AS "requestedCents", a.granted_cents AS "grantedCents",
  a.submitted_at AS "submittedAt", a.version, a.updated_at AS "updatedAt"`;
const ATTACHMENT_COLUMNS = `id, application_id AS "applicationId", purpose, filename, content_type AS "contentType", bytes,
  storage_key AS "storageKey", uploaded_at AS "uploadedAt"`;

/** Every query of grant_applications and the tables that hang off it. */
@Injectable()
export class ApplicationRepository {
  readonly auditLog = new AuditLog('grant_application_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async round(roundId: string, m: EntityManager = this.dataSource.manager): Promise<RoundFacts | undefined> {
    const [row] = await m.query(
      `SELECT id, type, department, opens_at AS "opensAt", closes_at AS "closesAt", to_char(report_due, 'YYYY-MM-DD') AS "reportDue",
              criteria, required_attachments AS "requiredAttachments", form_fields AS "formFields"
         FROM grant_rounds WHERE id = $1`,
      [roundId],
    );
    return row;
  }

  async insert(
    m: EntityManager,
    a: { id: string; round: RoundFacts; associationId: string; title: string; requestedCents: number; answers: Record<string, string | number>; by: string; at: Date },
  ): Promise<boolean> {
    // False when a draft with this id is already there (a retried keyed request).
    const rows: unknown[] = await m.query(
      `INSERT INTO grant_applications (id, round_id, association_id, round_type, department, state, title, requested_cents, answers, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $10)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [a.id, a.round.id, a.associationId, a.round.type, a.round.department, a.title, a.requestedCents, JSON.stringify(a.answers), a.by, a.at],
    );
    return rows.length === 1;
  }

  async summary(id: string, m: EntityManager = this.dataSource.manager): Promise<ApplicationRow | undefined> {
    const [row] = await m.query(`SELECT ${SUMMARY_COLUMNS} FROM grant_applications a JOIN associations s ON s.id = a.association_id WHERE a.id = $1`, [id]);
    return row;
  }

  /** The associations' applications, newest first. */
  ofAssociations(associationIds: string[]): Promise<ApplicationRow[]> {
    if (associationIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM grant_applications a JOIN associations s ON s.id = a.association_id
        WHERE a.association_id = ANY($1::uuid[]) ORDER BY a.created_at DESC, a.id DESC LIMIT 500`,
      [associationIds],
    );
  }

  /** The officers' queue: submitted applications (never drafts), oldest submission first. */
  queue(filter: Omit<GrantsHttp.QueueQuery, 'cursor' | 'limit'>, after: KeysetCursor | undefined, limit: number): Promise<ApplicationRow[]> {
    const where = new SqlConditions().raw(`a.submitted_at IS NOT NULL`);
    if (filter.roundId) where.add('a.round_id = ?', filter.roundId);
    if (filter.state) where.add('a.state = ?', filter.state);
    if (filter.type) where.add('a.round_type = ?', filter.type);
    if (filter.department) where.add('a.department = ?', filter.department);
    if (after) where.after('a.submitted_at', 'a.id', after);
    return this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM grant_applications a JOIN associations s ON s.id = a.association_id
        WHERE ${where} ORDER BY a.submitted_at, a.id LIMIT ${where.param(limit + 1)}`,
      where.params,
    );
  }

  scores(id: string): Promise<{ criterion: string; score: number; note: string | null; scoredAt: Date }[]> {
    return this.dataSource.query(
      `SELECT criterion, score, note, scored_at AS "scoredAt" FROM grant_application_scores WHERE application_id = $1 ORDER BY criterion`,
      [id],
    );
  }

  async upsertScore(m: EntityManager, s: { applicationId: string; criterion: string; score: number; note: string | null; by: string; at: Date }): Promise<void> {
    await m.query(
      `INSERT INTO grant_application_scores (application_id, criterion, score, note, scored_by, scored_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (application_id, criterion) DO UPDATE SET score = EXCLUDED.score, note = EXCLUDED.note, scored_by = EXCLUDED.scored_by, scored_at = EXCLUDED.scored_at`,
      [s.applicationId, s.criterion, s.score, s.note, s.by, s.at],
    );
  }

  messages(id: string): Promise<{ id: string; kind: 'information_request' | 'answer'; side: 'officer' | 'applicant'; body: string; writtenAt: Date }[]> {
    return this.dataSource.query(
      `SELECT id, kind, side, body, written_at AS "writtenAt" FROM grant_application_messages WHERE application_id = $1 ORDER BY seq`,
      [id],
    );
  }

  async insertMessage(m: EntityManager, msg: { applicationId: string; kind: 'information_request' | 'answer'; side: 'officer' | 'applicant'; body: string; by: string; at: Date }): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO grant_application_messages (id, application_id, kind, side, body, written_by, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, msg.applicationId, msg.kind, msg.side, msg.body, msg.by, msg.at],
    );
    return id;
  }

  attachments(applicationId: string, m: EntityManager = this.dataSource.manager): Promise<AttachmentRow[]> {
    return m.query(`SELECT ${ATTACHMENT_COLUMNS} FROM grant_application_attachments WHERE application_id = $1 ORDER BY uploaded_at, id`, [applicationId]);
  }

  async attachment(applicationId: string, attachmentId: string): Promise<AttachmentRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${ATTACHMENT_COLUMNS} FROM grant_application_attachments WHERE application_id = $1 AND id = $2`, [
      applicationId,
      attachmentId,
    ]);
    return row;
  }

  async deleteAttachment(m: EntityManager, attachmentId: string): Promise<void> {
    await m.query(`DELETE FROM grant_application_attachments WHERE id = $1`, [attachmentId]);
  }

  async insertAttachment(m: EntityManager, a: Omit<AttachmentRow, 'uploadedAt'> & { by: string; at: Date }): Promise<void> {
    await m.query(
      `INSERT INTO grant_application_attachments (id, application_id, purpose, filename, content_type, bytes, storage_key, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.id, a.applicationId, a.purpose, a.filename, a.contentType, a.bytes, a.storageKey, a.by, a.at],
    );
  }
}
