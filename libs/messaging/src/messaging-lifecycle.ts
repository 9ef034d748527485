import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import { MESSAGING_OPTIONS, MessagingOptions, NATS_CONNECTION } from './messaging-options';
import { StreamNaming } from './stream-naming';
import { StreamProvisioner } from './stream-provisioner';
import { OutboxRelay } from './outbox-relay';
import { ConsumerRegistration, EventBatchFn, EventConsumerRunner, EventHandlerFn } from './event-consumer-runner';
import { EVENT_CONSUMER, EVENT_HANDLERS, EventConsumerOptions, EventHandlerMetadata } from './event-handler.decorators';
import { CorrelationContext } from '@vaikuta/observability';

/**
 * Starts and stops the messaging machinery in a fixed order: streams are provisioned
 * before anything publishes; on shutdown consumers stop taking messages, the relay
 * finishes its batch, and only then is the NATS connection drained.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagingLifecycle.name);
  relay?: OutboxRelay;
  runner: EventConsumerRunner;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly naming: StreamNaming,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const provisioner = await StreamProvisioner.connect(this.nc);
    for (const stream of this.options.producesStreams ?? []) {
      await provisioner.ensureStream({ ...this.naming.streamDefinition(stream), replicas: this.options.streamReplicas });
    }
    this.runner = new EventConsumerRunner(this.dataSource, this.nc, this.naming, this.discoverConsumers(), this.options.streamReplicas);
    if (this.options.consumers !== false) await this.runner.start(provisioner);
    if (this.options.relay !== false) {
      this.relay = new OutboxRelay(this.dataSource, this.nc, this.naming, {
        batchSize: this.options.relayBatchSize ?? 200,
        pollIntervalMs: this.options.relayPollIntervalMs ?? 1000,
        publishTimeoutMs: this.options.publishTimeoutMs ?? 5000,
        retentionHours: this.options.outboxRetentionHours ?? 72,
      });
      await this.relay.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
    await this.relay?.stop();
    if (!this.nc.isClosed()) await this.nc.drain().catch((e: Error) => this.logger.warn(`NATS drain: ${e.message}`));
  }

  private discoverConsumers(): ConsumerRegistration[] {
    const registered = new Map((this.options.eventConsumers ?? []).map((r) => [r.consumer as unknown, r.options]));
    const byName = new Map<string, ConsumerRegistration>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string | symbol, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      const handlers: EventHandlerMetadata[] = Reflect.getMetadata(EVENT_HANDLERS, wrapper.metatype) ?? [];
      const consumer: EventConsumerOptions | undefined =
        registered.get(wrapper.metatype) ?? Reflect.getMetadata(EVENT_CONSUMER, wrapper.metatype);
      if (!consumer) {
        // Handlers nobody subscribes would drop their events without a word.
        if (handlers.length) throw new Error(`${wrapper.metatype.name} has @OnEvent handlers but no consumer: register it in eventConsumers or mark it @EventConsumer`);
        continue;
      }
      const registration = byName.get(consumer.name) ?? {
        options: {
          maxDeliver: 5,
          ackWaitMs: 30_000,
          concurrency: 1,
          batchSize: 1,
          backoffMs: 1000,
          maxBackoffMs: 60_000,
          ...consumer,
        },
        handlers: new Map<string, Map<string, EventBatchFn>>(),
      };
      // One function per method, so the runner sees consecutive events for it as one run.
      const bound = new Map<string | symbol, EventBatchFn>();
      for (const h of handlers) {
        const forStream = registration.handlers.get(h.stream) ?? new Map<string, EventBatchFn>();
        if (!bound.has(h.method)) bound.set(h.method, asBatchFn(instance, h));
        forStream.set(h.type, bound.get(h.method)!);
        registration.handlers.set(h.stream, forStream);
      }
      byName.set(consumer.name, registration);
    }
    return [...byName.values()];
  }
}

/** A per-event handler applies the events of a run one by one, each with its correlation id. */
function asBatchFn(instance: Record<string | symbol, unknown>, handler: EventHandlerMetadata): EventBatchFn {
  if (handler.batch) return (instance[handler.method] as EventBatchFn).bind(instance);
  const perEvent = (instance[handler.method] as EventHandlerFn).bind(instance);
  return async (events, manager) => {
    for (const event of events) await CorrelationContext.run(event.correlationid ?? event.id, () => perEvent(event, manager));
  };
}
