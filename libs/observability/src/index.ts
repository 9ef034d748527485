export { CORRELATION_ID_HEADER, CorrelationContext, correlationIdFromHeaders } from './correlation-context';
export {
  createLogger,
  NestPinoLogger,
  PERSONAL_DATA_FIELDS,
  PINO_LOGGER,
  REDACT_PATHS,
  type LoggerOptions,
  type LoggingOptions,
} from './logger';
export { LOG_LEVELS, loggingEnvShape, loggingSettings, type LoggingSettings } from './logging-env';
export {
  collectProcessMetrics,
  defineCounter,
  defineGauge,
  defineHistogram,
  httpRequestDuration,
  metricsRegistry,
  type Counter,
  type Gauge,
  type Histogram,
} from './metrics';
export {
  DEFAULT_READINESS_TIMEOUT_MS,
  READINESS_CHECKS,
  type ReadinessCheck,
  type ReadinessProbe,
} from './readiness';
export { databaseReadiness } from './database.health';
export { natsReadiness } from './nats.health';
export { redisReadiness } from './redis.health';
export { instrumentFastify } from './http-instrumentation';
export { OBSERVABILITY_ROUTES, ObservabilityModule, type ObservabilityOptions } from './observability.module';
export {
  activeTraceFields,
  contextFromCarrier,
  flushTracing,
  inSpan,
  recordFailure,
  SpanKind,
  SpanStatusCode,
  startTracing,
  traceCarrier,
  tracer,
  tracingEnvShape,
  tracingSettings,
  type Context,
  type Span,
  type TraceCarrier,
  type TracingSettings,
} from './tracing';
