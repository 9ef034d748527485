import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@vaikuta/service-kit';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogService } from './catalog/catalog.service';
import { CatalogAdminController } from './catalog/catalog-admin.controller';
import { FEEDBACK_CONFIG, FeedbackConfig } from './feedback-config';
import { feedbackEntities, feedbackMigrations } from './feedback-entities';
import { FeedbackIntakeService } from './intake/feedback-intake.service';
import { FeedbackIntakeRepository } from './intake/feedback-intake.repository';
import { IntakeController } from './intake/intake.controller';
import { LocalDiskPhotoStorage } from './photos/local-disk-photo-storage';
import { PHOTO_STORAGE } from './photos/photo-storage';
import { PhotoFiles } from './photos/photo-files.service';
import { Open311Module } from './open311/open311.module';
import { SummariesModule } from './summaries/summaries.module';
import { QueueController } from './queue/queue.controller';
import { PublicFeedbackController } from './public/public-feedback.controller';
import { MyFeedbackController } from './public/my-feedback.controller';
import { PublicFeedbackService } from './public/public-feedback.service';
import { FeedbackQueueService } from './queue/feedback-queue.service';
import { FeedbackCaseService } from './queue/feedback-case.service';
import { StaffDirectory } from './queue/staff-directory.service';
import { StaffPresence } from './queue/staff-presence.interceptor';
import { LikelyDuplicates } from './queue/likely-duplicates.service';
import { ErasureController } from './privacy/erasure.controller';
import { PersonalDataErasureService } from './privacy/personal-data-erasure.service';
import { MyDataController } from './privacy/my-data.controller';
import { FeedbackPersonalDataRepository } from './privacy/personal-data.repository';
import { DistrictLocator } from './catalog/district-locator.service';
import { DistrictOutlinesController } from './catalog/district-outlines.controller';
import { GeocodingController } from './geocoding/geocoding.controller';
import { geocoderProvider } from './geocoding/geocoder.provider';
import { NearbyReportsService } from './support/nearby-reports.service';
import { SupportController } from './support/support.controller';
import { SupportService } from './support/support.service';
import { CannedResponsesController } from './canned-responses/canned-responses.controller';
import { CannedResponsesRepository } from './canned-responses/canned-responses.repository';

/** The feedback service (palautepalvelu): intake, queues, public view, Open311, summaries. */
@Module({})
export class FeedbackAppModule {
  /**
   * `workers: false` boots the same graph without the outbox relay and event consumers,
   * for one-off commands (migrate, seed) that must not compete with running services.
   */
  static forRoot(config: FeedbackConfig, { workers = true }: { workers?: boolean } = {}): DynamicModule {
    return {
      module: FeedbackAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          workers,
          entities: feedbackEntities,
          migrations: feedbackMigrations,
          // PRIVACY: this service takes erasure requests for the whole platform (docs/adr/0005).
          produces: ['FEEDBACK', 'PRIVACY'],
          // Not redisRequired: limits and idempotency carry on without it (docs/adr/0007), so it must not take every replica out.
          idempotency: true,
        }),
        Open311Module,
        SummariesModule,
      ],
      controllers: [CatalogController, CatalogAdminController, IntakeController, QueueController, PublicFeedbackController, MyFeedbackController, ErasureController, MyDataController, GeocodingController, DistrictOutlinesController, SupportController, CannedResponsesController],
      providers: [
        { provide: FEEDBACK_CONFIG, useValue: config },
        { provide: PHOTO_STORAGE, useValue: new LocalDiskPhotoStorage(config.photoDir) },
        PhotoFiles,
        CatalogService,
        FeedbackIntakeService,
        FeedbackIntakeRepository,
        FeedbackQueueService,
        FeedbackCaseService,
        StaffDirectory,
        StaffPresence,
        LikelyDuplicates,
        PublicFeedbackService,
        PersonalDataErasureService,
        FeedbackPersonalDataRepository,
        geocoderProvider,
        DistrictLocator,
        NearbyReportsService,
        SupportService,
        CannedResponsesRepository,
      ],
      // Feature modules (Open311, summaries) use these through the global scope below.
      exports: [FEEDBACK_CONFIG, PHOTO_STORAGE, CatalogService, FeedbackIntakeService],
      global: true,
    };
  }
}
