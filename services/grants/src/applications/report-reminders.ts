import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { GrantEvents } from '@vaikuta/contracts';
import { outboxEvent } from '@vaikuta/domain';
import { applicationRef, ApplicationSteps } from './application-steps';

/** How long before the due date the association is reminded of its report. */
export const REPORT_REMINDER_DAYS = 14;
const SWEEP_MINUTES = 60;
const SCHEDULE_ACTOR = { id: 'grants-schedule', role: 'system' };

/** A day in Helsinki as YYYY-MM-DD: due dates are the city's calendar days. */
export function helsinkiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * Reminds associations of the report on the use of funds: a paid grant whose report is due
 * within REPORT_REMINDER_DAYS takes the step paid → report_due, whose event is the reminder.
 * The step is what makes it once: a second sweep finds the application no longer paid.
 * Rows are claimed with SKIP LOCKED, so two instances sweeping at once never both remind.
 */
@Injectable()
export class ReportReminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportReminders');
  private timer?: NodeJS.Timeout;

  constructor(private readonly steps: ApplicationSteps) {}

  /** Sends the reminders due now; answers how many. */
  async sweep(): Promise<number> {
    const now = this.steps.clock.now();
    const until = helsinkiDate(new Date(now.getTime() + REPORT_REMINDER_DAYS * 24 * 60 * 60 * 1000));
    return this.steps.repository.dataSource.transaction(async (tx) => {
      const due: { id: string; version: number }[] = await tx.query(
        `SELECT id, version FROM grant_applications WHERE state = 'paid' AND report_due <= $1::date ORDER BY report_due, id LIMIT 500 FOR UPDATE SKIP LOCKED`,
        [until],
      );
      for (const d of due) {
        await this.steps.take({ id: d.id, version: d.version, actor: SCHEDULE_ACTOR, by: 'schedule' }, 'report_due_soon', async () => ({
          event: (saved, at) => outboxEvent(GrantEvents.applicationReportDueSoon, { ...applicationRef(saved), reportDue: saved.reportDue!, at }),
        }), tx);
      }
      return due.length;
    });
  }

  onApplicationBootstrap() {
    // The service registers its features whatever the process; a one-off command exits long before the first sweep.
    this.timer = setInterval(() => {
      this.sweep().catch((error) => this.logger.warn(`report reminder sweep failed: ${(error as Error).message}`));
    }, SWEEP_MINUTES * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}
