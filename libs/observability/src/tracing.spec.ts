import { Controller, Get, Logger, Param } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { flushTracing, inSpan, NestPinoLogger, ObservabilityModule, SpanKind, SpanStatusCode, traceCarrier, tracingEnvShape, tracingSettings } from './index';

/**
 * The HTTP side of tracing (docs/adr/0017): a server span per request that continues the
 * caller's `traceparent`; log lines carrying its ids; probes left out; and the carrier the
 * outbox writes into envelopes. Spans go to an in-memory exporter here (Jest cannot run the
 * OTLP exporter's dynamic import); the OTLP path to the trace sink is proven between real
 * processes in services/notifications/test/trace-to-email.e2e.spec.ts.
 */
@Controller('things')
class ThingsController {
  private readonly logger = new Logger(ThingsController.name);

  @Get(':id')
  show(@Param('id') id: string) {
    this.logger.log('showing a thing');
    // What OutboxWriter stamps into an event written here.
    return { id, carrier: traceCarrier() };
  }

  @Get(':id/broken')
  broken() {
    throw new Error('it broke');
  }
}

const exporter = new InMemorySpanExporter();
const hex = (span: ReadableSpan) => ({
  name: span.name,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentSpanId: span.parentSpanContext?.spanId,
  kind: span.kind,
  status: span.status.code,
  statusMessage: span.status.message,
  service: span.resource.attributes['service.name'],
  attributes: span.attributes,
});

/**
 * The exported spans once `done` holds: a server span ends in Fastify's onResponse hook, which
 * may run after the client already has the answer, so the test flushes until it is there.
 */
async function exported<T>(done: (spans: ReturnType<typeof hex>[]) => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await flushTracing();
    const spans = exporter.getFinishedSpans().map(hex);
    const value = done(spans);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`spans not exported in time; there are ${JSON.stringify(spans.map((s) => s.name))}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('tracing', () => {
  let app: NestFastifyApplication;
  const lines: Record<string, any>[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({
          service: 'tracing-spec',
          logging: { level: 'debug', destination },
          tracing: { ...tracingSettings({}), exporter },
        }),
      ],
      controllers: [ThingsController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { bufferLogs: true });
    app.useLogger(app.get(NestPinoLogger));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
  const traceparent = `00-${caller.traceId}-${caller.spanId}-01`;

  it('continues the caller’s traceparent in a server span named by the route, and says so in the log lines and the envelope carrier', async () => {
    const { body } = await request(app.getHttpServer()).get('/things/42?q=secret').set('traceparent', traceparent).expect(200);
    const span = await exported((spans) => spans.find((s) => s.traceId === caller.traceId));
    expect(span).toMatchObject({ service: 'tracing-spec', name: 'GET /things/:id', kind: SpanKind.SERVER, parentSpanId: caller.spanId, status: SpanStatusCode.UNSET });
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/things/:id', 'http.response.status_code': 200 });
    // The query string (search terms can hold personal data) is in no attribute.
    expect(JSON.stringify(span)).not.toContain('secret');

    expect(body.carrier).toEqual({ traceparent: `00-${caller.traceId}-${span.spanId}-01` });
    const handlerLine = lines.find((l) => l.msg === 'showing a thing');
    const requestLine = lines.find((l) => l.msg === 'request completed' && l.req.route === '/things/:id');
    for (const line of [handlerLine, requestLine]) expect(line).toMatchObject({ trace_id: caller.traceId, span_id: span.spanId, correlationId: caller.traceId });
  });

  it('marks a 5xx span failed, starts a new trace without a traceparent, and gives probes no span', async () => {
    exporter.reset();
    await request(app.getHttpServer()).get('/things/7/broken').expect(500);
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/things/8/broken').expect(500);
    // The probe was answered between the two: once both their spans are in, a probe span would be too.
    const spans = await exported((list) => (list.length >= 2 ? list : undefined));
    expect(spans.map((s) => s.name)).toEqual(['GET /things/:id/broken', 'GET /things/:id/broken']);
    expect(spans[0]).toMatchObject({ status: SpanStatusCode.ERROR, parentSpanId: undefined });
    // Without a traceparent each request starts a trace of its own.
    expect(spans[0].traceId).not.toBe(spans[1].traceId);
  });

  it('ends a span when the work throws, marked failed, inside the active trace', async () => {
    exporter.reset();
    await expect(inSpan('outer', {}, () => inSpan('inner', {}, async () => Promise.reject(new Error('no'))))).rejects.toThrow('no');
    const [inner, outer] = await exported((list) => (list.length === 2 ? list : undefined));
    expect([inner.name, outer.name]).toEqual(['inner', 'outer']);
    expect(inner).toMatchObject({ traceId: outer.traceId, parentSpanId: outer.spanId, status: SpanStatusCode.ERROR, statusMessage: 'no' });
    expect(outer).toMatchObject({ status: SpanStatusCode.ERROR });
  });
});

describe('tracing settings (OTEL_* variables, parsed by the service kit)', () => {
  const schema = z.object(tracingEnvShape);

  it('exports to <endpoint>/v1/traces when an endpoint is set, nowhere otherwise, keeping every new trace by default', () => {
    expect(tracingSettings(schema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }))).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', sampleRatio: 1 });
    expect(tracingSettings(schema.parse({ OTEL_TRACES_SAMPLER_ARG: '0.25' }))).toEqual({ tracesUrl: undefined, sampleRatio: 0.25 });
  });

  it('names the bad variable', () => {
    const issues = (env: object) => schema.safeParse(env).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:// or https:// URL']);
    expect(issues({ OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual(['OTEL_TRACES_SAMPLER_ARG: must be between 0 and 1']);
  });
});
