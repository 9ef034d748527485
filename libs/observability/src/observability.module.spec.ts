import { Body, Controller, Get, Logger, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import type { Logger as PinoLogger } from 'pino';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  CorrelationContext,
  databaseReadiness,
  natsReadiness,
  NestPinoLogger,
  ObservabilityModule,
  PINO_LOGGER,
  redisReadiness,
  type ReadinessCheck,
} from './index';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.TEST_NATS_URL ?? '127.0.0.1:4222';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;

const DATA_SOURCE = Symbol('DATA_SOURCE');
const NATS = Symbol('NATS');
const REDIS = Symbol('REDIS');

@Controller('probe')
class ProbeController {
  private readonly logger = new Logger(ProbeController.name);

  @Get(':id')
  show(@Param('id') id: string) {
    this.logger.log({ msg: 'showing', email: 'resident@example.fi' });
    return { id, correlationId: CorrelationContext.current() };
  }

  @Get('feeds/:token.ics')
  feed(@Param('token') token: string) {
    return { length: token.length };
  }

  @Post()
  create(@Body() _body: unknown) {
    return { correlationId: CorrelationContext.current() };
  }
}

/** Stands in for the persistence and messaging modules: not global, so passed via `imports`. */
@Module({})
class InfrastructureModule {
  static with(values: { dataSource: DataSource; nats: Awaited<ReturnType<typeof connect>>; redis: Redis }): DynamicModule {
    const providers = [
      { provide: DATA_SOURCE, useValue: values.dataSource },
      { provide: NATS, useValue: values.nats },
      { provide: REDIS, useValue: values.redis },
    ];
    return { module: InfrastructureModule, providers, exports: providers.map((p) => p.provide) };
  }
}

type Infrastructure = Parameters<typeof InfrastructureModule.with>[0];

async function openInfrastructure(): Promise<Infrastructure> {
  const dataSource = await new DataSource({ type: 'postgres', url: POSTGRES_URL }).initialize();
  const nats = await connect({ servers: NATS_URL });
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  return { dataSource, nats, redis };
}

async function closeInfrastructure({ dataSource, nats, redis }: Infrastructure) {
  if (dataSource.isInitialized) await dataSource.destroy();
  if (!nats.isClosed()) await nats.close();
  if (redis.status !== 'end') redis.disconnect();
}

async function bootApp(infrastructure: Infrastructure, extraChecks: ReadinessCheck[] = []) {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ObservabilityModule.forRoot({
        service: 'feedback',
        imports: [InfrastructureModule.with(infrastructure)],
        readiness: [databaseReadiness(DATA_SOURCE), natsReadiness(NATS), redisReadiness(REDIS), ...extraChecks],
        logging: { level: 'debug', destination },
      }),
    ],
    controllers: [ProbeController],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(NestPinoLogger));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, lines };
}

