import { defineCounter } from '@vaikuta/observability';

/**
 * Counters the hot paths increment (a few nanoseconds each), beside the gauges of
 * messaging.metrics.ts that are computed when Prometheus scrapes. Their own file because the
 * relay and the consumer runner import them, and messaging.metrics.ts imports what imports those.
 */
export const outboxPublished = defineCounter<'outcome'>({
  name: 'vaikuta_outbox_published_total',
  help: 'Outbox rows handed to JetStream (outcome="published") or left pending after a failed publish (outcome="failed")',
  labelNames: ['outcome'],
});

export const eventsHandled = defineCounter<'consumer' | 'outcome'>({
  name: 'vaikuta_events_handled_total',
  help: 'Events a consumer handled: applied, skipped as already applied (duplicate), or failed (to be retried or parked)',
  labelNames: ['consumer', 'outcome'],
});
