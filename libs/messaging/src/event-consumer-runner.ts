import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import { ConsumerMessages, jetstream, JsMsg } from '@nats-io/jetstream';
import { CloudEvent, EventCatalogue } from '@vaikuta/contracts';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { contextFromCarrier, CorrelationContext, recordFailure, SpanKind, tracer, type Context, type Span } from '@vaikuta/observability';
import { eventsHandled } from './messaging-counters';
import { EventConsumerOptions } from './event-handler.decorators';
import { StreamNaming } from './stream-naming';
import { StreamProvisioner } from './stream-provisioner';
import { NonRetryableEventError } from './non-retryable-event.error';

export type EventHandlerFn = (event: CloudEvent, manager: EntityManager) => Promise<void>;

/**
 * What the runner calls: consecutive events of one batch that go to the same handler, in
 * stream order, inside the inbox transaction. A per-event handler is wrapped into one.
 */
export type EventBatchFn = (events: CloudEvent[], manager: EntityManager) => Promise<void>;

export interface ConsumerRegistration {
  options: Required<EventConsumerOptions>;
  /** By stream, then by event type. */
  handlers: Map<string, Map<string, EventBatchFn>>;
}

interface ReadableEvent {
  message: JsMsg;
  event: CloudEvent;
  handler: EventBatchFn;
}

/**
 * The span context in which an event is being handled, for a handler that carries the trace
 * further than its transaction (notifications hands it to the BullMQ job that sends the email).
 * Set for the handler's call only; keyed by the event object the handler was given.
 */
const handlingContexts = new WeakMap<CloudEvent, Context>();

