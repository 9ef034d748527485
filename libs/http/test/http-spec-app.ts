import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createLogger, NestPinoLogger, PINO_LOGGER } from '@vaikuta/observability';
import { configureHttpApp, createFastifyAdapter } from '../src/http-app';

/** Nest's test module needs a logger provider; the shared layer's specs log nothing. */
export const silentLoggerProviders = [{ provide: PINO_LOGGER, useValue: createLogger({ service: 'http-spec', level: 'silent' }) }, NestPinoLogger];

export interface HttpSpecApp {
  app: NestFastifyApplication;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * A sample module's controllers behind the shared HTTP layer exactly as a service gets it
 * (createFastifyAdapter + configureHttpApp), for the layer's own specs.
 */
export async function startHttpSpecApp(module: unknown): Promise<HttpSpecApp> {
  const moduleRef = await Test.createTestingModule({ imports: [module as never] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
  await configureHttpApp(app, { service: 'http-spec', title: 'http spec' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: () => request(app.getHttpServer()), close: () => app.close() };
}
