import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { DeliveryQueues } from './delivery-queues';
import { reconciledNotifications } from './delivery.metrics';

/**
 * The safety net under the queues: rows still pending after RECONCILE_AFTER_SECONDS, and
 * rows whose sending lease ran out (a worker died mid-send), are enqueued again. Adding
 * an id whose job still exists is a no-op, so this is harmless when nothing was lost —
 * and when Redis lost everything, it is how every message still goes out.
 */
@Injectable()
export class DeliveryReconciler {
  private readonly logger = new Logger(DeliveryReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly queues: DeliveryQueues,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.config.reconcileIntervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Enqueues one batch of stuck rows; returns how many were handed to Redis. */
  runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const rows: { id: string; channel: string }[] = await this.dataSource.query(
          `SELECT id, channel FROM notifications
            WHERE (status = 'pending' AND updated_at < clock_timestamp() - make_interval(secs => $1))
               OR (status = 'sending' AND lease_until < clock_timestamp())
            ORDER BY updated_at LIMIT 1000`,
          [this.config.reconcileAfterSeconds],
        );
        if (!rows.length) return 0;
        // Touch them so the next pass looks at other rows first.
        await this.dataSource.query(
          `UPDATE notifications SET updated_at = clock_timestamp() WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
          [rows.map((r) => r.id)],
        );
        const added = await this.queues.enqueue(rows);
        if (added) {
          reconciledNotifications.inc(added);
          this.logger.log(`re-enqueued ${added} notifications left pending`);
        }
        return added;
      } catch (error) {
        this.logger.warn(`reconciler pass failed: ${(error as Error).message}`);
        return 0;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
