import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CloudEvent, Language } from '@vaikuta/contracts';
import { EventSeal, eventHandlingContext, NonRetryableEventError } from '@vaikuta/messaging';
import { traceCarrier, type TraceCarrier } from '@vaikuta/observability';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications-config';
import { reachableChannels, Recipient } from '../recipients/recipient';
import { contactKey } from '../recipients/contact-normalization';
import { RecipientService } from '../recipients/recipient.service';
import { NotificationRule, ruleFor, TemplateView } from '../rules/notification-rules';
import { PublicItemService } from '../subscriptions/public-items.service';
import { AudienceMember, SubscriptionService } from '../subscriptions/subscription.service';
import { TemplateRenderer } from '../templates/template-renderer';
import { ErasedIdentities, NamedPerson } from '../privacy/erased-identities';
import { AfterCommitEnqueue } from './after-commit-enqueue';

export type NotificationStatus = 'pending' | 'held' | 'sent';

/**
 * The status a new row starts in: in-app is delivered by being stored; digests hold the rest,
 * but for messages that must go at once (`immediate`, a receipt).
 */
export function initialStatus(recipient: Pick<Recipient, 'digest'>, channel: string, immediate = false): NotificationStatus {
  if (channel === 'inapp') return 'sent';
  return immediate || recipient.digest === 'immediate' ? 'pending' : 'held';
}

/**
 * What a follower reads: the public link in place of the participant's private one (a
 * follower, or a merged duplicate's sender, must never get another resident's tracking link).
 */
export function followerView({ link, publicLink, ...rest }: TemplateView): TemplateView {
  return publicLink ? { ...rest, link: publicLink } : rest;
}

/**
 * Each recipient once, when an event's audience is the followers of several items (one
 * person may follow two winning plans); as a participant if they take part in any of them.
 */
export function onceEach(members: AudienceMember[]): AudienceMember[] {
  const byId = new Map<string, AudienceMember>();
  for (const m of members) {
    const seen = byId.get(m.id);
    if (!seen || (seen.reason === 'follower' && m.reason === 'participant')) byId.set(m.id, m);
  }
  return [...byId.values()];
}

/** One event and the rule it falls under. */
interface RuledEvent {
  rule: NotificationRule;
  event: CloudEvent;
}

interface NotificationRow {
  eventId: string;
  eventType: string;
  recipientId: string;
  channel: string;
  itemKey: string;
  template: string;
  language: string;
  view: string;
  status: NotificationStatus;
  eventTime: string;
}

