import { DynamicModule, Module } from '@nestjs/common';
import { ServiceCoreModule } from '@vaikuta/service-kit';
import { Clock, SystemClock } from '@vaikuta/domain';
import { BUDGETING_CONFIG, BudgetingConfig } from './budgeting-config';
import { budgetingEntities, budgetingMigrations } from './budgeting-schema';
import { RoundRepository } from './rounds/round.repository';
import { RoundService } from './rounds/round.service';
import { RoundsController } from './rounds/rounds.controller';
import { ProposalsController } from './proposals/proposals.controller';
import { ProposalRepository } from './proposals/proposal.repository';
import { ProposalReader } from './proposals/proposal-reader.service';
import { ProposalIntakeService } from './proposals/proposal-intake.service';
import { ProposalScreeningService } from './proposals/proposal-screening.service';
import { ProposerErasureConsumer } from './proposals/proposer-erasure.consumer';
import { MyDataController } from './privacy/my-data.controller';
import { BudgetingPersonalDataRepository } from './privacy/personal-data.repository';
import { PlansController } from './plans/plans.controller';
import { PlanRepository } from './plans/plan.repository';
import { PlanService } from './plans/plan.service';
import { ballotsFeature } from './ballots/ballots.feature';
import { resultsFeature } from './results/results.feature';
import { projectsFeature } from './projects/projects.feature';

/**
 * The participatory budgeting service (osallistuva budjetointi): rounds and their phases,
 * proposals, plans, ballots from every channel, results by greedy or equal shares, projects.
 * ADR 0012 explains the ballot model.
 */
@Module({})
export class BudgetingAppModule {
  /** `workers: false` for one-off commands: no outbox relay, no consumers. */
  static forRoot(config: BudgetingConfig, { workers = true, clock = new SystemClock() }: { workers?: boolean; clock?: Clock } = {}): DynamicModule {
    return {
      module: BudgetingAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config,
          workers,
          entities: budgetingEntities,
          migrations: budgetingMigrations,
          produces: ['BUDGETING'],
          idempotency: true,
          // Proposers' and voters' subs are personal data: erased on request like everywhere.
          consumers: [{ consumer: ProposerErasureConsumer, options: { name: 'budgeting', maxDeliver: 5, backoffMs: 1000 } }],
        }),
      ],
      controllers: [MyDataController, RoundsController, ProposalsController, PlansController, ...ballotsFeature.controllers, ...resultsFeature.controllers, ...projectsFeature.controllers],
      providers: [{ provide: BUDGETING_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, RoundRepository, RoundService,
        ProposalRepository, ProposalReader, ProposalIntakeService, ProposalScreeningService, ProposerErasureConsumer, BudgetingPersonalDataRepository, PlanRepository, PlanService, ...ballotsFeature.providers, ...resultsFeature.providers, ...projectsFeature.providers],
    };
  }
}
