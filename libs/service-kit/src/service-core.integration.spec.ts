import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Controller, DynamicModule, Get, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Public, issueDevToken } from '@vaikuta/auth';
import { CloudEvent, FeedbackEvents } from '@vaikuta/contracts';
import { configureHttpApp, createFastifyAdapter } from '@vaikuta/http';
import { OnEvent } from '@vaikuta/messaging';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { StreamReader, testNamespace } from '@vaikuta/testing';
import { BaseServiceConfig, loadServiceConfig, serviceEnvSchema } from './service-config';
import { ServiceCoreModule, ServiceCoreOptions } from './service-core.module';

@Injectable()
class SubmittedCounter {
  seen = 0;
  @OnEvent(FeedbackEvents.submitted)
  async count(_event: CloudEvent) {
    this.seen++;
  }
}

@Controller('demo')
class HelloController {
  @Get('hello')
  @Public()
  hello() {
    return { hello: 'world' };
  }
}

/** A service with nothing of its own but one route and one consumer: the kit does the rest. */
@Module({})
class DemoAppModule {
  static forRoot(config: BaseServiceConfig, core: Partial<ServiceCoreOptions>): DynamicModule {
    return {
      module: DemoAppModule,
      imports: [ServiceCoreModule.forRoot({ config, migrations: [], produces: ['FEEDBACK'], ...core })],
      controllers: [HelloController],
      providers: [SubmittedCounter],
    };
  }
}

describe('ServiceCoreModule', () => {
  let db: TestDatabase;
  let keysDir: string;
  let reader: StreamReader;
  const namespace = testNamespace('service_kit');
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('service_kit');
    keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
    reader = await StreamReader.open();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await reader.deleteNamespace(namespace);
    await reader.close();
    await db.drop();
    await rm(keysDir, { recursive: true, force: true });
  });

  async function boot(core: Partial<ServiceCoreOptions>) {
    const config = loadServiceConfig('demo', serviceEnvSchema({}), { DATABASE_URL: db.url, NATS_NAMESPACE: namespace, RATE_LIMITS: 'off', NODE_ENV: 'test' });
    const moduleRef = await Test.createTestingModule({
      imports: [DemoAppModule.forRoot(config, { auth: { devIssuer: true, devKeysDir: keysDir }, ...core })],
    }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter());
    apps.push(app);
    await configureHttpApp(app, { service: 'demo', title: 'demo' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }

  it('wires a whole service: messaging tables, readiness, dead letters under its prefix, consumer options given at registration', async () => {
    const app = await boot({
      redisRequired: true,
      consumers: [{ consumer: SubmittedCounter, options: { name: 'kit-demo', ackWaitMs: 7000, concurrency: 2 } }],
    });
    const http = () => request(app.getHttpServer());

    await http().get('/demo/hello').expect(200, { hello: 'world' });
    const ready = await http().get('/health/ready').expect(200);
    expect(Object.keys(ready.body.details)).toEqual(expect.arrayContaining(['database', 'nats', 'redis']));

    // The messaging tables' migration ran although the service listed no migrations.
    const [{ n }] = await app.get(getDataSourceToken()).query(`SELECT count(*)::int AS n FROM migrations WHERE name = 'CreateMessagingTables1763800000000'`);
    expect(n).toBe(1);

    await http().get('/demo/admin/dead-letters').expect(401);
    const admin = await issueDevToken({ sub: 'kit-admin', roles: ['admin'] }, { keysDir });
    await http().get('/demo/admin/dead-letters').set('authorization', `Bearer ${admin}`).expect(200, { items: [] });

    // The registration's settings reached JetStream (not a decorator literal).
    const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    try {
      const info = await (await jetstreamManager(nc)).consumers.info(`${namespace.toUpperCase()}_FEEDBACK`, 'kit-demo');
      expect(info.config.ack_wait).toBe(7000 * 1_000_000);
    } finally {
      await nc.close();
    }
  });

  it('refuses to boot a consumer class nobody registered, rather than drop its events', async () => {
    await expect(boot({ consumers: [] })).rejects.toThrow(/SubmittedCounter has @OnEvent handlers but no consumer/);
  });
});

