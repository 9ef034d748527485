import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ValidationProblem } from '@vaikuta/http';
import { Category } from '../catalog/catalog.entities';
import { detailedStatus, FeedbackStatus, isClosed, open311Status } from '../domain/feedback-status';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { FeedbackIntakeService, Submitter } from '../intake/feedback-intake.service';
import type { Language } from '../intake/feedback-request.entity';
import { inspectPhotos, UploadedPhoto } from '../photos/photo-inspector';
import { open311DateTime, Open311PostResult, Open311Request } from './open311-documents';
import { Open311Error } from './open311-error';
import { Open311Params } from './open311-params';
import { isUuid, RequestsFilter, requestsWhere } from './open311-requests.query';
import { mediaOf, toOpen311Problems, toSubmitFeedback } from './open311-submit';

interface RequestRow {
  id: string;
  status: FeedbackStatus;
  status_note: string | null;
  merged_into_id: string | null;
  title: string | null;
  description: string;
  category_code: string;
  service_name_fi: string;
  service_name_sv: string;
  service_name_en: string;
  agency_fi: string;
  agency_sv: string;
  agency_en: string;
  submitted_at: Date;
  updated_at: Date;
  due_at: Date;
  address: string | null;
  lat: number | null;
  lon: number | null;
  latest_reply: string | null;
  photo_ids: string[];
}

/**
 * What Open311 may show of a request. The column list is the privacy boundary: contact
 * details, submitted_by, assignee and internal notes are never selected, so they cannot leak
 * into any response however it is rendered.
 */
const SELECT_REQUESTS = `
  SELECT r.id, r.status, r.status_note, r.merged_into_id, r.title, r.description, r.category_code,
         c.name_fi AS service_name_fi, c.name_sv AS service_name_sv, c.name_en AS service_name_en,
         d.name_fi AS agency_fi, d.name_sv AS agency_sv, d.name_en AS agency_en,
         r.submitted_at, r.updated_at, r.due_at, r.address, r.lat, r.lon,
         (SELECT m.body FROM feedback_messages m
           WHERE m.request_id = r.id AND m.visibility = 'public'
           ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS latest_reply,
         ARRAY(SELECT p.id::text FROM feedback_photos p WHERE p.request_id = r.id ORDER BY p.position, p.id) AS photo_ids
    FROM feedback_requests r
    JOIN categories c ON c.code = r.category_code
    JOIN departments d ON d.code = r.department_code`;

/** Open311's view of feedback requests: listing published ones, looking one up, taking new ones in. */
@Injectable()
export class Open311RequestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
    private readonly intake: FeedbackIntakeService,
  ) {}

  /** A page of published requests, newest first, and how many match in all. */
  async list(filter: RequestsFilter): Promise<{ requests: Open311Request[]; total: number }> {
    const { sql, params } = requestsWhere(filter);
    const limit = params.length + 1;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `${SELECT_REQUESTS} WHERE ${sql} ORDER BY r.submitted_at DESC, r.id DESC LIMIT $${limit} OFFSET $${limit + 1}`,
        [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ) as Promise<RequestRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM feedback_requests r WHERE ${sql}`, params) as Promise<{ total: number }[]>,
    ]);
    return { requests: rows.map((row) => this.toOpen311(row, filter.locale, filter.extensions)), total };
  }

  /**
   * One request by id, published or not: the sender has just been given the id and follows
   * it here before moderation. The id is a random uuid, so it cannot be guessed or walked.
   */
  async byId(id: string, locale: Language, extensions: boolean): Promise<Open311Request | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = (await this.dataSource.query(`${SELECT_REQUESTS} WHERE r.id = $1`, [id])) as RequestRow[];
    return row ? this.toOpen311(row, locale, extensions) : undefined;
  }

  async exists(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.dataSource.query(`SELECT 1 FROM feedback_requests WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /**
   * A new request from an Open311 client, through the same intake as the web form (routing,
   * due date, city bounds, photo checks, the submitted event). Problems come back under
   * the Open311 names the client used.
   */
  /** `requestId`: the Idempotency-Key's request id (FeedbackIntakeService.submit), so a retry finds its first report. */
  async submit(form: Open311Params, files: UploadedPhoto[], keyId: string, requestId?: string): Promise<Open311PostResult> {
    const input = toSubmitFeedback(form);
    if (!(await this.dataSource.getRepository(Category).existsBy({ code: input.categoryCode, active: true }))) {
      throw Open311Error.field('service_code', `Unknown service_code ${input.categoryCode}; see services.json`);
    }
    const submitter: Submitter = { channel: 'open311', actorId: `open311-key:${keyId}`, actorRole: 'open311_client' };
    try {
      const photos = await inspectPhotos(mediaOf(files), 'media');
      const submitted = await this.intake.submit(input, photos, submitter, requestId);
      return { service_request_id: submitted.id, service_notice: '' };
    } catch (error) {
      if (error instanceof ValidationProblem) throw Open311Error.invalid(toOpen311Problems(error.errors), error.getStatus());
      throw error;
    }
  }

  private toOpen311(row: RequestRow, locale: Language, extensions: boolean): Open311Request {
    // A merged duplicate is followed through its original: closed, whatever its own status.
    const status: FeedbackStatus = row.merged_into_id && !isClosed(row.status) ? 'resolved' : row.status;
    const mediaUrls = row.photo_ids.map((id) => `${this.config.publicUrl}/feedback/photos/${id}`);
    return {
      service_request_id: row.id,
      status: open311Status(status),
      status_notes: row.status_note || row.latest_reply || '',
      service_name: row[`service_name_${locale}`],
      service_code: row.category_code,
      description: row.description,
      agency_responsible: row[`agency_${locale}`],
      service_notice: '',
      requested_datetime: open311DateTime(row.submitted_at),
      updated_datetime: open311DateTime(row.updated_at),
      expected_datetime: open311DateTime(row.due_at),
      address: row.address ?? '',
      ...(row.lat !== null && row.lon !== null ? { lat: row.lat, long: row.lon } : {}),
      ...(mediaUrls.length ? { media_url: mediaUrls[0] } : {}),
      ...(extensions
        ? { extended_attributes: { title: row.title ?? '', detailed_status: detailedStatus(status), media_urls: mediaUrls } }
        : {}),
    };
  }
}
