import 'reflect-metadata';
import { runServiceCli } from '@vaikuta/service-kit';
import { InitiativesAppModule } from './app.module';
import { loadInitiativesConfig } from './initiatives-config';
import { initiativesEntities, initiativesMigrations } from './initiatives-schema';
import { KuntalaisaloiteImportService } from './kuntalaisaloite/kuntalaisaloite-import.service';
import { seedDemoInitiatives } from './seed/demo-initiatives';

/** `migrate`, `seed-demo` (idempotent) and `import-kuntalaisaloite` (one import run now). */
runServiceCli({
  service: 'initiatives',
  config: () => loadInitiativesConfig(),
  schema: { entities: initiativesEntities, migrations: initiativesMigrations },
  app: InitiativesAppModule,
  seed: async (app) => seedDemoInitiatives(app),
  commands: {
    'import-kuntalaisaloite': async ({ app }) => JSON.stringify(await (await app()).get(KuntalaisaloiteImportService).run('admin')),
  },
});
