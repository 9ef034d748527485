import 'reflect-metadata';
import { startService } from '@vaikuta/service-kit';
import { InitiativesAppModule } from './app.module';
import { loadInitiativesConfig } from './initiatives-config';

startService({
  service: 'initiatives',
  config: () => loadInitiativesConfig(),
  app: InitiativesAppModule,
  title: 'Vaikuta initiatives service',
  description: 'Initiatives (kuntalaki § 23): filing, preparation, decisions and measures; kuntalaisaloite.fi import; Ahjo decisions; yearly report',
});
