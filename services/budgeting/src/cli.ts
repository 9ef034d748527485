import 'reflect-metadata';
import { runServiceCli } from '@vaikuta/service-kit';
import { BudgetingAppModule } from './app.module';
import { loadBudgetingConfig } from './budgeting-config';
import { budgetingEntities, budgetingMigrations } from './budgeting-schema';
import { seedDemoBudgeting } from './seed/demo-budgeting';

/** `migrate` and `seed-demo` (idempotent). */
runServiceCli({
  service: 'budgeting',
  config: () => loadBudgetingConfig(),
  schema: { entities: budgetingEntities, migrations: budgetingMigrations },
  app: BudgetingAppModule,
  seed: async (app) => seedDemoBudgeting(app),
});
