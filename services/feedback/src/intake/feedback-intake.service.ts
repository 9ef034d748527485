import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { FeedbackEvents, textExcerpt } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { ValidationProblem } from '@vaikuta/http';
import { dueDate } from '../domain/due-date';
import { isInside } from '../domain/city-bounds';
import { trackingCode } from '../domain/tracking-code';
import { requestEventRef } from '../events/request-event-ref';
import { FEEDBACK_CONFIG, FeedbackConfig } from '../feedback-config';
import { InspectedPhoto } from '../photos/photo-inspector';
import { PHOTO_STORAGE, PhotoStorage } from '../photos/photo-storage';
import { deletePhotoVariants, StoredPhoto, storePhotoVariants } from '../photos/stored-photo';
import { FeedbackChannel, FeedbackPhoto, FeedbackRequest } from './feedback-request.entity';
import { SubmitFeedback } from './submit-feedback.schema';

/** What intake needs of a category. */
interface IntakeCategory {
  code: string;
  departmentCode: string;
  serviceLevelDays: number;
  /** The district whose outline holds the report's point, when the sender chose none. */
  districtAtPoint?: string;
}

export interface Submitter {
  channel: FeedbackChannel;
  /** The signed-in resident, or the staff member entering it on someone's behalf. */
  actorId?: string;
  actorRole?: string;
}

export interface SubmittedFeedback {
  id: string;
  trackingCode: string;
  trackingUrl: string;
  status: 'received';
  dueAt: string;
}

/**
 * Takes in feedback from every channel (web, Open311, staff desk): checks it against the
 * catalogue and the city's bounds, routes it to the category's department, sets the due
 * date from the service level, and commits the request with its `submitted` event.
 */
