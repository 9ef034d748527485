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
  /** First retry delay; doubles each delivery up to `maxBackoffMs`. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Marks a provider whose @OnEvent methods form one durable JetStream consumer. */
export const EventConsumer = (options: EventConsumerOptions) => SetMetadata(EVENT_CONSUMER, options);

/**
 * Marks a method as the handler of one catalogue event. It is called as
 * `handler(event, manager)` inside the transaction that also records the event in the
 * inbox, so its effects are applied exactly once; throwing rolls both back and retries.
 */
export function OnEvent(definition: EventDefinition): MethodDecorator {
  return (target, propertyKey) => {
    const existing: { type: string; stream: string; method: string | symbol }[] =
      Reflect.getMetadata(EVENT_HANDLERS, target.constructor) ?? [];
    Reflect.defineMetadata(
      EVENT_HANDLERS,
      [...existing, { type: definition.type, stream: definition.stream, method: propertyKey }],
      target.constructor,
    );
  };
}
