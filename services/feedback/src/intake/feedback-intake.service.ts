import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
import { FeedbackIntakeRepository, IntakeLookUp } from './feedback-intake.repository';
import { FeedbackChannel, FeedbackPhoto, FeedbackRequest } from './feedback-request.entity';
import { SubmitFeedback } from './submit-feedback.schema';

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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: FeedbackIntakeRepository,
    private readonly outbox: OutboxWriter,
    @Inject(PHOTO_STORAGE) private readonly photoStorage: PhotoStorage,
    @Inject(FEEDBACK_CONFIG) private readonly config: FeedbackConfig,
  ) {}

  /**
   * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request: it
   * becomes the report's id, so a retry whose first answer never reached Redis (docs/adr/0007)
   * finds the report it made instead of making a second one.
   */
  async submit(input: SubmitFeedback, photos: InspectedPhoto[], submitter: Submitter, requestId?: string): Promise<SubmittedFeedback> {
    const retried = requestId ? await this.submittedAnswer(requestId) : undefined;
    if (retried) return retried;
    const inside = input.lat === undefined || input.lon === undefined || isInside(this.config.cityBounds, input.lat, input.lon);
    const category = await this.intake.lookUp(input.categoryCode, input.districtCode ?? null, input.lat ?? null, input.lon ?? null, inside);
    if (!category) throw ValidationProblem.field('categoryCode', `Unknown category ${input.categoryCode}`);
    if (!category.districtKnown) throw ValidationProblem.field('districtCode', `Unknown district ${input.districtCode}`);
    if (!inside || category.sequence === undefined) throw ValidationProblem.field('lat', 'The location is outside the city');

    // Photos go to storage first; if the transaction then fails they are removed again,
    // so neither a request without its photos nor orphaned photos are left behind.
    const id = requestId ?? randomUUID();
    const stored = await this.storePhotos(photos);
    let request: FeedbackRequest | null;
    try {
      // Without photos the request, its audit row and its event are one statement, which is a
      // transaction of its own; photo rows need a transaction around both.
      request = stored.length
        ? await this.dataSource.transaction((manager) => this.insert(id, input, category, category.sequence!, stored, submitter, manager))
        : await this.insert(id, input, category, category.sequence, stored, submitter);
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
    const row = await this.intake.submitted(id);
    return row && this.answerOf({ id, ...row });
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
    id: string,
    input: SubmitFeedback,
    category: IntakeLookUp,
    sequence: number,
    photos: StoredPhoto[],
    submitter: Submitter,
    manager?: EntityManager,
  ): Promise<FeedbackRequest | null> {
    const now = new Date();
    const request = this.dataSource.manager.create(FeedbackRequest, {
      id,
      trackingCode: trackingCode(this.config.trackingPrefix, now.getUTCFullYear(), sequence),
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
    const { row: event } = this.outbox.prepare(FeedbackEvents.submitted, {
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
    const audit = {
      actorId: submitter.actorId ?? 'anonymous',
      actorRole: submitter.actorRole ?? 'resident',
      details: { channel: submitter.channel, photos: photos.length },
    };
    // Nothing else is written for a report that is already there: no second audit row or event.
    if (!(await this.intake.insertSubmitted(request, audit, event, manager))) return null;
    if (photos.length && manager) {
      await manager.insert(
        FeedbackPhoto,
        photos.map((p, position) => ({ id: randomUUID(), requestId: id, ...p, position, createdAt: now })),
      );
    }
    return request;
  }
}