@Injectable()
export class FeedbackIntakeService {
  private readonly logger = new Logger(FeedbackIntakeService.name);
  /** The request row's columns, from the entity, and the INSERT for them (see insertRequest). */
  private readonly requestColumns: ColumnMetadata[];
  private readonly insertRequestSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(PHOTO_STORAGE) private readonly photoStorage: PhotoStorage,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
  ) {
    this.requestColumns = dataSource.getMetadata(FeedbackRequest).columns;
    this.insertRequestSql = `INSERT INTO feedback_requests (${this.requestColumns.map((c) => `"${c.databaseName}"`).join(', ')})
       VALUES (${this.requestColumns.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (id) DO NOTHING RETURNING id`;
  }

  /**
   * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request: it
   * becomes the report's id, so a retry whose first answer never reached Redis (docs/adr/0007)
   * finds the report it made instead of making a second one.
   */
  async submit(input: SubmitFeedback, photos: InspectedPhoto[], submitter: Submitter, requestId?: string): Promise<SubmittedFeedback> {
    const retried = requestId ? await this.submittedAnswer(requestId) : undefined;
    if (retried) return retried;
    const category = await this.lookUpCategory(input);
    if (!category) throw ValidationProblem.field('categoryCode', `Unknown category ${input.categoryCode}`);
    if (!category.districtKnown) throw ValidationProblem.field('districtCode', `Unknown district ${input.districtCode}`);
    if (input.lat !== undefined && input.lon !== undefined && !isInside(this.config.cityBounds, input.lat, input.lon)) {
      throw ValidationProblem.field('lat', 'The location is outside the city');
    }

    // Photos go to storage first; if the transaction then fails they are removed again,
    // so neither a request without its photos nor orphaned photos are left behind.
    const id = requestId ?? randomUUID();
    const stored = await this.storePhotos(photos);
    let request: FeedbackRequest | null;
    try {
      request = await this.dataSource.transaction((manager) => this.insert(manager, id, input, category, stored, submitter));
    } catch (error) {
      await Promise.all(stored.map((p) => deletePhotoVariants(this.photoStorage, p)));
      throw error;
    }
    if (!request) {
      // The same retry running twice at once (Redis down): the other one's report stands.
      await Promise.all(stored.map((p) => deletePhotoVariants(this.photoStorage, p)));
      return (await this.submittedAnswer(id))!;
    }
    this.logger.log(`received ${request.trackingCode} (${request.kind}) for ${request.departmentCode} via ${submitter.channel}`);
    return this.answerOf(request);
  }

  /** The answer intake gave for this report, or undefined when there is none with this id. */
  private async submittedAnswer(id: string): Promise<SubmittedFeedback | undefined> {
    const [row]: { tracking_code: string; due_at: Date }[] = await this.dataSource.query(`SELECT tracking_code, due_at FROM feedback_requests WHERE id = $1`, [id]);
    return row && this.answerOf({ id, trackingCode: row.tracking_code, dueAt: new Date(row.due_at) });
  }

  private answerOf(request: Pick<FeedbackRequest, 'id' | 'trackingCode' | 'dueAt'>): SubmittedFeedback {
    return {
      id: request.id,
      trackingCode: request.trackingCode,
      // The link carries the unguessable id: it opens the request even before staff publish it.
      trackingUrl: `${this.config.portalUrl}/feedback/track/${request.id}`,
      status: 'received',
      dueAt: request.dueAt.toISOString(),
    };
  }

  /**
   * The category, and whether the district exists, in one round trip: intake is the busiest
   * write and each statement costs a socket round trip on top of PostgreSQL's time
   * (bench/README.md, intake).
   */
  private async lookUpCategory(input: SubmitFeedback): Promise<(IntakeCategory & { districtKnown: boolean }) | undefined> {
    // Without a chosen district, the one whose outline holds the point (as DistrictLocator.districtAt).
    const [row]: { code: string; department_code: string; service_level_days: number; district_known: boolean; district_at: string | null }[] = await this.dataSource.query(
      `SELECT c.code, c.department_code, c.service_level_days,
              ($2::text IS NULL OR EXISTS (SELECT 1 FROM districts d WHERE d.code = $2)) AS district_known,
              CASE WHEN $2::text IS NULL AND $3::float8 IS NOT NULL THEN
                (SELECT d.code FROM districts d WHERE d.boundary @> point($4::float8, $3::float8) ORDER BY area(box(d.boundary)), d.code LIMIT 1)
              END AS district_at
         FROM categories c WHERE c.code = $1 AND c.active`,
      [input.categoryCode, input.districtCode ?? null, input.lat ?? null, input.lon ?? null],
    );
    return (
      row && {
        code: row.code,
        departmentCode: row.department_code,
        serviceLevelDays: row.service_level_days,
        districtKnown: row.district_known,
        districtAtPoint: row.district_at ?? undefined,
      }
    );
  }

  /** Stores each photo's re-encoded sizes; the upload as received is never written. */
  private async storePhotos(photos: InspectedPhoto[]) {
    const stored: StoredPhoto[] = [];
    try {
      for (const photo of photos) {
        stored.push(await storePhotoVariants(this.photoStorage, photo.variants));
      }
    } catch (error) {
      await Promise.all(stored.map((p) => deletePhotoVariants(this.photoStorage, p)));
      throw error;
    }
    return stored;
  }

  private async insert(
    manager: EntityManager,
    id: string,
    input: SubmitFeedback,
    category: IntakeCategory,
    photos: StoredPhoto[],
    submitter: Submitter,
  ): Promise<FeedbackRequest | null> {
    const now = new Date();
    const [{ seq }] = await manager.query(`SELECT nextval('feedback_tracking_seq')::int AS seq`);
    const request = manager.create(FeedbackRequest, {
      id,
      trackingCode: trackingCode(this.config.trackingPrefix, now.getUTCFullYear(), seq),
      kind: input.kind,
      categoryCode: category.code,
      departmentCode: category.departmentCode,
      districtCode: input.districtCode ?? category.districtAtPoint ?? null,
      title: input.title ?? null,
      description: input.description,
      language: input.language,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      address: input.address ?? null,
      status: 'received',
      statusNote: null,
      assigneeId: null,
      publishedAt: null,
      channel: submitter.channel,
      submittedBy: submitter.actorId ?? null,
      contactEmail: input.contactConsent ? (input.email ?? null) : null,
      contactPhone: input.contactConsent ? (input.phone ?? null) : null,
      contactConsent: input.contactConsent && Boolean(input.email || input.phone),
      mergedIntoId: null,
      submittedAt: now,
      updatedAt: now,
      dueAt: dueDate(now, category.serviceLevelDays),
      firstReplyAt: null,
      closedAt: null,
      version: 1,
    });
    // Nothing else is written for a report that is already there: no second audit row or event.
    if (!(await this.insertRequest(manager, request))) return null;
    if (photos.length) {
      await manager.insert(
        FeedbackPhoto,
        photos.map((p, position) => ({ id: randomUUID(), requestId: id, ...p, position, createdAt: now })),
      );
    }
    await manager.query(
      `INSERT INTO feedback_audit (entity_id, actor_id, actor_role, action, details) VALUES ($1, $2, $3, 'submitted', $4)`,
      [id, submitter.actorId ?? 'anonymous', submitter.actorRole ?? 'resident', JSON.stringify({ channel: submitter.channel, photos: photos.length })],
    );
    await this.outbox.append(manager, FeedbackEvents.submitted, {
      ...requestEventRef(request),
      kind: request.kind,
      ...(request.title ? { title: request.title } : {}),
      ...(request.districtCode ? { districtCode: request.districtCode } : {}),
      channel: submitter.channel,
      submittedAt: now.toISOString(),
      dueAt: request.dueAt.toISOString(),
      // Only for a sender who can be told anything: their receipt and replies quote it.
      ...(request.contactConsent ? { excerpt: textExcerpt(request.description) } : {}),
    });
    return request;
  }

  /**
   * A plain parameterised INSERT of the entity's columns. TypeORM's insert() builds the same
   * statement, but spends more CPU than PostgreSQL does on the row (bench/README.md, intake);
   * the column list still comes from the entity, so the two cannot drift apart. False when a
   * report with this id is already there (a retried keyed request).
   */
  private async insertRequest(manager: EntityManager, request: FeedbackRequest): Promise<boolean> {
    const rows: unknown[] = await manager.query(this.insertRequestSql, this.requestColumns.map((c) => c.getEntityValue(request, true)));
    return rows.length === 1;
  }
}
