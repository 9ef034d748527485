import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PortalAppModule } from './app.module';
import { configurePortalApp, createPortalAdapter } from './portal-app';
import { loadPortalConfig, PortalConfigError } from './portal-config';

async function main() {
  const config = loadPortalConfig();
  const app = await NestFactory.create<NestFastifyApplication>(PortalAppModule.forRoot(config), createPortalAdapter({ trustProxy: config.trustProxy }), {
    bufferLogs: true,
  });
  await configurePortalApp(app);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  // A bad variable is the operator's to fix: its line says which, a stack would bury it.
  if (error instanceof PortalConfigError) console.error(error.message);
  else console.error(`portal failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
