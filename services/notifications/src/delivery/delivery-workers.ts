import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { contextFromCarrier, inSpan, SpanKind } from '@vaikuta/observability';
import { boundedClose, redisOptionsFromUrl } from '@vaikuta/redis';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { DeliveryJobData, QUEUED_CHANNELS, queueName, QueuedChannel } from './delivery-queues';
import { DeliveryService } from './delivery.service';

/**
 * One BullMQ worker per channel queue, each with its provider's rate limit. A job's
 * outcome lives on the notification row; BullMQ only schedules attempts and backoff.
 */
@Injectable()
export class DeliveryWorkers {
  private readonly logger = new Logger(DeliveryWorkers.name);
  private workers: Worker[] = [];

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly delivery: DeliveryService,
  ) {}

  start(): void {
    const connection = { ...redisOptionsFromUrl(this.config.redisUrl), maxRetriesPerRequest: null };
    const rate: Record<QueuedChannel, number> = { email: this.config.emailRatePerSecond, sms: this.config.smsRatePerSecond };
    this.workers = QUEUED_CHANNELS.map((channel) => {
      const worker = new Worker(queueName(channel), (job: Job<DeliveryJobData>) => this.process(channel, job), {
        connection,
        prefix: this.config.queuePrefix,
        concurrency: this.config.deliveryConcurrency,
        limiter: { max: rate[channel], duration: 1000 },
        lockDuration: this.config.deliveryLockMs,
        stalledInterval: this.config.deliveryStalledIntervalMs,
      });
      worker.on('error', (e) => this.logger.warn(`${channel} worker: ${e.message}`));
      // Messages only: delivery errors name no address (the channels see to that).
      worker.on('failed', (job, e) => this.logger.warn(`${channel} job ${job?.id} attempt ${job?.attemptsMade}: ${e.message}`));
      return worker;
    });
  }

  /** One attempt, in a span of the trace the notification was planned in (its event's). */
  private process(channel: QueuedChannel, job: Job<DeliveryJobData>): Promise<string> {
    const attributes = { 'messaging.system': 'bullmq', 'messaging.destination.name': queueName(channel), 'messaging.message.id': job.data.id, 'vaikuta.delivery.attempt': job.attemptsMade + 1 };
    return inSpan(`deliver ${channel}`, { kind: SpanKind.CONSUMER, parent: contextFromCarrier(job.data.trace), attributes }, async (span) => {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const outcome = await this.delivery.deliver(job.data.id, { finalAttempt });
      span.setAttribute('vaikuta.delivery.outcome', outcome);
      if (outcome === 'failed') throw new UnrecoverableError('failed permanently (see delivery_attempts)');
      return outcome;
    });
  }

  async stop(): Promise<void> {
    await boundedClose(this.workers.map((w) => () => w.close()));
    this.workers = [];
  }
}
