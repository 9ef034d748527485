import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { defineGauge } from '@vaikuta/observability';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { NATS_CONNECTION } from './messaging-options';
import { MessagingLifecycle } from './messaging-lifecycle';
import { StreamNaming } from './stream-naming';

/**
 * The process's messaging sources. Gauges are registered once per process, but a test
 * file may boot and close several apps: the gauges read whichever app is alive now.
 */
const live = new Set<MessagingMetrics>();

const outboxPending = defineGauge({
  name: 'vaikuta_outbox_pending',
  help: 'Outbox rows not yet published to JetStream',
  async collect() {
    this.reset();
    for (const source of live) this.set((await source.outbox()).pending);
  },
});
const outboxLag = defineGauge({
  name: 'vaikuta_outbox_lag_seconds',
  help: 'Age in seconds of the oldest unpublished outbox row (0 when none)',
  async collect() {
    this.reset();
    for (const source of live) this.set((await source.outbox()).lagSeconds);
  },
});
const deadLetters = defineGauge<'consumer'>({
  name: 'vaikuta_dead_letters',
  help: 'Dead letters waiting for an operator, per consumer',
  labelNames: ['consumer'],
  async collect() {
    this.reset();
    for (const source of live) for (const r of await source.deadLetters()) this.set({ consumer: r.consumer }, r.count);
  },
});
const consumerPending = defineGauge<'consumer' | 'stream'>({
  name: 'vaikuta_consumer_pending',
  help: 'Messages a durable consumer has not yet acknowledged (consumer lag)',
  labelNames: ['consumer', 'stream'],
  async collect() {
    this.reset();
    for (const source of live) for (const r of await source.consumerLag()) this.set({ consumer: r.consumer, stream: r.stream }, r.pending);
  },
});

/**
 * Outbox lag, consumer lag and dead letters, computed when Prometheus scrapes rather
 * than on every event, so the hot path pays nothing for them.
 */
@Injectable()
export class MessagingMetrics implements OnModuleInit, OnModuleDestroy {
  // Referenced so bundlers and readers see the gauges belong to this class.
  static readonly gauges = [outboxPending, outboxLag, deadLetters, consumerPending];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly lifecycle: MessagingLifecycle,
    private readonly naming: StreamNaming,
  ) {}

  onModuleInit(): void {
    live.add(this);
  }

  onModuleDestroy(): void {
    live.delete(this);
  }

  async outbox(): Promise<{ pending: number; lagSeconds: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float AS lag
         FROM outbox WHERE published_at IS NULL`,
    );
    return { pending: row.pending, lagSeconds: row.lag };
  }

  async deadLetters(): Promise<{ consumer: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT consumer, count(*)::int AS count FROM dead_letters WHERE replayed_at IS NULL GROUP BY consumer`,
    );
  }

  async consumerLag(): Promise<{ consumer: string; stream: string; pending: number }[]> {
    const registrations = this.lifecycle.runner?.registrationsSummary() ?? [];
    if (!registrations.length || this.nc.isClosed()) return [];
    const jsm = await jetstreamManager(this.nc);
    const out: { consumer: string; stream: string; pending: number }[] = [];
    for (const { consumer, stream } of registrations) {
      const info = await jsm.consumers.info(this.naming.stream(stream), this.naming.durable(consumer)).catch(() => undefined);
      if (info) out.push({ consumer, stream, pending: info.num_pending + info.num_ack_pending });
    }
    return out;
  }
}
