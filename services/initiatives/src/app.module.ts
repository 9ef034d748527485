import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@vaikuta/service-kit';
import { Clock, SystemClock } from '@vaikuta/domain';
import { INITIATIVES_CONFIG, InitiativesConfig } from './initiatives-config';
import { initiativesEntities, initiativesMigrations } from './initiatives-schema';
import { InitiativeRepository } from './initiatives/initiative.repository';
import { InitiativeListRepository } from './initiatives/initiative-list.repository';
import { InitiativeReader } from './initiatives/initiative-reader.service';
import { InitiativeCaseService } from './initiatives/initiative-case.service';
import { InitiativeFilingService } from './initiatives/initiative-filing.service';
import { PublicInitiativesController } from './public/public-initiatives.controller';
import { StaffInitiativesController } from './staff/staff-initiatives.controller';
import { YearlyReportController } from './reports/yearly-report.controller';
import { YearlyReportService } from './reports/yearly-report.service';
import { YearlyReportPdf } from './reports/yearly-report.pdf';
import { KuntalaisaloiteClient } from './kuntalaisaloite/kuntalaisaloite.client';
import { KuntalaisaloiteImportService } from './kuntalaisaloite/kuntalaisaloite-import.service';
import { ImportController } from './kuntalaisaloite/import.controller';
import { ImportScheduler } from './kuntalaisaloite/import-scheduler';
import { AhjoClient } from './ahjo/ahjo.client';
import { AhjoSyncService } from './ahjo/ahjo-sync.service';
import { AhjoCallbackController } from './ahjo/ahjo-callback.controller';
import { DeadlineReminders } from './reminders/deadline-reminders';
import { ReminderRepository } from './reminders/reminder.repository';
import { ReminderScheduler } from './reminders/reminder-scheduler';
import { InitiatorErasureConsumer } from './privacy/initiator-erasure.consumer';
import { MyDataController } from './privacy/my-data.controller';
import { InitiativesPersonalDataRepository } from './privacy/personal-data.repository';
import { ImportRunRepository } from './kuntalaisaloite/import-run.repository';

/**
 * The initiatives service (aloitteet): filing, preparation to a decision and measures, the
 * kuntalaisaloite.fi import, Ahjo decisions and the yearly report, on the service kit.
 */
@Module({})
export class InitiativesAppModule {
  /** `workers: false` for one-off commands: no outbox relay, no schedules. */
  static forRoot(config: InitiativesConfig, { workers = true, clock = new SystemClock() }: { workers?: boolean; clock?: Clock } = {}): DynamicModule {
    return {
      module: InitiativesAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          workers,
          entities: initiativesEntities,
          migrations: initiativesMigrations,
          produces: ['INITIATIVES'],
          idempotency: true,
          // Initiators' names and emails are personal data: erased on request like everywhere.
          consumers: [{ consumer: InitiatorErasureConsumer, options: { name: 'initiatives', maxDeliver: 5, backoffMs: 1000 } }],
        }),
      ],
      controllers: [ImportController, AhjoCallbackController, YearlyReportController, MyDataController, StaffInitiativesController, PublicInitiativesController],
      providers: [
        { provide: INITIATIVES_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        InitiativeRepository,
        InitiativeListRepository,
        InitiativeReader,
        InitiativeCaseService,
        InitiativeFilingService,
        YearlyReportService,
        { provide: YearlyReportPdf, useValue: new YearlyReportPdf(config.city.name) },
        KuntalaisaloiteClient,
        KuntalaisaloiteImportService,
        AhjoClient,
        AhjoSyncService,
        ImportRunRepository,
        ReminderRepository,
        DeadlineReminders,
        InitiatorErasureConsumer,
        InitiativesPersonalDataRepository,
        ...(workers ? [ImportScheduler, ReminderScheduler] : []),
      ],
    };
  }
}
