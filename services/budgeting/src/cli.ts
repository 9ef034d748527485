import 'reflect-metadata';
import { runServiceCli } from '@vaikuta/service-kit';
import { FakeClock } from '@vaikuta/domain';
import { BudgetingAppModule } from './app.module';
import { loadBudgetingConfig } from './budgeting-config';
import { budgetingEntities, budgetingMigrations } from './budgeting-schema';
import { seedDemoBudgeting } from './seed/demo-budgeting';

/**
 * The clock of the app the commands boot (only `seed-demo` boots one): today's time, which the
 * seed walks through last year's phases so the services' phase checks pass as on the day.
 */
const commandClock = new FakeClock();

/** `migrate` and `seed-demo` (idempotent). */
runServiceCli({
  service: 'budgeting',
  config: () => loadBudgetingConfig(),
  schema: { entities: budgetingEntities, migrations: budgetingMigrations },
  app: { forRoot: (config, options) => BudgetingAppModule.forRoot(config, { ...options, clock: commandClock }) },
  seed: async (app) => {
    commandClock.current = new Date();
    return seedDemoBudgeting(app, commandClock);
  },
});
