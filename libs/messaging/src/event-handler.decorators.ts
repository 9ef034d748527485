import { SetMetadata } from '@nestjs/common';
import { EventDefinition } from '@vaikuta/contracts';

export const EVENT_CONSUMER = 'vaikuta:event-consumer';
export const EVENT_HANDLERS = 'vaikuta:event-handlers';

export interface EventConsumerOptions {
  /** Durable consumer name, one per service and purpose, e.g. `notifications`. */
  name: string;
  /** Deliveries before the event is parked as a dead letter. Default 5. */
  maxDeliver?: number;
  /** How long a delivery may take before JetStream redelivers it. Default 30 s. */
  ackWaitMs?: number;
  /** Events handled at once by this process. Default 1 (keeps stream order). */
  concurrency?: number;
  /**
   * Events already waiting that are applied in one transaction. Default 1. Larger batches
   * save a transaction per event under load; order within the stream is kept.
   */
  batchSize?: number;
  /** First retry delay; doubles each delivery up to `maxBackoffMs`. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Marks a provider whose @OnEvent methods form one durable JetStream consumer. */
export const EventConsumer = (options: EventConsumerOptions) => SetMetadata(EVENT_CONSUMER, options);

export interface EventHandlerMetadata {
  type: string;
  stream: string;
  method: string | symbol;
  batch: boolean;
}

/**
 * Marks a method as the handler of one catalogue event. It is called as
 * `handler(event, manager)` inside the transaction that also records the event in the
 * inbox, so its effects are applied exactly once; throwing rolls both back and retries.
 *
 * With `{ batch: true }` it is called as `handler(events, manager)` with consecutive events
 * of a batch (see `batchSize`), in stream order, so it can apply them with set-based SQL.
 */
export function OnEvent(definition: EventDefinition, options: { batch?: boolean } = {}): MethodDecorator {
  return (target, propertyKey) => {
    const existing: EventHandlerMetadata[] = Reflect.getMetadata(EVENT_HANDLERS, target.constructor) ?? [];
    const handler: EventHandlerMetadata = { type: definition.type, stream: definition.stream, method: propertyKey, batch: options.batch === true };
    Reflect.defineMetadata(EVENT_HANDLERS, [...existing, handler], target.constructor);
  };
}
