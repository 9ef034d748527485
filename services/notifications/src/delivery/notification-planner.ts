import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent } from '@vaikuta/contracts';
import { NonRetryableEventError } from '@vaikuta/messaging';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { reachableChannels, Recipient } from '../recipients/recipient';
import { RecipientService } from '../recipients/recipient.service';
import { NotificationRule } from '../rules/notification-rules';
import { PublicItemService } from '../subscriptions/public-items.service';
import { SubscriptionService } from '../subscriptions/subscription.service';
import { TemplateRenderer } from '../templates/template-renderer';
import { AfterCommitEnqueue } from './after-commit-enqueue';

export interface PlannedRow {
  recipientId: string;
  channel: string;
  status: 'pending' | 'held' | 'sent';
}

/** The status a new row starts in: in-app is delivered by being stored; digests hold the rest. */
export function initialStatus(recipient: Pick<Recipient, 'digest'>, channel: string): PlannedRow['status'] {
  if (channel === 'inapp') return 'sent';
  return recipient.digest === 'immediate' ? 'pending' : 'held';
}

/**
 * Turns one event into notification rows, inside the consumer's inbox transaction: it
 * subscribes the participants, records whether the item is public, writes one row per
 * (event, recipient, channel) — the unique key makes a replay write nothing — and hands
 * the pending rows to the queues after commit.
 */
@Injectable()
export class NotificationPlanner {
  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly recipients: RecipientService,
    private readonly subscriptions: SubscriptionService,
    private readonly publicItems: PublicItemService,
    private readonly renderer: TemplateRenderer,
    private readonly afterCommit: AfterCommitEnqueue,
  ) {}

  async plan(rule: NotificationRule, event: CloudEvent, manager: EntityManager): Promise<PlannedRow[]> {
    const data = event.data as Record<string, unknown>;
    const itemKey = rule.itemKey(data);
    for (const contact of rule.participants?.(data) ?? []) {
      const id = await this.recipients.upsertContact(manager, contact);
      if (id) await this.subscriptions.subscribe(manager, id, itemKey, rule.topic, 'participant');
    }
    if (rule.publishes) await this.publicItems.publish(manager, rule.publishes(data), event.time);
    if (rule.withdraws) await this.publicItems.withdraw(manager, rule.withdraws(data), event.time);
    const planned: PlannedRow[] = [];
    if (rule.template) {
      const audience = await this.subscriptions.audience(manager, itemKey, rule.topic);
      for (const language of new Set(audience.map((r) => r.language))) {
        if (!this.renderer.has(rule.template, language)) {
          // Retrying cannot create a template: park the event now, replay it once one exists.
          throw new NonRetryableEventError(`no template ${rule.template} in language ${language} for ${event.type}`);
        }
      }
      const view = rule.view?.(data, { portalUrl: this.config.portalUrl }) ?? {};
      for (const recipient of audience) {
        for (const channel of reachableChannels(recipient)) {
          planned.push({ recipientId: recipient.id, channel, status: initialStatus(recipient, channel) });
        }
      }
      const languageOf = new Map(audience.map((r) => [r.id, r.language]));
      const inserted = await this.insert(manager, event, rule.template, itemKey, view, planned, languageOf);
      this.afterCommit.add(manager, inserted.filter((r) => r.status === 'pending'));
    }
    if (rule.moveSubscribersTo) await this.subscriptions.move(manager, itemKey, rule.moveSubscribersTo(data));
    return planned;
  }

  private async insert(
    manager: EntityManager,
    event: CloudEvent,
    template: string,
    itemKey: string,
    view: Record<string, unknown>,
    rows: PlannedRow[],
    languageOf: Map<string, string>,
  ): Promise<{ id: string; channel: string; status: string }[]> {
    if (rows.length === 0) return [];
    return manager.query(
      `INSERT INTO notifications (event_id, event_type, recipient_id, channel, item_key, template, language, data, status, event_time, sent_at)
       SELECT $1, $2, x.recipient_id, x.channel, $3, $4, x.language, $5, x.status, $6,
              CASE WHEN x.status = 'sent' THEN clock_timestamp() END
         FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[]) AS x(recipient_id, channel, language, status)
       ON CONFLICT (event_id, recipient_id, channel) DO NOTHING
       RETURNING id, channel, status`,
      [
        event.id,
        event.type,
        itemKey,
        template,
        JSON.stringify(view),
        event.time,
        rows.map((r) => r.recipientId),
        rows.map((r) => r.channel),
        rows.map((r) => languageOf.get(r.recipientId)),
        rows.map((r) => r.status),
      ],
    );
  }
}
