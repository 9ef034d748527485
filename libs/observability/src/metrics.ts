import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

export type { Counter, Gauge, Histogram } from 'prom-client';

/**
 * Every metric the service exposes on /metrics. Its own registry rather than prom-client's
 * global one, so what a dependency registers globally cannot collide with ours or leak out.
 */
export const metricsRegistry = new Registry();

// The define* helpers return the metric already registered under that name, because one
// process may build the same module graph twice (two Nest apps in a Jest file, a worker and an
// API in one process) and prom-client throws on a second registration. Note the first
// definition wins: a `collect` callback bound to the second app's resources is ignored, so
// prefer setting gauges from the code that knows the value over `collect` closures.
function defineMetric<M>(name: string, type: typeof Counter | typeof Gauge | typeof Histogram, create: () => M): M {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (existing instanceof type) return existing as M;
  throw new Error(`Metric ${name} is already registered as a ${existing.constructor.name}`);
}

type Config<C> = Omit<C, 'registers'>;

export function defineCounter<L extends string = string>(config: Config<CounterConfiguration<L>>): Counter<L> {
  return defineMetric(config.name, Counter, () => new Counter<L>({ ...config, registers: [metricsRegistry] }));
}

export function defineGauge<L extends string = string>(config: Config<GaugeConfiguration<L>>): Gauge<L> {
  return defineMetric(config.name, Gauge, () => new Gauge<L>({ ...config, registers: [metricsRegistry] }));
}

export function defineHistogram<L extends string = string>(config: Config<HistogramConfiguration<L>>): Histogram<L> {
  return defineMetric(config.name, Histogram, () => new Histogram<L>({ ...config, registers: [metricsRegistry] }));
}

/** Process metrics (CPU, memory, event loop lag, GC); idempotent for the same reason as define*. */
export function collectProcessMetrics(): void {
  if (metricsRegistry.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ register: metricsRegistry });
}

/** Labelled by route template (`/feedback/:id`), never the raw URL, to keep series bounded. */
export const httpRequestDuration = defineHistogram<'method' | 'route' | 'status_code'>({
  name: 'http_request_duration_seconds',
  help: 'Duration of HTTP requests, by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
});
