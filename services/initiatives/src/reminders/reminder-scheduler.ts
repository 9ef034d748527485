import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { DeadlineReminders } from './deadline-reminders';

/**
 * Sweeps the deadline reminders on an interval (REMINDER_INTERVAL_MINUTES; 0 = off). Apart from
 * DeadlineReminders so that, like the import schedule, it runs only with `workers` (not in one-off commands).
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineReminders');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly reminders: DeadlineReminders,
    @Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig,
  ) {}

  onApplicationBootstrap() {
    const minutes = this.config.reminders.intervalMinutes;
    if (!minutes) return;
    this.timer = setInterval(() => {
      this.reminders.sweep().catch((error) => this.logger.warn(`reminder sweep failed: ${(error as Error).message}`));
    }, minutes * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}
