import 'reflect-metadata';
import { runServiceCli } from '@vaikuta/service-kit';
import { GrantsAppModule } from './app.module';
import { loadGrantsConfig } from './grants-config';
import { grantsEntities, grantsMigrations } from './grants-schema';
import { seedDemoGrants } from './seed/demo-grants';

/** `migrate` and `seed-demo` (idempotent). */
runServiceCli({
  service: 'grants',
  config: () => loadGrantsConfig(),
  schema: { entities: grantsEntities, migrations: grantsMigrations },
  app: GrantsAppModule,
  seed: async (app) => seedDemoGrants(app),
});
