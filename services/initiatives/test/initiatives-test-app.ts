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
import { InitiativesAppModule } from '../src/app.module';
import { Clock, SystemClock } from '../src/domain/clock';
import { InitiativesConfig, loadInitiativesConfig } from '../src/initiatives-config';

export interface InitiativesTestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  config: InitiativesConfig;
  db: TestDatabase;
  namespace: string;
  stream: string;
  reader: StreamReader;
  dataSource: DataSource;
  token(role: string, departments?: string[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

/** A clock a test sets by hand. */
export class FakeClock extends Clock {
  constructor(public current = new Date()) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
}

/**
 * Boots the whole initiatives service against real PostgreSQL, NATS and Redis, in a database
 * and a NATS namespace of its own; schedules off unless a test turns them on.
 */
export async function startInitiativesTestApp(
  label: string,
  overrides: Partial<InitiativesConfig> = {},
  { clock = new SystemClock() as Clock, env = {} as Record<string, string> } = {},
): Promise<InitiativesTestApp> {
  const db = await createTestDatabase(`initiatives_${label}`);
  const namespace = testNamespace(`ini_${label}`);
  const keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  process.env.AUTH_DEV_ISSUER = 'true';
  process.env.AUTH_DEV_KEYS_DIR = keysDir;
  const config = loadInitiativesConfig(
    {
      RATE_LIMITS: 'off',
      KUNTALAISALOITE_IMPORT_INTERVAL_MINUTES: '0',
      REMINDER_INTERVAL_MINUTES: '0',
      ...process.env,
      ...env,
      DATABASE_URL: db.url,
      NATS_NAMESPACE: namespace,
    },
    overrides,
  );
  const moduleRef = await Test.createTestingModule({ imports: [InitiativesAppModule.forRoot(config, { clock })] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
  await configureHttpApp(app, { service: 'initiatives', title: 'initiatives (test)' });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const reader = await StreamReader.open();
  return {
    app,
    http: () => request(app.getHttpServer()),
    config,
    db,
    namespace,
    stream: `${namespace.toUpperCase()}_INITIATIVES`,
    reader,
    dataSource: app.get(getDataSourceToken()),
    token: (role, departments = [], sub = `test-${role}`) => issueDevToken({ sub, roles: [role as never], departments }, { keysDir }),
    async close() {
      await app.close();
      await reader.deleteNamespace(namespace);
      await reader.close();
      await db.drop();
      await rm(keysDir, { recursive: true, force: true });
    },
  };
}
