import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { flushTracing } from '@vaikuta/observability';
import { ServiceProcess, startServiceProcess, waitFor } from '@vaikuta/testing';
import type { SinkSpan, TraceSink } from '../../../scripts/trace-sink.mjs';
import { PortalAppModule } from '../src/app.module';
import { configurePortalApp, createPortalAdapter } from '../src/portal-app';
import { loadPortalConfig } from '../src/portal-config';

/**
 * A page's trace starts in the portal and continues in the service it calls (docs/adr/0017):
 * the feedback service as a process exporting to the development trace sink, the portal in
 * this process with an in-memory exporter (Jest cannot run the OTLP exporter's dynamic import).
 * The portal has no outgoing-HTTP instrumentation, so its service clients and its /api proxy
 * must send the portal span's `traceparent` themselves; without that the service's span starts
 * a trace of its own (a page) or hangs off the browser's span, skipping the portal (the proxy).
 */
jest.setTimeout(120_000);

const NOWHERE = 'http://127.0.0.1:9';

describe('a trace through the portal into the feedback service', () => {
  const exporter = new InMemorySpanExporter();
  let sink: TraceSink;
  let feedback: ServiceProcess;
  let portal: NestFastifyApplication;

  beforeAll(async () => {
    const { startTraceSink } = await import('../../../scripts/trace-sink.mjs');
    sink = await startTraceSink({ port: 0 });
    feedback = await startServiceProcess('feedback', {
      label: 'portal_trace',
      // Exported every 100 ms rather than every 5 s, so the test waits less for the spans.
      env: (scratchDir) => ({ PHOTO_STORAGE_DIR: scratchDir, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_BSP_SCHEDULE_DELAY: '100' }),
    });
    const config = loadPortalConfig(
      { RATE_LIMITS: 'off', ...process.env, AUTH_DEV_ISSUER: 'true', NODE_ENV: 'test', MAP_TILE_URL: '' },
      {
        port: 0,
        services: [
          { name: 'feedback', url: feedback.url, proxy: ['/open311/v2'] },
          { name: 'notifications', url: NOWHERE, proxy: [] },
        ],
        tracing: { sampleRatio: 1, exporter },
      },
    );
    const moduleRef = await Test.createTestingModule({ imports: [PortalAppModule.forRoot(config)] }).compile();
    portal = moduleRef.createNestApplication<NestFastifyApplication>(createPortalAdapter(), { logger: ['error'] });
    await configurePortalApp(portal);
    await portal.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await portal?.close();
    await feedback?.close();
    await sink?.close();
  });

  /** A W3C traceparent of a span of the browser's own, sampled. */
  const caller = () => {
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
  };

  /** The portal's server span for `name` in the trace, once exported (it ends in onResponse, maybe after the answer). */
  const portalSpan = (traceId: string, name: string) =>
    waitFor(
      async () => {
        await flushTracing();
        return exporter.getFinishedSpans().find((s) => s.spanContext().traceId === traceId && s.name === name);
      },
      { what: `the portal's ${name} span`, timeoutMs: 10_000, intervalMs: 50 },
    );

  /** The feedback service's server spans in the trace, once `name` is among them. */
  const feedbackSpans = (traceId: string, name: string) =>
    waitFor(
      () => {
        const spans = sink.trace(traceId).filter((s: SinkSpan) => s.service === 'feedback' && s.kind === 'server');
        return spans.some((s: SinkSpan) => s.name === name) ? spans : undefined;
      },
      { what: `feedback's ${name} span in the trace`, timeoutMs: 20_000, intervalMs: 100 },
    );

  it('a page: the service’s span is a child of the portal’s, in the browser’s trace', async () => {
    const browser = caller();
    await request(portal.getHttpServer()).get('/feedback').set('traceparent', browser.traceparent).expect(200);
    const page = await portalSpan(browser.traceId, 'GET /feedback');
    expect(page.parentSpanContext?.spanId).toBe(browser.spanId);

    const spans = await feedbackSpans(browser.traceId, 'GET /feedback/public/requests');
    // Every call the page made continues the page's span.
    for (const span of spans) expect(span.parentSpanId).toBe(page.spanContext().spanId);
  });

  it('the /api proxy: the service’s span hangs off the portal’s, not the browser’s', async () => {
    const browser = caller();
    const res = await request(portal.getHttpServer())
      .post('/api/feedback/requests')
      .set('traceparent', browser.traceparent)
      .send({ kind: 'fault', categoryCode: '171', description: 'Katulamppu ei pala Porthaninkadulla.', lat: 60.1841, lon: 24.9494, districtCode: 'kallio' });
    expect(res.status).toBe(201);
    const [proxied] = (await feedbackSpans(browser.traceId, 'POST /feedback/requests')).filter((s: SinkSpan) => s.name === 'POST /feedback/requests');
    const portalSpans = await waitFor(
      async () => {
        await flushTracing();
        const mine = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === browser.traceId);
        return mine.length ? mine : undefined;
      },
      { what: 'the portal’s span of the proxied request', timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(portalSpans.map((s) => s.spanContext().spanId)).toContain(proxied.parentSpanId);
    expect(proxied.parentSpanId).not.toBe(browser.spanId);
  });
});
