import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { issueDevToken } from '@vaikuta/auth';
import { EventDefinition } from '@vaikuta/contracts';
import { configureHttpApp, createFastifyAdapter } from '@vaikuta/http';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { StreamReader, testNamespace } from '@vaikuta/testing';
import { NotificationsAppModule } from '../src/app.module';
import { loadNotificationsConfig, NotificationsConfig } from '../src/notifications-config';
import { NotificationsWorkerOptions } from '../src/notifications-workers';
import { TemplateRenderer } from '../src/templates/template-renderer';

export interface NotificationsTestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  config: NotificationsConfig;
  db: TestDatabase;
  namespace: string;
  reader: StreamReader;
  dataSource: DataSource;
  keysDir: string;
  token(role: string, sub?: string): Promise<string>;
  /** Publishes a catalogue event straight onto the namespace's stream, as a producer's relay would. */
  publish(definition: EventDefinition, data: unknown, id?: string): Promise<string>;
  close(): Promise<void>;
}

export interface NotificationsTestOptions {
  namespace?: string;
  keysDir?: string;
  config?: Partial<NotificationsConfig>;
  workers?: NotificationsWorkerOptions;
  templateDir?: string;
}

/** Test settings: short timers so retries, leases and the reconciler act within a test. */
export const FAST_DELIVERY: Partial<NotificationsConfig> = {
  deliveryBackoffMs: 100,
  deliveryAttempts: 4,
  reconcileAfterSeconds: 1,
  reconcileIntervalMs: 300,
  leaseSeconds: 2,
  consumerConcurrency: 8,
  consumerBatchSize: 100,
};

/**
 * Boots the notification service against real PostgreSQL, NATS and Redis: its own
 * database, NATS namespace and BullMQ prefix, so test files run in parallel.
 */
export async function startNotificationsTestApp(label: string, options: NotificationsTestOptions = {}): Promise<NotificationsTestApp> {
  const db = await createTestDatabase(`notif_${label}`);
  const namespace = options.namespace ?? testNamespace(label);
  const keysDir = options.keysDir ?? (await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-')));
  const ownKeys = !options.keysDir;
  process.env.AUTH_DEV_ISSUER = 'true';
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  const config = loadNotificationsConfig(
    // Request limits are off unless a test turns them on (config.rateLimits): tests share one client address.
    { RATE_LIMITS: 'off', ...process.env, DATABASE_URL: db.url, NATS_NAMESPACE: namespace, NODE_ENV: 'test' },
    {
      queuePrefix: `test-${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}-${randomBytes(3).toString('hex')}`,
      publicUrl: 'http://notifications.test',
      portalUrl: 'http://portal.test',
      ...FAST_DELIVERY,
      ...options.config,
    },
  );
  let builder = Test.createTestingModule({ imports: [NotificationsAppModule.forRoot(config, options.workers ?? {})] });
  if (options.templateDir) builder = builder.overrideProvider(TemplateRenderer).useValue(new TemplateRenderer(options.templateDir));
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
  await configureHttpApp(app, { service: 'notifications', title: 'notifications (test)' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const reader = await StreamReader.open();
  return {
    app,
    http: () => request(app.getHttpServer()),
    config,
    db,
    namespace,
    reader,
    dataSource: app.get(getDataSourceToken()),
    keysDir,
    token: (role, sub = `test-${role}`) => issueDevToken({ sub, roles: [role as never] }, { keysDir }),
    async publish(definition, data, id = randomUUID()) {
      const envelope = {
        specversion: '1.0',
        id,
        source: 'vaikuta/test',
        type: definition.type,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data,
      };
      await reader.publishRaw(`${namespace}.${definition.subject}`, JSON.stringify(envelope), id);
      return id;
    },
    async close() {
      await app.close();
      if (!options.namespace) await reader.deleteNamespace(namespace);
      await reader.close();
      await db.drop();
      if (ownKeys) await rm(keysDir, { recursive: true, force: true });
    },
  };
}

/** A feedback event's common part, with a consented contact when given. */
export function feedbackRef(contact?: { email?: string; phone?: string; language: 'fi' | 'sv' | 'en' }, requestId = randomUUID()) {
  return {
    requestId,
    trackingCode: `VKT-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    departmentCode: 'KYMP',
    categoryCode: '171',
    language: contact?.language ?? 'fi',
    ...(contact ? { contact } : {}),
  };
}

export const worker = { id: 'worker-1', role: 'case_worker' };
export const now = () => new Date().toISOString();