/**
 * Turns events into notification rows, inside the consumer's inbox transaction: it
 * subscribes the participants, records whether items are public, writes one row per
 * (event, recipient, channel) — the unique key makes a replay write nothing — and hands
 * the pending rows to the queues after commit.
 *
 * A batch of events is planned with one statement per step (contacts, subscriptions,
 * audiences, rows) instead of one per event, and gives the same rows as planning the
 * events one after another: an event's audience leaves out whoever the batch subscribes
 * only with a later event, and an event that moves subscribers ends its segment.
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
    private readonly erased: ErasedIdentities,
  ) {
    this.seal = new EventSeal(config.eventSealKey);
  }

  private readonly seal: EventSeal;

  /** Plans events in stream order; those no rule names are skipped. */
  async planEvents(events: CloudEvent[], manager: EntityManager): Promise<void> {
    let segment: RuledEvent[] = [];
    for (const event of events) {
      const rule = ruleFor(event.type);
      if (!rule || (rule.when && !rule.when(event.data))) continue;
      segment.push({ rule, event });
      if (rule.moveSubscribersTo) {
        await this.planSegment(segment, manager);
        segment = [];
      }
    }
    await this.planSegment(segment, manager);
  }

  /** Events of which only the last may move subscribers. */
  private async planSegment(segment: RuledEvent[], manager: EntityManager): Promise<void> {
    if (segment.length === 0) return;
    const dataOf = (e: CloudEvent) => e.data as Record<string, unknown>;
    // Whom each event names; those an erasure request since named are left out of it (an
    // event from before the request, applied after it, must not bring the person back).
    const named = segment.map(({ rule, event }) => ({
      contacts: rule.participants?.(dataOf(event)) ?? [],
      addressed: rule.addressedTo?.(dataOf(event)) ?? [],
      follows: rule.follows?.(dataOf(event)),
    }));
    const screen = await this.erased.screen(
      manager,
      named.flatMap((n) => [...n.contacts, ...n.addressed.map((subject) => ({ subject })), ...(n.follows ? [{ subject: n.follows.sub }] : [])]),
    );
    const items = segment.map(({ rule, event }, index) => {
      const stillHere = (person: NamedPerson) => !screen.erased(person, event.time);
      const { contacts, addressed, follows } = named[index];
      return {
        rule,
        event,
        index,
        itemKey: rule.itemKey(dataOf(event)),
        contacts: contacts.filter(stillHere),
        addressed: addressed.filter((subject) => stillHere({ subject })),
        follows: follows && stillHere({ subject: follows.sub }) ? follows : undefined,
      };
    });

    // Participants: recipients, then their subscriptions, remembering which event made each.
    const recipientIds = await this.recipients.upsertContacts(manager, items.flatMap((i) => i.contacts));
    const wanted = items.flatMap((i) =>
      i.contacts.flatMap((c) => {
        const recipientId = recipientIds.get(contactKey(c) ?? '');
        return recipientId ? [{ recipientId, itemKey: i.itemKey, topic: i.rule.topic, index: i.index }] : [];
      }),
    );
    const created = await this.subscriptions.subscribeMany(manager, wanted, 'participant');
    const participantsOf = new Map<number, Set<string>>();
    for (const w of wanted) participantsOf.set(w.index, (participantsOf.get(w.index) ?? new Set()).add(w.recipientId));
    await this.subscriptions.keepExcerpts(
      manager,
      items.flatMap((i) => {
        const excerpt = i.rule.participantExcerpt?.(dataOf(i.event));
        return excerpt ? [...(participantsOf.get(i.index) ?? [])].map((recipientId) => ({ recipientId, itemKey: i.itemKey, excerpt })) : [];
      }),
    );
    const subscribedBy = new Map<string, number>();
    for (const w of wanted) {
      const key = `${w.recipientId}|${w.itemKey}`;
      if (created.has(key) && !subscribedBy.has(key)) subscribedBy.set(key, w.index);
    }
    // Signed-in people who follow or stop following because of what they did (a voter's
    // ballot), in stream order: a later ballot of the same voter in the batch wins.
    for (const i of items) {
      if (!i.follows) continue;
      for (const key of await this.subscriptions.applyFollows(manager, i.follows, i.rule.topic)) if (!subscribedBy.has(key)) subscribedBy.set(key, i.index);
    }

    for (const { rule, event } of items) {
      const published = rule.publishes?.(dataOf(event));
      if (published) await this.publicItems.publish(manager, published, event.time);
      if (rule.withdraws) await this.publicItems.withdraw(manager, rule.withdraws(dataOf(event)), event.time);
    }

    const told = items.filter((i) => i.rule.template);
    const toSubscribers = told.filter((i) => !i.rule.addressedTo);
    const audienceKeys = (i: (typeof items)[number]) => i.rule.audienceItems?.(dataOf(i.event)) ?? [i.itemKey];
    const audiences = toSubscribers.length
      ? await this.subscriptions.audiences(manager, [...new Set(toSubscribers.flatMap(audienceKeys))])
      : new Map<string, AudienceMember[]>();
    const addressees = await this.recipients.addressees(manager, told.flatMap((i) => i.addressed));
    const rows: NotificationRow[] = [];
    for (const { rule, event, index, itemKey } of told) {
      const template = rule.template!;
      const audience: AudienceMember[] = rule.addressedTo
        ? items[index].addressed
            .flatMap((subject) => addressees.get(subject) ?? [])
            .filter((r) => !r.optOuts.includes(rule.topic))
            .map((r) => ({ ...r, reason: 'participant' as const, itemPublic: false }))
        : onceEach(
            audienceKeys(items[index]).flatMap((key) =>
              (audiences.get(key) ?? []).filter(
                (r) =>
                  !r.optOuts.includes(rule.topic) &&
                  (subscribedBy.get(`${r.id}|${key}`) ?? -1) <= index &&
                  (!rule.tellsParticipantsOnly || (participantsOf.get(index)?.has(r.id) ?? false)) &&
                  (r.reason === 'participant' || r.itemPublic),
              ),
            ),
          );
      for (const language of new Set(audience.map((r) => r.language))) {
        if (!this.renderer.has(template, language)) {
          // Retrying cannot create a template: park the event now, replay it once one exists.
          throw new NonRetryableEventError(`no template ${template} in language ${language} for ${event.type}`);
        }
      }
      // One view per language among the recipients: it may carry words in that language (a space's name).
      const viewsIn = new Map<Language, { participant: string; follower: string }>();
      const viewsFor = (language: Language) => {
        let views = viewsIn.get(language);
        if (!views) {
          const context = { portalUrl: this.config.portalUrl, mailFrom: this.config.mailFrom, openSealed: (sealed: string, purpose: string) => this.seal.open(sealed, purpose), language };
          const { participantOnly, ...fullView } = rule.view?.(dataOf(event), context) ?? {};
          // What only the person the event is about may read (a door code) never reaches a follower's copy.
          views = { participant: JSON.stringify({ ...fullView, ...(participantOnly as TemplateView | undefined) }), follower: JSON.stringify(followerView(fullView)) };
          viewsIn.set(language, views);
        }
        return views;
      };
      for (const recipient of audience) {
        const view = viewsFor(recipient.language)[recipient.reason];
        for (const channel of reachableChannels(recipient)) {
          const status = initialStatus(recipient, channel, rule.immediate);
          rows.push({ eventId: event.id, eventType: event.type, recipientId: recipient.id, channel, itemKey, template, language: recipient.language, view, status, eventTime: event.time });
        }
      }
    }
    const inserted = await this.insert(manager, rows);
    // Each job carries the span its event was handled in, so the send joins the event's trace.
    const traces = new Map<string, TraceCarrier>();
    for (const { event } of told) {
      const handling = eventHandlingContext(event);
      if (handling) traces.set(event.id, traceCarrier(handling));
    }
    this.afterCommit.add(
      manager,
      inserted.filter((r) => r.status === 'pending').map(({ id, channel, event_id }) => ({ id, channel, trace: traces.get(event_id) })),
    );

    const last = items[items.length - 1];
    if (last.rule.moveSubscribersTo) await this.subscriptions.move(manager, last.itemKey, last.rule.moveSubscribersTo(dataOf(last.event)));
  }

  private async insert(manager: EntityManager, rows: NotificationRow[]): Promise<{ id: string; channel: string; status: string; event_id: string }[]> {
    if (rows.length === 0) return [];
    const column = <K extends keyof NotificationRow>(key: K) => rows.map((r) => r[key]);
    return manager.query(
      `INSERT INTO notifications (event_id, event_type, recipient_id, channel, item_key, template, language, data, status, event_time, sent_at)
       SELECT x.event_id, x.event_type, x.recipient_id, x.channel, x.item_key, x.template, x.language, x.view::jsonb, x.status, x.event_time,
              CASE WHEN x.status = 'sent' THEN clock_timestamp() END
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
              AS x(event_id, event_type, recipient_id, channel, item_key, template, language, view, status, event_time)
       ON CONFLICT (event_id, recipient_id, channel) DO NOTHING
       RETURNING id, channel, status, event_id`,
      [
        column('eventId'),
        column('eventType'),
        column('recipientId'),
        column('channel'),
        column('itemKey'),
        column('template'),
        column('language'),
        column('view'),
        column('status'),
        column('eventTime'),
      ],
    );
  }
}
