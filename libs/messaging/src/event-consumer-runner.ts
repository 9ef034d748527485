import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import { ConsumerMessages, jetstream, JsMsg } from '@nats-io/jetstream';
import { CloudEvent, EventCatalogue } from '@vaikuta/contracts';
import { CorrelationContext } from '@vaikuta/observability';
import { EventConsumerOptions } from './event-handler.decorators';
import { StreamNaming } from './stream-naming';
import { StreamProvisioner } from './stream-provisioner';
import { NonRetryableEventError } from './non-retryable-event.error';

export type EventHandlerFn = (event: CloudEvent, manager: EntityManager) => Promise<void>;

export interface ConsumerRegistration {
  options: Required<EventConsumerOptions>;
  /** By stream, then by event type. */
  handlers: Map<string, Map<string, EventHandlerFn>>;
}

export interface DeadLetterInput {
  consumer: string;
  stream: string;
  streamSeq: number;
  subject: string;
  payload: string;
  eventId?: string;
  eventType?: string;
  reason: string;
  deliveries: number;
}

/** Thrown when a replayed dead letter cannot be applied; the message says why. */
export class ReplayFailedError extends Error {}

/**
 * Pulls from one durable consumer per (consumer name, stream) and applies each event
 * exactly once: the inbox row and the handler's effects commit in one transaction, the
 * message is acked after the commit, and a redelivery finds the inbox row and is skipped.
 * Failures are nak'ed with exponential backoff; after `maxDeliver` deliveries — or at once
 * for an event that can never be valid — the message is parked in `dead_letters`.
 */
export class EventConsumerRunner {
  private readonly logger = new Logger(EventConsumerRunner.name);
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly naming: StreamNaming,
    private readonly registrations: ConsumerRegistration[],
  ) {}

  async start(provisioner: StreamProvisioner): Promise<void> {
    const js = jetstream(this.nc);
    for (const registration of this.registrations) {
      for (const [stream, handlers] of registration.handlers) {
        const streamName = this.naming.stream(stream);
        const durable = this.naming.durable(registration.options.name);
        // The consumer may start before its producer ever ran: make sure the stream exists.
        await provisioner.ensureStream(this.naming.streamDefinition(stream));
        await provisioner.ensureConsumer({
          stream: streamName,
          durable,
          // JetStream itself never gives up; we count deliveries and park the message
          // ourselves, so a dead letter is never lost to a failed write at the last try.
          maxDeliver: -1,
          ackWaitMs: registration.options.ackWaitMs,
        });
        const consumer = await js.consumers.get(streamName, durable);
        const messages = await consumer.consume({ max_messages: Math.max(16, registration.options.concurrency * 4) });
        this.subscriptions.push(messages);
        this.loops.push(this.loop(messages, registration, stream, handlers));
      }
    }
  }

  async stop(): Promise<void> {
    for (const messages of this.subscriptions) await messages.close().catch(() => undefined);
    await Promise.allSettled(this.loops);
  }

  private async loop(
    messages: ConsumerMessages,
    registration: ConsumerRegistration,
    stream: string,
    handlers: Map<string, EventHandlerFn>,
  ): Promise<void> {
    const limit = registration.options.concurrency;
    const inFlight = new Set<Promise<void>>();
    for await (const message of messages) {
      const work = this.handleMessage(message, registration, stream, handlers).finally(() => inFlight.delete(work));
      inFlight.add(work);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.allSettled(inFlight);
  }

  private async handleMessage(
    message: JsMsg,
    registration: ConsumerRegistration,
    stream: string,
    handlers: Map<string, EventHandlerFn>,
  ): Promise<void> {
    const { name, maxDeliver } = registration.options;
    const payload = message.string();
    const base = {
      consumer: name,
      stream,
      streamSeq: message.seq,
      subject: this.naming.unprefixSubject(message.subject),
      payload,
      deliveries: message.info.deliveryCount,
    };

    let event: CloudEvent;
    try {
      event = EventCatalogue.validate(JSON.parse(payload));
    } catch (error) {
      // Retrying cannot make a malformed event valid: park it now with the reason.
      await this.parkOrRetry(message, registration, { ...base, reason: `unreadable event: ${(error as Error).message}` }, true);
      return;
    }
    const handler = handlers.get(event.type);
    if (!handler) {
      message.ack(); // an event type this consumer does not care about
      return;
    }
    try {
      await this.apply(name, event, handler);
      message.ack();
    } catch (error) {
      const reason = (error as Error).message ?? String(error);
      // A handler that knows retrying cannot help says so; the event is parked at once.
      const final = NonRetryableEventError.is(error) || message.info.deliveryCount >= maxDeliver;
      this.logger.warn(
        `${name}: ${event.type} ${event.id} failed on delivery ${message.info.deliveryCount}/${maxDeliver}: ${reason}`,
      );
      await this.parkOrRetry(message, registration, { ...base, eventId: event.id, eventType: event.type, reason }, final);
    }
  }

  /** Runs a handler with the inbox guard. Returns false when the event was already applied. */
  async apply(consumer: string, event: CloudEvent, handler: EventHandlerFn): Promise<boolean> {
    return CorrelationContext.run(event.correlationid ?? event.id, () =>
      this.dataSource.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumer, event.id, event.type],
        );
        if (inserted.length === 0) return false;
        await handler(event, manager);
        return true;
      }),
    );
  }

  private async parkOrRetry(
    message: JsMsg,
    registration: ConsumerRegistration,
    deadLetter: DeadLetterInput,
    final: boolean,
  ): Promise<void> {
    if (final) {
      try {
        await this.dataSource.query(
          `INSERT INTO dead_letters (consumer, stream, stream_seq, subject, event_id, event_type, payload, reason, deliveries)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (consumer, stream, stream_seq) DO NOTHING`,
          [
            deadLetter.consumer,
            deadLetter.stream,
            deadLetter.streamSeq,
            deadLetter.subject,
            deadLetter.eventId ?? null,
            deadLetter.eventType ?? null,
            deadLetter.payload,
            deadLetter.reason.slice(0, 2000),
            deadLetter.deliveries,
          ],
        );
        this.logger.error(`${deadLetter.consumer}: parked ${deadLetter.subject} #${deadLetter.streamSeq} as a dead letter`);
        message.ack();
        return;
      } catch (error) {
        this.logger.error(`could not park a dead letter, will retry: ${(error as Error).message}`);
      }
    }
    message.nak(this.backoff(registration.options, message.info.deliveryCount));
  }

  private backoff(options: Required<EventConsumerOptions>, delivery: number): number {
    return Math.min(options.backoffMs * 2 ** Math.max(0, delivery - 1), options.maxBackoffMs);
  }

  registrationsSummary(): { consumer: string; stream: string }[] {
    return this.registrations.flatMap((r) => [...r.handlers.keys()].map((stream) => ({ consumer: r.options.name, stream })));
  }

  /** The handler for a consumer and event type, for replaying a dead letter. */
  handlerFor(consumer: string, stream: string, type: string): EventHandlerFn | undefined {
    return this.registrations.find((r) => r.options.name === consumer)?.handlers.get(stream)?.get(type);
  }
}
