import { Injectable, Module, type DynamicModule, type ModuleMetadata, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HttpInstrumentation } from './http-instrumentation';
import { createLogger, NestPinoLogger, PINO_LOGGER, type LoggingOptions } from './logger';
import { collectProcessMetrics } from './metrics';
import { MetricsController } from './metrics.controller';
import {
  DEFAULT_READINESS_TIMEOUT_MS,
  READINESS_CHECKS,
  type ReadinessCheck,
  type ReadinessProbe,
  type ResolvedReadinessCheck,
} from './readiness';
import { flushTracing, startTracing, type TracingSettings } from './tracing';

export interface ObservabilityOptions {
  /** Written on every log line as `service`. */
  service: string;
  /** What /health/ready waits for, e.g. `[databaseReadiness(DataSource), natsReadiness(NATS_CONNECTION)]`. */
  readiness?: ReadinessCheck[];
  /** Modules exporting what the readiness checks inject, when those are not global. */
  imports?: ModuleMetadata['imports'];
  logging?: LoggingOptions;
  /** Where spans go (OTEL_EXPORTER_OTLP_ENDPOINT, parsed by the service's config); default: nowhere, ids only. */
  tracing?: TracingSettings;
}

/** For `app.setGlobalPrefix(prefix, { exclude: OBSERVABILITY_ROUTES })`: probes and scrapers expect the root. */
export const OBSERVABILITY_ROUTES = ['health/live', 'health/ready', 'metrics'];

/** Sends the spans still buffered when the app closes (a rolling update's last requests). */
@Injectable()
class TracingFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

/**
 * Tracing (a tracer provider named after the service), logging, correlation ids, /health/live, /health/ready and /metrics for one service.
 * Import once in the AppModule; global, so the pino logger can be injected anywhere.
 */
@Module({})
export class ObservabilityModule {
  constructor() {
    collectProcessMetrics();
  }

  static forRoot(options: ObservabilityOptions): DynamicModule {
    // Before any provider is built: the Fastify hooks and the messaging parts find it registered.
    startTracing(options.service, options.tracing ?? { sampleRatio: 1 });
    return {
      module: ObservabilityModule,
      global: true,
      imports: [TerminusModule.forRoot(), ...(options.imports ?? [])],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PINO_LOGGER, useFactory: () => createLogger({ service: options.service, ...options.logging }) },
        NestPinoLogger,
        HttpInstrumentation,
        TracingFlush,
        ...readinessProviders(options.readiness ?? []),
      ],
      exports: [PINO_LOGGER, NestPinoLogger],
    };
  }
}

// Nest has no multi-providers, so each check becomes a factory provider of its own (that is
// how its `inject` gets resolved) and READINESS_CHECKS gathers their probes into one list.
function readinessProviders(checks: ReadinessCheck[]): Provider[] {
  const names = checks.map((check) => check.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new Error(`Readiness check "${duplicate}" is declared twice`);

  const probes = checks.map((check) => ({
    provide: Symbol(`readiness:${check.name}`),
    inject: check.inject ?? [],
    useFactory: check.useFactory,
  }));
  return [
    ...probes,
    {
      provide: READINESS_CHECKS,
      inject: probes.map((probe) => probe.provide),
      useFactory: (...resolved: ReadinessProbe[]): ResolvedReadinessCheck[] =>
        checks.map((check, i) => ({
          name: check.name,
          probe: resolved[i],
          timeoutMs: check.timeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
        })),
    },
  ];
}
