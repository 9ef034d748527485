import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PortalAppModule } from './app.module';
import { configurePortalApp, createPortalAdapter } from './portal-app';
import { loadPortalConfig } from './portal-config';

async function main() {
  const config = loadPortalConfig();
  const app = await NestFactory.create<NestFastifyApplication>(PortalAppModule.forRoot(config), createPortalAdapter(), { bufferLogs: true });
  await configurePortalApp(app);
  await app.listen({ port: Number(process.env.PORT ?? config.port), host: process.env.HOST ?? '0.0.0.0' });
}

main().catch((error) => {
  console.error(`portal failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