export function eventHandlingContext(event: CloudEvent): Context | undefined {
  return handlingContexts.get(event);
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

/** How long one pull request waits on the server; the client re-pulls (and checks heartbeats at half of it). */
const PULL_EXPIRES_MS = 10_000;

/**
 * Pulls from one durable consumer per (consumer name, stream) and applies each event
 * exactly once: the inbox row and the handler's effects commit in one transaction, the
 * message is acked after the commit, and a redelivery finds the inbox row and is skipped.
 * Failures are nak'ed with exponential backoff; after `maxDeliver` deliveries — or at once
 * for an event that can never be valid — the message is parked in `dead_letters`.
 *
 * With `batchSize` > 1 the messages already waiting are applied together, up to that many
 * in one transaction, still in stream order: a backlog then costs one BEGIN, inbox insert
 * and COMMIT per batch instead of per event. If a batch fails, its events are applied one by
 * one, so only the event at fault is retried or parked.
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
    /** The replicas the service's streams are configured with (NATS_STREAM_REPLICAS). */
    private readonly streamReplicas = 1,
  ) {}

  async start(provisioner: StreamProvisioner): Promise<void> {
    const js = jetstream(this.nc);
    for (const registration of this.registrations) {
      for (const [stream, handlers] of registration.handlers) {
        const streamName = this.naming.stream(stream);
        const durable = this.naming.durable(registration.options.name);
        // The consumer may start before its producer ever ran: make sure the stream exists.
        // With the same replicas as the producer gives it: ensureStream re-applies its settings
        // to an existing stream, and a default of 1 scaled a cluster's R3 stream down to R1
        // whenever a consuming service started.
        await provisioner.ensureStream({ ...this.naming.streamDefinition(stream), replicas: this.streamReplicas });
        await provisioner.ensureConsumer({
          stream: streamName,
          durable,
          // JetStream itself never gives up; we count deliveries and park the message
          // ourselves, so a dead letter is never lost to a failed write at the last try.
          maxDeliver: -1,
          ackWaitMs: registration.options.ackWaitMs,
        });
        const consumer = await js.consumers.get(streamName, durable);
        const { concurrency, batchSize } = registration.options;
        const messages = await consumer.consume({
          // Enough buffered for every worker to take a full batch.
          max_messages: Math.max(16, concurrency * 4, concurrency * batchSize),
          // A pull request lost with a NATS node (the consumer's leader moved while this
          // connection stayed up) is noticed only by two missed heartbeats of expires/2 each:
          // 30 s with the default, which left a cluster's consumers idle that long after a node
          // died. One small pull request per consumer every 10 s is nothing to the server.
          expires: PULL_EXPIRES_MS,
        });
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
    handlers: Map<string, EventBatchFn>,
  ): Promise<void> {
    const { concurrency, batchSize } = registration.options;
    const pending: JsMsg[] = [];
    const inFlight = new Set<Promise<void>>();
    let workers = 0;
    const startWorker = () => {
      workers++;
      const work = (async () => {
        // Let the messages already buffered by the client join this batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
        try {
          while (pending.length > 0) await this.handleBatch(pending.splice(0, batchSize), registration, stream, handlers);
        } finally {
          // Synchronously after the last look at `pending`: a message pushed after this
          // point starts a worker of its own, so none is left waiting.
          workers--;
        }
      })();
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    };
    for await (const message of messages) {
      pending.push(message);
      if (workers < concurrency) startWorker();
      while (pending.length >= batchSize * concurrency && inFlight.size > 0) await Promise.race(inFlight);
    }
    await Promise.allSettled(inFlight);
  }

  private async handleBatch(
    batch: JsMsg[],
    registration: ConsumerRegistration,
    stream: string,
    handlers: Map<string, EventBatchFn>,
  ): Promise<void> {
    const readable: ReadableEvent[] = [];
    for (const message of batch) {
      const item = await this.read(message, registration, stream, handlers);
      if (item) readable.push(item);
    }
    if (readable.length > 1) {
      try {
        await this.applyMany(registration.options.name, readable);
        for (const { message } of readable) message.ack();
        return;
      } catch (error) {
        this.logger.warn(
          `${registration.options.name}: a batch of ${readable.length} failed (${(error as Error).message}); applying them one by one`,
        );
      }
    }
    for (const item of readable) await this.applyOne(item, registration, stream);
  }

  /** The event in a message, or nothing when it is parked (unreadable) or not ours (acked). */
  private async read(
    message: JsMsg,
    registration: ConsumerRegistration,
    stream: string,
    handlers: Map<string, EventBatchFn>,
  ): Promise<ReadableEvent | undefined> {
    let event: CloudEvent;
    try {
      event = EventCatalogue.validate(JSON.parse(message.string()));
    } catch (error) {
      // Retrying cannot make a malformed event valid: park it now with the reason.
      const reason = `unreadable event: ${(error as Error).message}`;
      await this.parkOrRetry(message, registration, { ...this.deadLetterBase(message, registration, stream), reason }, true);
      return undefined;
    }
    const handler = handlers.get(event.type);
    if (!handler) {
      message.ack(); // an event type this consumer does not care about
      return undefined;
    }
    return { message, event, handler };
  }

  private async applyOne({ message, event, handler }: ReadableEvent, registration: ConsumerRegistration, stream: string): Promise<void> {
    const { name, maxDeliver } = registration.options;
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
      const base = this.deadLetterBase(message, registration, stream);
      await this.parkOrRetry(message, registration, { ...base, eventId: event.id, eventType: event.type, reason }, final);
    }
  }

  private deadLetterBase(message: JsMsg, registration: ConsumerRegistration, stream: string) {
    return {
      consumer: registration.options.name,
      stream,
      streamSeq: message.seq,
      subject: this.naming.unprefixSubject(message.subject),
      payload: message.string(),
      deliveries: message.info.deliveryCount,
    };
  }

  /** Runs a handler with the inbox guard. Returns false when the event was already applied. */
  async apply(consumer: string, event: CloudEvent, handler: EventBatchFn): Promise<boolean> {
    return CorrelationContext.run(event.correlationid ?? event.id, async () => (await this.applyMany(consumer, [{ event, handler }])) > 0);
  }

  /**
   * Applies events in one transaction with their inbox rows; those applied before (or twice
   * in the list) are skipped. Runs of consecutive events for the same handler go to it
   * together. Returns how many were applied.
   */
  private async applyMany(consumer: string, items: Pick<ReadableEvent, 'event' | 'handler'>[]): Promise<number> {
    // A consumer span per event, continuing the trace the event was written in.
    const spans = items.map(({ event }) => {
      const parent = contextFromCarrier(event);
      const span = tracer().startSpan(
        `process ${event.type}`,
        { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'nats', 'messaging.consumer.group.name': consumer, 'messaging.message.id': event.id, 'vaikuta.batch.size': items.length } },
        parent,
      );
      handlingContexts.set(event, trace.setSpan(parent, span));
      return span;
    });
    try {
      const applied = await this.applyInTransaction(consumer, items, spans);
      for (const span of spans) span.end();
      eventsHandled.inc({ consumer, outcome: 'applied' }, applied);
      eventsHandled.inc({ consumer, outcome: 'duplicate' }, items.length - applied);
      return applied;
    } catch (error) {
      for (const span of spans) {
        recordFailure(span, error);
        span.end();
      }
      eventsHandled.inc({ consumer, outcome: 'failed' }, items.length);
      throw error;
    } finally {
      for (const { event } of items) handlingContexts.delete(event);
    }
  }

  private async applyInTransaction(consumer: string, items: Pick<ReadableEvent, 'event' | 'handler'>[], spans: Span[]): Promise<number> {
    // A handler given one event runs in its span (its log lines and the events it writes join
    // that trace); one given several runs outside any, as it works for all of them.
    const runIn = (run: CloudEvent[]) => (run.length === 1 ? (handlingContexts.get(run[0]) ?? ROOT_CONTEXT) : ROOT_CONTEXT);
    return this.dataSource.transaction(async (manager) => {
      const inserted: { event_id: string }[] = await manager.query(
        `INSERT INTO inbox (consumer, event_id, event_type)
         SELECT $1, x.id, x.type FROM unnest($2::text[], $3::text[]) AS x(id, type)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [consumer, items.map((i) => i.event.id), items.map((i) => i.event.type)],
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      let run: CloudEvent[] = [];
      let runHandler: EventBatchFn | undefined;
      for (const [i, { event, handler }] of items.entries()) {
        if (!fresh.delete(event.id)) {
          spans[i].setAttribute('vaikuta.inbox.duplicate', true);
          continue;
        }
        if (runHandler && handler !== runHandler) {
          const current = run;
          await context.with(runIn(current), () => runHandler!(current, manager));
          run = [];
        }
        runHandler = handler;
        run.push(event);
      }
      if (runHandler && run.length > 0) await context.with(runIn(run), () => runHandler!(run, manager));
      return inserted.length;
    });
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
  handlerFor(consumer: string, stream: string, type: string): EventBatchFn | undefined {
    return this.registrations.find((r) => r.options.name === consumer)?.handlers.get(stream)?.get(type);
  }
}
