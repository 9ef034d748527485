// Types for scripts/trace-sink.mjs, so TypeScript tests can start the development trace sink.

export interface SinkSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  /** The exporting service's `service.name`. */
  service: string;
  /** ISO 8601, UTC. */
  startedAt: string;
  /** Start in Unix nanoseconds, as a decimal string. */
  startNanos: string;
  durationMs: number;
  status: 'ok' | 'error';
  statusMessage?: string;
  attributes: Record<string, unknown>;
}

export interface TraceSummary {
  traceId: string;
  /** In order of their first span. */
  services: string[];
  /** `<service>: <span name>` of the span without a parent here. */
  root: string;
  spans: number;
  errors: number;
  durationMs: number;
  startedAt: string;
}

export interface TraceSinkOptions {
  /** 0 picks a free port. Default 1087. */
  port?: number;
  host?: string;
  /** How many spans are kept, newest. Default 20 000. */
  limit?: number;
  onSpans?: (spans: SinkSpan[]) => void;
}

export interface TraceSink {
  /** What OTEL_EXPORTER_OTLP_ENDPOINT should be, e.g. http://127.0.0.1:1087 (the page is there too). */
  url: string;
  port: number;
  /** Every span kept, in arrival order. */
  spans(): SinkSpan[];
  /** Newest first. */
  traces(): TraceSummary[];
  /** One trace's spans, parents before their children. */
  trace(traceId: string): SinkSpan[];
  clear(): void;
  close(): Promise<void>;
}

export function spansOfRequest(body: unknown): SinkSpan[];
export function startTraceSink(options?: TraceSinkOptions): Promise<TraceSink>;
