import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { CORRELATION_ID_HEADER, CorrelationContext, correlationIdFromHeaders } from './correlation-context';
import { PINO_LOGGER } from './logger';
import { httpRequestDuration } from './metrics';
import { tracer } from './tracing';

// Kubernetes probes and Prometheus scrapes arrive every few seconds per replica; at info
// level they would drown the requests people actually look for.
const PROBE_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Fastify hooks rather than Nest middleware or an interceptor: hooks also see 404s and
 * requests rejected before a handler, which still need a correlation id, a metric, a span and
 * a log. The server span continues the caller's W3C `traceparent`, when it sent one.
 */
export function instrumentFastify(fastify: FastifyInstance, logger: Logger): void {
  const correlationIds = new WeakMap<FastifyRequest, string>();
  const spans = new WeakMap<FastifyRequest, Span>();

  fastify.addHook('onRequest', (request, reply, done) => {
    const id = correlationIdFromHeaders(request.headers);
    correlationIds.set(request, id);
    reply.header(CORRELATION_ID_HEADER, id);
    const route = request.routeOptions.url ?? 'unmatched';
    // Probes and scrapes get no span: a trace every few seconds per replica is noise, not insight.
    let active = ROOT_CONTEXT;
    if (!PROBE_ROUTES.has(route)) {
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracer().startSpan(
        `${request.method} ${route}`,
        { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_HTTP_ROUTE]: route } },
        parent,
      );
      spans.set(request, span);
      active = trace.setSpan(parent, span);
    }
    // Guards, pipes, interceptors and the handler run inside both contexts (Fastify 5 carries
    // them across body parsing). Nest middleware does not: middie's onRequest hook is older than ours.
    context.with(active, () => CorrelationContext.run(id, () => done()));
  });

  // A client that hangs up gets no onResponse; its span still ends.
  fastify.addHook('onRequestAbort', (request, done) => {
    const span = spans.get(request);
    span?.setStatus({ code: SpanStatusCode.ERROR, message: 'client aborted the request' });
    span?.end();
    spans.delete(request);
    done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    // Unmatched URLs share one label: scanners probing random paths must not mint series.
    const route = request.routeOptions.url ?? 'unmatched';
    const statusCode = reply.statusCode;
    httpRequestDuration.observe(
      { method: request.method, route, status_code: String(statusCode) },
      reply.elapsedTime / 1000,
    );

    const level = statusCode >= 500 ? 'error' : PROBE_ROUTES.has(route) ? 'debug' : 'info';
    // The query string is left out because search and filter parameters can hold personal data.
    const path = hasUnloggableParam(request) ? route : request.url.split('?', 1)[0];
    const span = spans.get(request);
    spans.delete(request);
    context.with(span ? trace.setSpan(ROOT_CONTEXT, span) : ROOT_CONTEXT, () =>
      CorrelationContext.run(correlationIds.get(request), () =>
        logger[level](
          { req: { method: request.method, path, route }, res: { statusCode }, responseTime: Math.round(reply.elapsedTime) },
          'request completed',
        ),
      ),
    );
    if (span) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
      // A 4xx is the caller's mistake, not this server's (OpenTelemetry's HTTP server convention).
      if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

/**
 * Path parameters whose value must not reach a log line, so such a request is logged by its
 * route template. A credential (a calendar feed's `:token`, any `…secret…`) is the key to
 * what the address shows: log readers must not be able to open a person's feed from a log
 * line. A person's identifier or contact (the admin data export's `:subjectId`, any
 * `…email…`, `…phone…`, `…hetu…`, `…identityCode…`) says whom a request was about.
 */
const UNLOGGABLE_PARAM = /token|secret|subject|email|phone|hetu|identity/i;

function hasUnloggableParam(request: FastifyRequest): boolean {
  return Object.keys((request.params ?? {}) as Record<string, unknown>).some((name) => UNLOGGABLE_PARAM.test(name));
}

@Injectable()
export class HttpInstrumentation implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  // Fastify resolves a route's hooks when the server gets ready, which is after Nest's init,
  // so adding them here still covers the routes Nest has already declared.
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    // Standalone contexts (workers, CLI scripts) have no HTTP server to instrument.
    if (!adapter) return;
    if (adapter.getType() !== 'fastify') {
      this.logger.warn({ adapter: adapter.getType() }, 'HTTP instrumentation needs the Fastify adapter; skipped');
      return;
    }
    instrumentFastify(adapter.getInstance<FastifyInstance>(), this.logger);
  }
}
