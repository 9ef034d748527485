import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Lower case because Node and Fastify hand headers over lower-cased. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

// The id arrives from outside and is copied into every log line, event and response, so only
// short plain tokens (UUIDs, W3C trace ids, ULIDs...) are trusted; anything else is replaced
// rather than risk log injection or oversized headers travelling through the bus.
const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;
// W3C Trace Context: version-traceid-parentid-flags. An all-zero trace id is invalid by spec.
const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/;

// Module-level rather than a static field so `const { current } = CorrelationContext` still works.
const storage = new AsyncLocalStorage<string>();

/**
 * The correlation id of the work in progress: an HTTP request, or an event being handled.
 * HTTP requests enter it in ObservabilityModule's Fastify hooks; a message consumer enters it
 * with `run(envelope.correlationid, handler)`; an outbox writer reads it with `current()`.
 */
export const CorrelationContext = {
  current(): string | undefined {
    return storage.getStore();
  },

  /**
   * Runs `fn` (and everything async it starts) under `id`. A missing id gets a fresh one, so
   * the logs of a handler for an event that carried none, and the events it emits in turn,
   * are still tied together.
   */
  run<T>(id: string | null | undefined, fn: () => T): T {
    return storage.run(id || randomUUID(), fn);
  },
};

/** `X-Correlation-Id`, else the trace id of `traceparent`, else a new UUID. */
export function correlationIdFromHeaders(headers: IncomingHttpHeaders): string {
  const given = headers[CORRELATION_ID_HEADER];
  const candidate = Array.isArray(given) ? given[0] : given;
  if (candidate && ACCEPTABLE_ID.test(candidate)) return candidate;

  const traceparent = headers.traceparent;
  const traceId = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
  if (traceId && !/^0+$/.test(traceId)) return traceId;

  return randomUUID();
}
