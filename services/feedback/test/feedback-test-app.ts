import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { issueDevToken } from '@vaikuta/auth';
import { configureHttpApp, createFastifyAdapter } from '@vaikuta/http';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { StreamReader, testNamespace } from '@vaikuta/testing';
import { FeedbackAppModule } from '../src/app.module';
import { FeedbackConfig, loadFeedbackConfig } from '../src/feedback-config';
import { seedCatalog } from '../src/seed/demo-catalog';

export interface FeedbackTestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  config: FeedbackConfig;
  db: TestDatabase;
  namespace: string;
  stream: string;
  reader: StreamReader;
  dataSource: DataSource;
  token(role: string, departments?: string[], sub?: string, name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the whole feedback service against real PostgreSQL and NATS, in a database and a
 * NATS namespace of its own, with the demo catalogue (departments, categories, districts).
 */
export async function startFeedbackTestApp(label: string, overrides: Partial<FeedbackConfig> = {}): Promise<FeedbackTestApp> {
  const db = await createTestDatabase(`feedback_${label}`);
  const namespace = testNamespace(label);
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  const photoDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-photos-'));
  process.env.AUTH_DEV_ISSUER = 'true';
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  const config = loadFeedbackConfig(
    // Request limits are off unless a test turns them on (overrides.rateLimits): tests share one client address.
    { RATE_LIMITS: 'off', ...process.env, DATABASE_URL: db.url, NATS_NAMESPACE: namespace },
    { photoDir, publicUrl: 'http://feedback.test', ...overrides },
  );
  const moduleRef = await Test.createTestingModule({ imports: [FeedbackAppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
  await configureHttpApp(app, { service: 'feedback', title: 'feedback (test)' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await seedCatalog(app.get(getDataSourceToken()));
  const reader = await StreamReader.open();
  return {
    app,
    http: () => request(app.getHttpServer()),
    config,
    db,
    namespace,
    stream: `${namespace.toUpperCase()}_FEEDBACK`,
    reader,
    dataSource: app.get(getDataSourceToken()),
    token: (role, departments = [], sub = `test-${role}`, name) =>
      issueDevToken({ sub, roles: [role as never], departments, ...(name ? { name } : {}) }, { keysDir }),
    async close() {
      await app.close();
      await reader.deleteNamespace(namespace);
      await reader.close();
      await db.drop();
      await rm(keysDir, { recursive: true, force: true });
      await rm(photoDir, { recursive: true, force: true });
    },
  };
}
