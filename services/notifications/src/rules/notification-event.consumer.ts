import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent } from '@vaikuta/contracts';
import { EventConsumer, EventConsumerOptions, OnEvent } from '@vaikuta/messaging';
import { NotificationPlanner } from '../delivery/notification-planner';
import { notificationRules } from './notification-rules';

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

/** Consumer settings come from configuration, so they are applied when the module is built. */
export function configureNotificationConsumers(targets: object[], options: Omit<EventConsumerOptions, 'name'>): void {
  for (const target of targets) EventConsumer({ name: CONSUMER_NAME, ...options })(target as never);
}
