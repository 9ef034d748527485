import { Inject, Injectable } from '@nestjs/common';
import { InitiativeEvents } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { Clock } from '@vaikuta/domain';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { InitiativeRepository } from '../initiatives/initiative.repository';
import { initiativeEventRef } from '../initiatives/initiative-event-ref';
import { ReminderRepository } from './reminder.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reminds the preparer before a deadline: a statement's due date (STATEMENT_REMINDER_DAYS
 * before) and the council deadline of a 2 % initiative (COUNCIL_REMINDER_DAYS before), once
 * each, as `deadline_approaching` events.
 */
@Injectable()
export class DeadlineReminders {
  constructor(
    private readonly initiatives: InitiativeRepository,
    private readonly reminders: ReminderRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    @Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig,
  ) {}

  /** Sends the reminders due now; answers how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const { statementLeadDays, councilLeadDays } = this.config.reminders;
    return this.initiatives.transaction(async (m) => {
      const due = await this.reminders.dueSoon(m, now, new Date(now.getTime() + statementLeadDays * DAY_MS), new Date(now.getTime() + councilLeadDays * DAY_MS));
      let sent = 0;
      for (const d of due) {
        if (!(await this.reminders.claim(m, d))) continue;
        const record = await this.initiatives.find(d.initiativeId, m);
        if (!record?.preparerId) continue;
        await this.outbox.append(m, InitiativeEvents.deadlineApproaching, {
          ...initiativeEventRef(record),
          preparerId: record.preparerId,
          kind: d.kind,
          dueAt: d.dueAt.toISOString(),
        });
        sent += 1;
      }
      return sent;
    });
  }
}
