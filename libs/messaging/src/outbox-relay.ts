import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { Logger } from '@nestjs/common';
import { contextFromCarrier, recordFailure, SpanKind, tracer, type TraceCarrier } from '@vaikuta/observability';
import { StreamNaming } from './stream-naming';
import { outboxPublished } from './messaging-counters';

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  publishTimeoutMs: number;
  /** Published rows are kept this long for audit and debugging, then deleted. */
  retentionHours: number;
}

interface PendingRow {
  id: string;
  subject: string;
  envelope: string;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * Publishes committed outbox rows to JetStream.
 *
 * Each batch is claimed with FOR UPDATE SKIP LOCKED, so any number of replicas can relay
 * without publishing the same row twice at once. A row is published with
 * `msgID = outbox id`; if the process dies after publishing but before marking the row,
 * the next relay publishes it again and JetStream drops the copy within the stream's
 * duplicate window. LISTEN/NOTIFY wakes the relay on commit; polling covers lost wake-ups.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly js: JetStreamClient;
  private listener?: Client;
  private pollTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private wakeAgain = false;
  private stopped = true;
  private ticks = 0;

  constructor(
    private readonly dataSource: DataSource,
    nc: NatsConnection,
    private readonly naming: StreamNaming,
    private readonly options: OutboxRelayOptions,
  ) {
    this.js = jetstream(nc);
  }

  async start(): Promise<void> {
    this.stopped = false;
    const url = (this.dataSource.options as { url?: string }).url;
    this.listener = new Client({ connectionString: url });
    this.listener.on('error', (error) => this.logger.warn(`outbox listener lost: ${error.message}; polling continues`));
    await this.listener.connect();
    this.listener.on('notification', () => this.wake());
    await this.listener.query('LISTEN outbox');
    this.pollTimer = setInterval(() => {
      this.wake();
      if (++this.ticks % 600 === 0) void this.deletePublished();
    }, this.options.pollIntervalMs);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Relays everything pending now; resolves when the outbox was seen empty. */
  async drain(): Promise<void> {
    while ((await this.relayBatch()) > 0);
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.wakeAgain = false;
          while (!this.stopped && (await this.relayBatch()) === this.options.batchSize);
        } while (this.wakeAgain && !this.stopped);
      } catch (error) {
        this.logger.error(`outbox relay failed, retrying on next poll: ${(error as Error).message}`);
      } finally {
        this.running = undefined;
      }
    })();
  }

  /** Claims, publishes and marks one batch. Returns how many rows it claimed. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT id, subject, envelope::text AS envelope,
                envelope->>'traceparent' AS traceparent, envelope->>'tracestate' AS tracestate FROM outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      // Sent in order on one connection, so the stream keeps the outbox order.
      const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
      const published = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      const failed = rows
        .map((row, i) => ({ row, result: results[i] }))
        .filter((x): x is { row: PendingRow; result: PromiseRejectedResult } => x.result.status === 'rejected');
      outboxPublished.inc({ outcome: 'published' }, published.length);
      outboxPublished.inc({ outcome: 'failed' }, failed.length);
      await this.beforeMark(published);
      if (published.length) {
        await manager.query(`UPDATE outbox SET published_at = clock_timestamp() WHERE id = ANY($1::uuid[])`, [published]);
      }
      for (const { row, result } of failed) {
        await manager.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
          row.id,
          String((result.reason as Error)?.message ?? result.reason).slice(0, 500),
        ]);
      }
      if (failed.length) {
        this.logger.warn(`outbox: ${failed.length} of ${rows.length} publishes failed; they stay pending`);
        // Stop this round; the poll retries, which gives JetStream time to come back.
        return 0;
      }
      return rows.length;
    });
  }

  /**
   * One row to JetStream, in a producer span of the trace the event was written in (the
   * envelope is sent unchanged: its `traceparent` names where the event came from).
   */
  private async publish(row: PendingRow): Promise<unknown> {
    const subject = this.naming.subject(row.subject);
    const carrier: TraceCarrier = { traceparent: row.traceparent ?? undefined, tracestate: row.tracestate ?? undefined };
    const span = tracer().startSpan(
      `publish ${row.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.message.id': row.id },
      },
      contextFromCarrier(carrier),
    );
    try {
      return await this.js.publish(subject, row.envelope, { msgID: row.id, timeout: this.options.publishTimeoutMs });
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /**
   * Between publishing and marking rows. Does nothing in production; tests override it
   * to die exactly here and prove that a restarted relay neither loses nor duplicates.
   */
  protected async beforeMark(_publishedIds: string[]): Promise<void> {}

  private async deletePublished(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`,
        [this.options.retentionHours],
      );
    } catch (error) {
      this.logger.warn(`outbox clean-up failed: ${(error as Error).message}`);
    }
  }
}
