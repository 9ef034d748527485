import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtVerifier, resolveAuthConfig } from '@vaikuta/auth';
import { RateLimitModule } from '@vaikuta/http';
import { ObservabilityModule } from '@vaikuta/observability';
import { RedisModule } from '@vaikuta/redis';
import { LoginController } from './account/login.controller';
import { MyParticipationController } from './account/my-participation.controller';
import { MyDataController } from './account/my-data.controller';
import { PersonalDataGatherer } from './account/personal-data-gatherer';
import { NotificationPagesController } from './account/notification-pages.controller';
import { AdminCatalogController } from './admin/admin-catalog.controller';
import { DeadLettersPageController } from './admin/dead-letters-page.controller';
import { ErasurePageController } from './admin/erasure-page.controller';
import { Open311KeysPageController } from './admin/open311-keys-page.controller';
import { TemplatesPageController } from './admin/templates-page.controller';
import { CannedResponsesPageController } from './admin/canned-responses-page.controller';
import { BudgetingClient } from './clients/budgeting-client';
import { GrantsClient } from './clients/grants-client';
import { PremisesClient } from './clients/premises-client';
import { FeedbackClient } from './clients/feedback-client';
import { InitiativesClient } from './clients/initiatives-client';
import { NotificationsClient } from './clients/notifications-client';
import { ServiceClients } from './clients/service-clients';
import { BudgetingCoordinationController } from './budgeting/budgeting-coordination.controller';
import { GrantsApplicantController } from './grants/grants-applicant.controller';
import { GrantsApplicantApplicationsController } from './grants/grants-applicant-applications.controller';
import { GrantsApplicantAssociationsController } from './grants/grants-applicant-associations.controller';
import { GrantsOfficerController } from './grants/grants-officer.controller';
import { GrantsOfficerAssociationsController } from './grants/grants-officer-associations.controller';
import { GrantsOfficerRoundsController } from './grants/grants-officer-rounds.controller';
import { PremisesController } from './premises/premises.controller';
import { PremisesStaffController } from './premises/premises-staff.controller';
import { PremisesSeasonsController } from './premises/premises-seasons.controller';
import { SpacePhotosController } from './premises/space-photos.controller';
import { SeasonApplicationsController } from './premises/season-applications.controller';
import { BudgetingProposalsController } from './budgeting/budgeting-proposals.controller';
import { BudgetingResultsController } from './budgeting/budgeting-results.controller';
import { BudgetingRoundsController } from './budgeting/budgeting-rounds.controller';
import { BudgetingStaffController } from './budgeting/budgeting-staff.controller';
import { BudgetingVoteController } from './budgeting/budgeting-vote.controller';
import { BrowseController } from './feedback/browse.controller';
import { FeedbackFormController } from './feedback/feedback-form.controller';
import { TrackingController } from './feedback/tracking.controller';
import { ImportStatusController } from './initiatives/import-status.controller';
import { InitiativeWorkController } from './initiatives/initiative-work.controller';
import { InitiativesBrowseController } from './initiatives/initiatives-browse.controller';
import { PreparerQueueController } from './initiatives/preparer-queue.controller';
import { YearlyReportController } from './initiatives/yearly-report.controller';
import { AssetsController } from './layout/assets';
import { CsrfGuard } from './layout/csrf.guard';
import { SingleValuesGuard } from './layout/single-values.guard';
import { HomeController } from './layout/home.controller';
import { Pages } from './layout/pages';
import { Views } from './layout/views';
import { PORTAL_CONFIG, PortalConfig } from './portal-config';
import { CasePageController } from './queue/case-page.controller';
import { QueuePageController } from './queue/queue-page.controller';
import { SummariesPageController } from './queue/summaries-page.controller';

/** The portal: server-rendered pages for residents, case workers and admins, and the API front door. */
@Module({})
export class PortalAppModule {
  static forRoot(config: PortalConfig): DynamicModule {
    return {
      module: PortalAppModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'portal', logging: config.logging, tracing: config.tracing }),
        // Sign-in attempts are limited per address (the `login` class; docs/adr/0007).
        RedisModule.forRoot(config.redisUrl),
        RateLimitModule.forRoot(config.rateLimits),
      ],
      controllers: [
        AssetsController,
        HomeController,
        LoginController,
        FeedbackFormController,
        TrackingController,
        BrowseController,
        // The yearly report's static segment before the initiative's :id (find-my-way prefers it anyway).
        YearlyReportController,
        InitiativesBrowseController,
        PreparerQueueController,
        InitiativeWorkController,
        ImportStatusController,
        // Budgeting's static `proposals/:id` and the deeper `:roundId/…` paths beside the round's `:roundId`.
        BudgetingProposalsController,
        BudgetingVoteController,
        BudgetingResultsController,
        BudgetingCoordinationController,
        GrantsApplicantController,
        GrantsApplicantAssociationsController,
        GrantsApplicantApplicationsController,
        GrantsOfficerAssociationsController,
        GrantsOfficerController,
        GrantsOfficerRoundsController,
        PremisesController,
        PremisesStaffController,
        PremisesSeasonsController,
        SpacePhotosController,
        SeasonApplicationsController,
        BudgetingRoundsController,
        BudgetingStaffController,
        MyParticipationController,
        MyDataController,
        NotificationPagesController,
        QueuePageController,
        CasePageController,
        SummariesPageController,
        AdminCatalogController,
        CannedResponsesPageController,
        Open311KeysPageController,
        DeadLettersPageController,
        TemplatesPageController,
        ErasurePageController,
      ],
      providers: [
        { provide: PORTAL_CONFIG, useValue: config },
        { provide: JwtVerifier, useFactory: () => JwtVerifier.fromConfig(resolveAuthConfig({}, config.auth)) },
        { provide: Views, useFactory: () => new Views() },
        // One client per service in deploy/services.json; the typed ones are those same clients.
        { provide: ServiceClients, useFactory: () => new ServiceClients(config) },
        PersonalDataGatherer,
        { provide: FeedbackClient, useFactory: (clients: ServiceClients) => clients.typed('feedback'), inject: [ServiceClients] },
        { provide: NotificationsClient, useFactory: (clients: ServiceClients) => clients.typed('notifications'), inject: [ServiceClients] },
        { provide: InitiativesClient, useFactory: (clients: ServiceClients) => clients.typed('initiatives'), inject: [ServiceClients] },
        { provide: BudgetingClient, useFactory: (clients: ServiceClients) => clients.typed('budgeting'), inject: [ServiceClients] },
        { provide: GrantsClient, useFactory: (clients: ServiceClients) => clients.typed('grants'), inject: [ServiceClients] },
        { provide: PremisesClient, useFactory: (clients: ServiceClients) => clients.typed('premises'), inject: [ServiceClients] },
        Pages,
        { provide: APP_GUARD, useClass: CsrfGuard },
        { provide: APP_GUARD, useClass: SingleValuesGuard },
      ],
    };
  }
}
