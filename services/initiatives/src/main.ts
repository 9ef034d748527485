import 'reflect-metadata';
import { startHttpApp } from '@vaikuta/http';
import { InitiativesAppModule } from './app.module';
import { loadInitiativesConfig } from './initiatives-config';

async function main() {
  const config = loadInitiativesConfig();
  await startHttpApp(InitiativesAppModule.forRoot(config), {
    service: 'initiatives',
    title: 'Vaikuta initiatives service',
    description: 'Initiatives (kuntalaki § 23): filing, preparation, decisions and measures; kuntalaisaloite.fi import; Ahjo decisions; yearly report',
    port: config.port,
  });
}

main().catch((error) => {
  console.error(`initiatives service failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
