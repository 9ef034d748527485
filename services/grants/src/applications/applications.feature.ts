import path from 'node:path';
import { auditTableMigration } from '@vaikuta/domain';
import { LocalDiskFileStorage } from '@vaikuta/persistence';
import { GRANTS_CONFIG, GrantsConfig } from '../grants-config';
import type { GrantsFeature } from '../grants-feature';
import { CreateGrantApplications1766000000140 } from '../migrations/1766000000140-CreateGrantApplications';
import { ApplicantApplicationsController } from './applicant-applications.controller';
import { ApplicantApplicationsService } from './applicant-applications.service';
import { APPLICATION_FILES, ApplicationAttachmentsService, ATTACHMENT_KEY } from './application-attachments.service';
import { ApplicationEntity } from './application.entity';
import { ApplicationReader } from './application-reader.service';
import { ApplicationRepository } from './application.repository';
import { ApplicationSteps } from './application-steps';
import { GrantStatisticsController } from './grant-statistics.controller';
import { GrantStatisticsRepository } from './grant-statistics.repository';
import { GrantStatisticsService } from './grant-statistics.service';
import { OfficerApplicationsController } from './officer-applications.controller';
import { OfficerApplicationsService } from './officer-applications.service';
import { ReportReminders } from './report-reminders';

/** Grant applications from draft to decision, payment and the report on the use of funds. */
export const applicationsFeature: GrantsFeature = {
  controllers: [ApplicantApplicationsController, OfficerApplicationsController, GrantStatisticsController],
  providers: [
    ApplicationRepository,
    ApplicationSteps,
    ApplicationReader,
    ApplicantApplicationsService,
    OfficerApplicationsService,
    ApplicationAttachmentsService,
    GrantStatisticsRepository,
    GrantStatisticsService,
    ReportReminders,
    {
      provide: APPLICATION_FILES,
      // Under the service's file directory; a city provides object storage under the same token.
      useFactory: (config: GrantsConfig) => new LocalDiskFileStorage(path.join(config.fileDir, 'applications'), ATTACHMENT_KEY),
      inject: [GRANTS_CONFIG],
    },
  ],
  entities: [ApplicationEntity],
  migrations: [
    CreateGrantApplications1766000000140,
    auditTableMigration({ table: 'grant_application_audit', timestamp: 1766000000141, references: 'grant_applications(id)' }),
  ],
};