describe('ObservabilityModule over Fastify', () => {
  let infrastructure: Infrastructure;
  let app: NestFastifyApplication;
  let lines: Record<string, any>[];

  beforeAll(async () => {
    infrastructure = await openInfrastructure();
    ({ app, lines } = await bootApp(infrastructure));
  });

  afterAll(async () => {
    await app?.close();
    if (infrastructure) await closeInfrastructure(infrastructure);
  });

  describe('correlation id', () => {
    it('generates one, echoes it and makes it current in the handler', async () => {
      const res = await request(app.getHttpServer()).get('/probe/1').expect(200);
      expect(res.headers['x-correlation-id']).toMatch(UUID);
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
    });

    it('takes the incoming X-Correlation-Id', async () => {
      const res = await request(app.getHttpServer()).get('/probe/1').set('X-Correlation-Id', 'from-portal-1').expect(200);
      expect(res.headers['x-correlation-id']).toBe('from-portal-1');
      expect(res.body.correlationId).toBe('from-portal-1');
    });

    it("takes traceparent's trace id when there is no X-Correlation-Id", async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await request(app.getHttpServer())
        .get('/probe/1')
        .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
        .expect(200);
      expect(res.headers['x-correlation-id']).toBe(traceId);
    });

    it('survives body parsing into the handler', async () => {
      const res = await request(app.getHttpServer())
        .post('/probe')
        .set('X-Correlation-Id', 'with-body-1')
        .send({ text: 'a pothole on Mannerheimintie' })
        .expect(201);
      expect(res.body.correlationId).toBe('with-body-1');
    });

    it('survives a body that arrives after the headers', async () => {
      // The body's 'data' events fire after onRequest has returned; the context must still reach the handler.
      const body = JSON.stringify({ text: 'slow upload' });
      const { port } = (app.getHttpServer().listen(0) as Server).address() as AddressInfo;
      const response = await new Promise<string>((resolve, reject) => {
        const req = httpRequest(
          { port, method: 'POST', path: '/probe', headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-correlation-id': 'slow-body-1' } },
          (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.flushHeaders();
        setTimeout(() => req.end(body), 50);
      });
      await new Promise((resolve) => app.getHttpServer().close(resolve));
      expect(JSON.parse(response).correlationId).toBe('slow-body-1');
    });

    it('is echoed on unmatched routes too', async () => {
      const res = await request(app.getHttpServer()).get('/nowhere').set('X-Correlation-Id', 'lost-1').expect(404);
      expect(res.headers['x-correlation-id']).toBe('lost-1');
    });
  });

  describe('logs', () => {
    it('carry service and correlation id from Nest loggers and the access log, without personal data or bodies', async () => {
      await request(app.getHttpServer()).get('/probe/7').set('X-Correlation-Id', 'log-1').expect(200);
      await request(app.getHttpServer())
        .post('/probe?email=resident@example.fi')
        .set('X-Correlation-Id', 'log-2')
        .send({ text: 'body text that must not be logged' })
        .expect(201);

      const handlerLine = lines.find((l) => l.msg === 'showing' && l.correlationId === 'log-1');
      expect(handlerLine).toMatchObject({ service: 'feedback', context: 'ProbeController', email: '[Redacted]' });

      const accessLine = lines.find((l) => l.msg === 'request completed' && l.correlationId === 'log-1');
      expect(accessLine).toMatchObject({
        service: 'feedback',
        level: 'info',
        req: { method: 'GET', path: '/probe/7', route: '/probe/:id' },
        res: { statusCode: 200 },
      });

      const postLine = lines.find((l) => l.msg === 'request completed' && l.correlationId === 'log-2');
      expect(postLine?.req.path).toBe('/probe');
      const everything = JSON.stringify(lines);
      expect(everything).not.toContain('body text that must not be logged');
      expect(everything).not.toContain('resident@example.fi');
    });

    it('leave out a secret path parameter (a feed token): the line names the route template instead', async () => {
      const token = 'm8JEDiApGo82K4JI1qRGwDktAW_uUceXsN0Lk1jVJ9w';
      await request(app.getHttpServer()).get(`/probe/feeds/${token}.ics`).set('X-Correlation-Id', 'log-secret').expect(200);
      const accessLine = lines.find((l) => l.msg === 'request completed' && l.correlationId === 'log-secret');
      expect(accessLine?.req).toEqual({ method: 'GET', path: '/probe/feeds/:token.ics', route: '/probe/feeds/:token.ics' });
      expect(JSON.stringify(lines)).not.toContain(token);
    });

    it('carry the id of CorrelationContext.run, as a message consumer would set it', () => {
      CorrelationContext.run('event-corr-9', () => {
        app.get<PinoLogger>(PINO_LOGGER).info('consumed feedback.request.resolved');
        new Logger('FeedbackResolvedConsumer').log('applied');
      });
      expect(lines.find((l) => l.msg === 'consumed feedback.request.resolved')).toMatchObject({
        service: 'feedback',
        correlationId: 'event-corr-9',
      });
      expect(lines.find((l) => l.msg === 'applied')).toMatchObject({
        correlationId: 'event-corr-9',
        context: 'FeedbackResolvedConsumer',
      });
    });
  });

  describe('health', () => {
    it('/health/live answers without consulting dependencies', async () => {
      const res = await request(app.getHttpServer()).get('/health/live').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', details: {} });
    });

    it('/health/ready checks PostgreSQL, NATS and Redis', async () => {
      const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, nats: { status: 'up' }, redis: { status: 'up' } },
      });
    });
  });

  describe('metrics', () => {
    it('/metrics exposes the request histogram by route template, and process metrics', async () => {
      await request(app.getHttpServer()).get('/probe/12345').expect(200);
      await request(app.getHttpServer()).get('/no/such/path').expect(404);

      const res = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/probe\/:id",status_code="200"\} \d+/);
      expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/probe\/:id",status_code="200"\}/);
      expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\}/);
      expect(res.text).not.toContain('12345');
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toContain('nodejs_eventloop_lag_seconds');
    });
  });
});

describe('ObservabilityModule when dependencies are down', () => {
  let infrastructure: Infrastructure;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    infrastructure = await openInfrastructure();
    // A second app in the same process: metrics and the histogram must not be registered twice.
    ({ app } = await bootApp(infrastructure, [
      { name: 'search-index', useFactory: () => () => new Promise<void>(() => {}), timeoutMs: 50 },
    ]));
  });

  afterAll(async () => {
    await app?.close();
    if (infrastructure) await closeInfrastructure(infrastructure);
  });

  it('/health/ready answers 503 naming each failed dependency; /health/live stays 200', async () => {
    await closeInfrastructure(infrastructure);

    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({
      status: 'error',
      error: {
        database: { status: 'down', message: 'DataSource is not initialized' },
        nats: { status: 'down', message: 'NATS connection is closed' },
        redis: { status: 'down' },
        'search-index': { status: 'down', message: 'timeout of 50ms exceeded' },
      },
    });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });
});
