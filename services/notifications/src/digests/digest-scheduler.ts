import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { boundedClose, redisOptionsFromUrl } from '@vaikuta/redis';
import { DeliveryQueues, DIGEST_QUEUE } from '../delivery/delivery-queues';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { DigestFrequencyRun, DigestService } from './digest.service';

export const DIGEST_SCHEDULERS: Record<DigestFrequencyRun, string> = { daily: 'digest-daily', weekly: 'digest-weekly' };

/**
 * Daily and weekly digests run from BullMQ job schedulers (upserted at start, so every
 * replica agrees and a changed cron replaces the old one). Each run's job id names the period.
 */
@Injectable()
export class DigestScheduler {
  private readonly logger = new Logger(DigestScheduler.name);
  private worker?: Worker;
  private refresh?: NodeJS.Timeout;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly queues: DeliveryQueues,
    private readonly digests: DigestService,
  ) {}

  async start(): Promise<void> {
    await this.upsertSchedulers();
    // A Redis that lost its data lost the schedulers too: put them back now and then.
    this.refresh = setInterval(() => void this.upsertSchedulers().catch((e) => this.logger.warn(`digest schedulers: ${e.message}`)), 10 * 60_000);
    this.refresh.unref();
    this.worker = new Worker(DIGEST_QUEUE, (job: Job<{ frequency: DigestFrequencyRun }>) => this.run(job), {
      connection: { ...redisOptionsFromUrl(this.config.redisUrl), maxRetriesPerRequest: null },
      prefix: this.config.queuePrefix,
      concurrency: 1,
    });
    this.worker.on('error', (e) => this.logger.warn(`digest worker: ${e.message}`));
  }

  async upsertSchedulers(): Promise<void> {
    const tz = this.config.digestTz;
    await this.queues.digest.upsertJobScheduler(
      DIGEST_SCHEDULERS.daily,
      { pattern: this.config.digestDailyCron, tz },
      { name: 'digest', data: { frequency: 'daily' } },
    );
    await this.queues.digest.upsertJobScheduler(
      DIGEST_SCHEDULERS.weekly,
      { pattern: this.config.digestWeeklyCron, tz },
      { name: 'digest', data: { frequency: 'weekly' } },
    );
  }

  private run(job: Job<{ frequency: DigestFrequencyRun }>): Promise<number> {
    const period = String(job.id ?? job.timestamp).replace(/[^A-Za-z0-9_-]/g, '_');
    return this.digests.compose(job.data.frequency, period);
  }

  async stop(): Promise<void> {
    clearInterval(this.refresh);
    const worker = this.worker;
    if (worker) await boundedClose([() => worker.close()]);
  }
}
