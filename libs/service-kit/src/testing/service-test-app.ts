import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { issueDevToken, type DevTokenRequest } from '@vaikuta/auth';
import type { EventDefinition } from '@vaikuta/contracts';
import { configureHttpApp, createFastifyAdapter } from '@vaikuta/http';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { publishTestEvent, StreamReader, testNamespace } from '@vaikuta/testing';
import type { BaseServiceConfig } from '../service-config';

export interface ServiceTestAppOptions<C extends BaseServiceConfig> {
  service: string;
  /** Names the test database and (unless `namespace` is given) the NATS namespace. */
  label: string;
  /**
   * Loads the service's config from the test environment: the process's, with the test's
   * database and namespace, NODE_ENV=test and request limits off (tests share one client address).
   */
  config: (env: NodeJS.ProcessEnv) => C;
  /** The app to boot, e.g. `(config) => FeedbackAppModule.forRoot(config)`. */
  app: (config: C) => DynamicModule;
  /** Shared with other apps of the same test (services wired by events). */
  namespace?: string;
  /** Shared with other apps of the same test, so they accept each other's tokens. */
  keysDir?: string;
  /** Provider overrides before compiling. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

export interface ServiceTestApp<C extends BaseServiceConfig> {
  app: NestFastifyApplication;
  http(): ReturnType<typeof request>;
  config: C;
  db: TestDatabase;
  namespace: string;
  /** Reads (and publishes to) the namespace's streams. */
  reader: StreamReader;
  dataSource: DataSource;
  keysDir: string;
  /** A development token the app accepts. */
  token(claims: DevTokenRequest): Promise<string>;
  /** Publishes a catalogue event onto the namespace's stream, as a producer's relay would; returns its id. */
  publish(definition: EventDefinition, data: unknown, id?: string): Promise<string>;
  /** Closes the app, deletes the namespace's streams (when its own), the database and the keys (when its own). */
  close(): Promise<void>;
}

/**
 * Boots a whole service in the test process against real PostgreSQL, NATS and Redis, in a
 * database and NATS namespace of its own, so test files run in parallel.
 */
export async function startServiceTestApp<C extends BaseServiceConfig>(options: ServiceTestAppOptions<C>): Promise<ServiceTestApp<C>> {
  const db = await createTestDatabase(`${options.service}_${options.label}`);
  const namespace = options.namespace ?? testNamespace(options.label);
  const keysDir = options.keysDir ?? (await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-')));
  // AuthModule and the tests' own token helpers read these.
  process.env.AUTH_DEV_ISSUER = 'true';
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  const config = options.config({ RATE_LIMITS: 'off', ...process.env, DATABASE_URL: db.url, NATS_NAMESPACE: namespace, NODE_ENV: 'test' });
  let builder = Test.createTestingModule({ imports: [options.app(config)] });
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
  await configureHttpApp(app, { service: options.service, title: `${options.service} (test)` });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const reader = await StreamReader.open(config.natsUrl);
  return {
    app,
    http: () => request(app.getHttpServer()),
    config,
    db,
    namespace,
    reader,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    keysDir,
    token: (claims) => issueDevToken(claims, { keysDir }),
    publish: (definition, data, id = randomUUID()) => publishTestEvent(reader, namespace, definition, data, id),
    async close() {
      await app.close();
      if (!options.namespace) await reader.deleteNamespace(namespace);
      await reader.close();
      await db.drop();
      if (!options.keysDir) await rm(keysDir, { recursive: true, force: true });
    },
  };
}
