import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent } from '@vaikuta/contracts';
import { OnEvent } from '@vaikuta/messaging';
import { NotificationPlanner } from '../delivery/notification-planner';
import { notificationRules } from './notification-rules';

/** The durable consumer name; its settings (from configuration) are given in app.module.ts. */
export const CONSUMER_NAME = 'notifications';

/**
 * The one durable consumer of every stream the rules name. Each rule's event is routed to
 * `handle` (the decorators are applied from the table below), so a new rule subscribes the
 * consumer to its event without new code here. Events come in batches (in stream order),
 * which the planner turns into rows with a few statements per batch.
 */
@Injectable()
export class NotificationEventConsumer {
  constructor(private readonly planner: NotificationPlanner) {}

  async handle(events: CloudEvent[], manager: EntityManager): Promise<void> {
    await this.planner.planEvents(events, manager);
  }
}

const handle = Object.getOwnPropertyDescriptor(NotificationEventConsumer.prototype, 'handle')!;
for (const rule of notificationRules) OnEvent(rule.event, { batch: true })(NotificationEventConsumer.prototype, 'handle', handle);
