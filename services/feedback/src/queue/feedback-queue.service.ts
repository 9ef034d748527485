import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, assertDepartment } from '@vaikuta/auth';
import { isOverdue } from '../domain/due-date';
import { isClosed } from '../domain/feedback-status';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { FeedbackPhoto, FeedbackRequest } from '../intake/feedback-request.entity';
import { AuditEntry, FeedbackMessage } from './feedback-message.entity';
import { QueueQuery } from './case-work.schemas';
import { decodeCursor, keysetPage, SqlConditions } from '@vaikuta/domain';
import { addTextSearch } from '../public/feedback-search';
import { StaffDirectory } from './staff-directory.service';
import { LikelyDuplicates } from './likely-duplicates.service';
import { CannedResponsesRepository } from '../canned-responses/canned-responses.repository';

const OPEN_STATES = ['received', 'in_process'];

/** A row of a department's queue: enough to triage, no contact details. */
export interface QueueItem {
  id: string;
  trackingCode: string;
  kind: string;
  status: string;
  categoryCode: string;
  districtCode: string | null;
  title: string | null;
  excerpt: string;
  assigneeId: string | null;
  submittedAt: string;
  dueAt: string;
  overdue: boolean;
  published: boolean;
  photoCount: number;
  version: number;
}

/** What case workers read: the department queues and the full case with its history. */
@Injectable()
export class FeedbackQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
    private readonly staff: StaffDirectory,
    private readonly duplicates: LikelyDuplicates,
    private readonly cannedResponses: CannedResponsesRepository,
  ) {}

  async queue(departmentCode: string, query: QueueQuery, user: AuthUser): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
    assertDepartment(user, departmentCode);
    const where = new SqlConditions().add('r.department_code = ?', departmentCode);
    // Without a status filter the queue shows what still needs work; a search looks everywhere
    // (a case worker searching a tracking code wants the case whatever its state).
    if (query.status?.length) where.add('r.status = ANY(?)', query.status);
    else if (!query.q) where.add('r.status = ANY(?)', OPEN_STATES);
    if (query.q) addTextSearch(where, 'r', query.q);
    if (query.kind?.length) where.add('r.kind = ANY(?)', query.kind);
    if (query.category) where.add('r.category_code = ?', query.category);
    if (query.district) where.add('r.district_code = ?', query.district);
    if (query.assignee === 'none') where.raw('r.assignee_id IS NULL');
    else if (query.assignee) where.add('r.assignee_id = ?', query.assignee === 'me' ? user.sub : query.assignee);
    if (query.overdue === 'true') where.raw(`r.due_at < now() AND r.status IN ('received', 'in_process')`);
    if (query.overdue === 'false') where.raw(`NOT (r.due_at < now() AND r.status IN ('received', 'in_process'))`);
    if (query.cursor) where.after('r.due_at', 'r.id', decodeCursor(query.cursor));
    const limit = where.param(query.limit + 1);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT r.id, r.tracking_code, r.kind, r.status, r.category_code, r.district_code, r.title,
              left(r.description, 160) AS excerpt, r.assignee_id, r.submitted_at, r.due_at,
              r.published_at IS NOT NULL AS published, r.version,
              (SELECT count(*)::int FROM feedback_photos p WHERE p.request_id = r.id) AS photo_count
         FROM feedback_requests r
        WHERE ${where}
        ORDER BY r.due_at, r.id
        LIMIT ${limit}`,
      where.params,
    );
    return keysetPage(
      rows,
      query.limit,
      (last) => ({ at: new Date(last.due_at).toISOString(), id: last.id }),
      (r): QueueItem => ({
        id: r.id,
        trackingCode: r.tracking_code,
        kind: r.kind,
        status: r.status,
        categoryCode: r.category_code,
        districtCode: r.district_code,
        title: r.title,
        excerpt: r.excerpt,
        assigneeId: r.assignee_id,
        submittedAt: new Date(r.submitted_at).toISOString(),
        dueAt: new Date(r.due_at).toISOString(),
        overdue: isOverdue(new Date(r.due_at), isClosed(r.status)),
        published: r.published,
        photoCount: r.photo_count,
        version: r.version,
      }),
    );
  }

  /** The whole case for staff of its department, contact details included. */
  async caseDetail(id: string, user: AuthUser) {
    const request = await this.dataSource.getRepository(FeedbackRequest).findOneBy({ id });
    if (!request) throw new NotFoundException(`No request ${id}`);
    assertDepartment(user, request.departmentCode);
    const [messages, photos, audit, [{ supporters }]] = await Promise.all([
      this.dataSource.getRepository(FeedbackMessage).find({ where: { requestId: id }, order: { createdAt: 'ASC' } }),
      this.dataSource.getRepository(FeedbackPhoto).find({ where: { requestId: id }, order: { position: 'ASC' } }),
      this.dataSource.getRepository(AuditEntry).find({ where: { requestId: id }, order: { id: 'ASC' } }),
      // "Me too"s: residents who reported the same thing by supporting this one (support/).
      this.dataSource.query(`SELECT count(*)::int AS supporters FROM feedback_supporters WHERE request_id = $1`, [id]) as Promise<{ supporters: number }[]>,
    ]);
    // Names for the staff in the case's history and its assignee, so the page shows no raw ids.
    // Same category, nearby, recent and open: shown beside the case for a one-step merge.
    // With it, texts to start a reply or an outcome from, in every language: the page picks the resident's.
    const [likelyDuplicates, canned] = await Promise.all([
      this.duplicates.of(request, user),
      this.cannedResponses.forCase(request.categoryCode, request.departmentCode),
    ]);
    const cannedResponses = canned.map(({ id, title, body }) => ({ id, title, body }));
    const people = await this.staff.names([request.assigneeId ?? '', ...messages.map((m) => m.authorId ?? ''), ...audit.map((a) => a.actorId ?? '')]);
    return {
      id: request.id,
      trackingCode: request.trackingCode,
      kind: request.kind,
      status: request.status,
      statusNote: request.statusNote,
      people,
      likelyDuplicates,
      cannedResponses,
      categoryCode: request.categoryCode,
      departmentCode: request.departmentCode,
      districtCode: request.districtCode,
      title: request.title,
      description: request.description,
      language: request.language,
      location: request.lat !== null ? { lat: request.lat, lon: request.lon } : null,
      address: request.address,
      channel: request.channel,
      assigneeId: request.assigneeId,
      published: request.publishedAt !== null,
      publishedAt: request.publishedAt?.toISOString() ?? null,
      mergedIntoId: request.mergedIntoId,
      contact: request.contactConsent ? { email: request.contactEmail, phone: request.contactPhone } : null,
      submittedAt: request.submittedAt.toISOString(),
      updatedAt: request.updatedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      overdue: isOverdue(request.dueAt, isClosed(request.status)),
      firstReplyAt: request.firstReplyAt?.toISOString() ?? null,
      closedAt: request.closedAt?.toISOString() ?? null,
      version: request.version,
      supporterCount: supporters,
      messages: messages.map((m) => ({
        id: m.id,
        visibility: m.visibility,
        body: m.body,
        authorId: m.authorId,
        createdAt: m.createdAt.toISOString(),
      })),
      photos: photos.map((p) => ({ id: p.id, contentType: p.contentType, bytes: p.bytes, url: `${this.config.publicUrl}/feedback/cases/${id}/photos/${p.id}` })),
      audit: audit.map((a) => ({ at: a.at.toISOString(), actorId: a.actorId, actorRole: a.actorRole, action: a.action, details: a.details })),
    };
  }
}
