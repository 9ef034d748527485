import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { z } from 'zod';

export { SpanKind, SpanStatusCode, type Context, type Span } from '@opentelemetry/api';

/**
 * The tracing variables, for a service's zod config. The names are OpenTelemetry's own, so an
 * operator's collector set-up reads the same as for any other OpenTelemetry service.
 */
export const tracingEnvShape = {
  /** Base URL of an OTLP/HTTP receiver (`http://collector:4318`); spans go to `<url>/v1/traces`. Unset: nothing is exported. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Share of new traces kept (0…1, default 1). A request that arrives sampled or not keeps its caller's decision. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number({ error: 'must be a number' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
};

export interface TracingSettings {
  /** Where spans are sent (`…/v1/traces`); undefined keeps them in the process (ids for logs and events only). */
  tracesUrl?: string;
  /** Share of root traces sampled. */
  sampleRatio: number;
  /**
   * Where spans go instead of OTLP: a test's in-memory exporter. (The OTLP exporter loads
   * `http` with a dynamic import, which Jest's CommonJS sandbox cannot run; real processes can.)
   */
  exporter?: SpanExporter;
}

export function tracingSettings(env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_TRACES_SAMPLER_ARG?: number }): TracingSettings {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  return { tracesUrl: base ? `${base}/v1/traces` : undefined, sampleRatio: env.OTEL_TRACES_SAMPLER_ARG ?? 1 };
}

/** The tracer every part of a service uses; its spans carry the service's name through the provider's resource. */
export const tracer = () => trace.getTracer('vaikuta');

let provider: NodeTracerProvider | undefined;

/**
 * Registers the process's tracer provider, named after the service, once. It is registered even
 * without an exporter: spans then still get ids, so log lines carry `trace_id`/`span_id` and a
 * caller's `traceparent` still travels on into the events this service writes. One process may
 * boot several apps (tests); the first registration stands.
 */
export function startTracing(service: string, settings: TracingSettings): void {
  if (provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: settings.exporter
      ? [new BatchSpanProcessor(settings.exporter)]
      : settings.tracesUrl
        ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl }))]
        : [],
  });
  // The default propagator is W3C Trace Context with Baggage, and the context manager is
  // AsyncLocalStorage-based: what the Fastify hooks and the consumers enter stays active
  // through every await of the handler.
  provider.register();
}

/** Sends the spans still buffered (at shutdown, so a stopping replica's last spans are not lost). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

/** W3C `traceparent` (and `tracestate`, when there is one) of a context, as carried in headers and event envelopes. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The carrier of the active context (or `ctx`); empty when no span is active or it is not valid. */
export function traceCarrier(ctx: Context = context.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/** The context a carrier names (the root context when it names none). */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** `trace_id` and `span_id` of the active span, for a log line; nothing outside a span. */
export function activeTraceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  const ids = span?.spanContext();
  if (!ids || !trace.isSpanContextValid(ids)) return {};
  return { trace_id: ids.traceId, span_id: ids.spanId };
}

/** Marks a span failed with the error's message (never its data: error messages here name no person). */
export function recordFailure(span: Span, error: unknown): void {
  const message = (error as Error)?.message ?? String(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.recordException(error instanceof Error ? error : new Error(message));
}

/**
 * Runs `fn` in a span that is a child of `parent` (default: the active context), ending it when
 * `fn` settles and marking it failed when `fn` throws.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}
