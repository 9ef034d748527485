import 'reflect-metadata';
import { startService } from '@vaikuta/service-kit';
import { BudgetingAppModule } from './app.module';
import { loadBudgetingConfig } from './budgeting-config';

startService({
  service: 'budgeting',
  config: () => loadBudgetingConfig(),
  app: BudgetingAppModule,
  title: 'Vaikuta budgeting service',
  description: 'Participatory budgeting (osallistuva budjetointi): rounds, proposals, plans, ballots from every channel, results, projects',
});
