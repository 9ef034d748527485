import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type IORedis from 'ioredis';
import type { TraceCarrier } from '@vaikuta/observability';
import { boundedClose, REDIS_CONNECTION } from '@vaikuta/redis';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';

export type QueuedChannel = 'email' | 'sms';
export const QUEUED_CHANNELS: readonly QueuedChannel[] = ['email', 'sms'];
export const DIGEST_QUEUE = 'notifications-digest';
export const queueName = (channel: QueuedChannel) => `notifications-${channel}`;

/** A notification row to send; `trace` is the span its event was handled in (none when the reconciler re-enqueues). */
export interface QueuedRow {
  id: string;
  channel: string;
  trace?: TraceCarrier;
}

/** What a delivery job carries. */
export interface DeliveryJobData {
  id: string;
  trace?: TraceCarrier;
}

/**
 * One BullMQ queue per channel. A job carries the notification id (and the trace context it
 * was planned in, no data of its own) and uses the id as its job id, so adding the same row twice while its job exists is a no-op; the row in
 * PostgreSQL is the truth about what was sent.
 */
@Injectable()
export class DeliveryQueues implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryQueues.name);
  private readonly queues: Record<QueuedChannel, Queue>;
  readonly digest: Queue;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(REDIS_CONNECTION) private readonly redis: IORedis,
  ) {
    const opts = { connection: redis, prefix: config.queuePrefix };
    this.queues = { email: new Queue(queueName('email'), opts), sms: new Queue(queueName('sms'), opts) };
    this.digest = new Queue(DIGEST_QUEUE, opts);
    for (const q of [...Object.values(this.queues), this.digest]) {
      q.on('error', (e) => this.logger.warn(`queue ${q.name}: ${e.message}`));
    }
  }

  queue(channel: QueuedChannel): Queue {
    return this.queues[channel];
  }

  /**
   * Adds a job per row. Returns how many were handed to Redis; while Redis is away it adds
   * nothing and says so — the rows stay pending and the reconciler enqueues them later.
   */
  async enqueue(rows: QueuedRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    if (this.redis.status !== 'ready') {
      this.logger.warn(`Redis is ${this.redis.status}: ${rows.length} notifications wait for the reconciler`);
      return 0;
    }
    let added = 0;
    for (const channel of QUEUED_CHANNELS) {
      const ids = rows.filter((r) => r.channel === channel);
      if (!ids.length) continue;
      try {
        await this.queues[channel].addBulk(
          ids.map(({ id, trace }) => ({
            name: 'deliver',
            data: (trace?.traceparent ? { id, trace } : { id }) satisfies DeliveryJobData,
            opts: {
              jobId: id,
              attempts: this.config.deliveryAttempts,
              backoff: { type: 'exponential', delay: this.config.deliveryBackoffMs },
              // Removed when finished so the reconciler can add the id again if the row says so.
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        );
        added += ids.length;
      } catch (error) {
        this.logger.warn(`could not enqueue ${ids.length} ${channel} notifications: ${(error as Error).message}`);
      }
    }
    return added;
  }

  async onModuleDestroy(): Promise<void> {
    await boundedClose([...Object.values(this.queues), this.digest].map((q) => () => q.close()));
  }
}
