import { EventDefinition, FeedbackEvents, Language } from '@vaikuta/contracts';
import type { PublicItem } from '../subscriptions/public-items.service';
import { INITIATIVE_SAMPLE_VIEWS, initiativeRules } from './initiative-rules';
import { BUDGETING_SAMPLE_VIEWS, budgetingRules } from './budgeting-rules';
import { GRANTS_SAMPLE_VIEWS, grantsRules } from './grants-rules';
import { PREMISES_SAMPLE_VIEWS, premisesRules } from './premises-rules';

export type Channel = 'email' | 'sms' | 'inapp';
export const CHANNELS: readonly Channel[] = ['email', 'sms', 'inapp'];
export const LANGUAGES: readonly Language[] = ['fi', 'sv', 'en'];

/** A contact the sender consented to be reached at, as events carry it. */
export interface ContactInput {
  email?: string;
  phone?: string;
  language: Language;
}

export interface RuleContext {
  portalUrl: string;
  /** The messages' sender (MAIL_FROM, `Name <address>`): the organizer a calendar entry names. */
  mailFrom?: string;
  /** Opens a field its producer sealed for this service (EventSeal), or undefined. */
  openSealed?: (sealed: string, purpose: string) => string | undefined;
  /**
   * The language of the recipients this view is for: the planner makes a view per language, so
   * words the templates take as they are (a space's name, an .ics entry) can be in the reader's.
   */
  language?: Language;
}

/**
 * What one catalogue event means to the people following an item. The whole policy of
 * "who is told what" is this table: the consumer, the planner and the templates read it,
 * so a new event (an initiative decided, a booking confirmed) is a rule and a template.
 */
export interface NotificationRule<D = any> {
  event: EventDefinition;
  /** The opt-out topic: a recipient may stop a whole topic (e.g. all feedback messages). */
  topic: string;
  /** The item the event is about; its subscribers are the audience. */
  itemKey(data: D): string;
  /**
   * Signed-in people (their token's `sub`) this event is addressed to, told whether or not
   * they follow the item and without subscribing them: a reminder to the assigned preparer
   * is theirs alone, never the item's followers'.
   */
  addressedTo?(data: D): string[];
  /** People who become subscribers of the item through this event (they took part). */
  participants?(data: D): ContactInput[];
  /** Subscribers are told with this template; without one the event only subscribes. */
  template?: string;
  /**
   * Only the participants this event brings are told, never the item's other subscribers:
   * for a receipt, whose link opens the private tracking page.
   */
  tellsParticipantsOnly?: boolean;
  /** Sent at once even to those who chose a digest (a receipt in tomorrow's digest is no receipt). */
  immediate?: boolean;
  /** The start of the participants' own text, kept with their subscription and quoted to them only. */
  participantExcerpt?(data: D): string | undefined;
  /** The template's data: public facts only, never a contact. `summary` feeds digests. */
  view?(data: D, context: RuleContext): TemplateView;
  /** After telling, the item's subscribers follow this item instead (merged duplicates). */
  moveSubscribersTo?(data: D): string;
  /** Only events this accepts are planned (a status change the decision's own message already tells). */
  when?(data: D): boolean;
  /** The item became public, so anyone signed in may follow it; its public title, never a contact. */
  publishes?(data: D): PublicItem | undefined;
  /** The item is no longer public: new follows are refused (those who follow it keep following). */
  withdraws?(data: D): string;
  /**
   * A signed-in person (by `sub`) starts following items and stops following others because of
   * what they did (a voter follows the plans on their ballot). Idempotent; an opt-out stays an
   * opt-out: nobody who stopped the topic or everything is made to follow, and a follow the
   * person stopped themselves is not revived.
   */
  follows?(data: D): Follows | undefined;
  /**
   * The audience is the followers of these items (each told once) instead of `itemKey`'s: the
   * followers of every winning plan hear that the results are out.
   */
  audienceItems?(data: D): string[];
}

/** What a `follows` rule asks: `language` is for a person first seen here. */
export interface Follows {
  sub: string;
  language?: Language;
  follow: string[];
  unfollow: string[];
  /**
   * The follows are the whole state of `scope` (a round's ballot) as of `at`: one older than
   * what was already applied for that person and scope is ignored, as events may arrive out of order.
   */
  asOf?: { scope: string; at: string };
}

export interface TemplateView {
  summary?: string;
  link?: string;
  /** The item's public page: what followers get as `link` instead of a participant's private one. */
  publicLink?: string;
  [key: string]: unknown;
}

/** Data for a template when staff preview it without giving their own. */
export const SAMPLE_VIEWS: Record<string, TemplateView> = {
  'feedback.submitted': {
    trackingCode: 'VKT-2026-000123',
    ownText: 'Pyörätiellä kirjaston edessä on syvä kuoppa, johon pyörän eturengas juuttuu.',
    summary: 'VKT-2026-000123',
    link: 'http://localhost:8080/feedback/track/00000000-0000-4000-8000-000000000000',
  },
  'feedback.replied': {
    ownText: 'Pyörätiellä kirjaston edessä on syvä kuoppa, johon pyörän eturengas juuttuu.',
    trackingCode: 'VKT-2026-000123',
    reply: 'Korjaamme kuopan tällä viikolla.',
    summary: 'Korjaamme kuopan tällä viikolla.',
    link: 'http://localhost:8080/feedback/track/00000000-0000-4000-8000-000000000000',
  },
  'feedback.resolved': {
    ownText: 'Pyörätiellä kirjaston edessä on syvä kuoppa, johon pyörän eturengas juuttuu.',
    trackingCode: 'VKT-2026-000123',
    resolution: 'Kuoppa on paikattu.',
    summary: 'Kuoppa on paikattu.',
    link: 'http://localhost:8080/feedback/track/00000000-0000-4000-8000-000000000000',
  },
  'feedback.rejected': {
    ownText: 'Pyörätiellä kirjaston edessä on syvä kuoppa, johon pyörän eturengas juuttuu.',
    trackingCode: 'VKT-2026-000123',
    reason: 'Tie on valtion tie. Välitimme tiedon ELY-keskukselle.',
    summary: 'Tie on valtion tie. Välitimme tiedon ELY-keskukselle.',
    link: 'http://localhost:8080/feedback/track/00000000-0000-4000-8000-000000000000',
  },
  'feedback.merged': {
    trackingCode: 'VKT-2026-000124',
    originalTrackingCode: 'VKT-2026-000123',
    resolved: false,
    rejected: false,
    summary: 'VKT-2026-000123',
    link: 'http://localhost:8080/feedback/track/VKT-2026-000123',
  },
  ...INITIATIVE_SAMPLE_VIEWS,
  ...BUDGETING_SAMPLE_VIEWS,
  ...GRANTS_SAMPLE_VIEWS,
  ...PREMISES_SAMPLE_VIEWS,
  digest: {
    count: 2,
    items: [
      { subject: 'Palautteeseesi VKT-2026-000123 on vastattu', summary: 'Korjaamme kuopan tällä viikolla.', link: 'http://localhost:8080/feedback/track/1' },
      { subject: 'Palautteesi VKT-2026-000123 on käsitelty', summary: 'Kuoppa on paikattu.', link: 'http://localhost:8080/feedback/track/1' },
    ],
  },
};

interface FeedbackRef {
  requestId: string;
  trackingCode: string;
  contact?: ContactInput;
  excerpt?: string;
}

/** What a merged event says of the original (all public facts; optional in older events). */
interface MergedFacts {
  originalRequestId: string;
  originalTrackingCode: string;
  originalStatus?: string;
  originalPublished?: boolean;
  originalOutcome?: string;
}

const feedbackItem = (d: FeedbackRef) => `feedback:${d.requestId}`;
/** The consented sender takes part, so every feedback event (re)subscribes them — idempotently. */
const feedbackSender = (d: FeedbackRef) => (d.contact ? [d.contact] : []);
const trackingLink = (requestId: string, c: RuleContext) => `${c.portalUrl}/feedback/track/${requestId}`;
/** The public page, by tracking code: it opens only while the request is published. */
const publicPage = (trackingCode: string, c: RuleContext) => `${c.portalUrl}/feedback/track/${encodeURIComponent(trackingCode)}`;

const feedbackBase = { topic: 'feedback', itemKey: feedbackItem, participants: feedbackSender };

export const notificationRules: NotificationRule[] = [
  // The sender is subscribed and gets a receipt: the tracking code and the private link
  // (the tracking page promises it), quoting their own text. Only the sender: the link is theirs.
  {
    event: FeedbackEvents.submitted,
    ...feedbackBase,
    template: 'feedback.submitted',
    tellsParticipantsOnly: true,
    immediate: true,
    participantExcerpt: (d: FeedbackRef) => (d.contact ? d.excerpt : undefined),
    view: (d: FeedbackRef, c) => ({ trackingCode: d.trackingCode, summary: d.trackingCode, link: trackingLink(d.requestId, c) }),
  },
  // Public from publication until unpublished. Rejecting or merging leaves a request public
  // in the feedback service (its page shows the outcome), so here too.
  { event: FeedbackEvents.published, ...feedbackBase, publishes: (d: FeedbackRef) => ({ itemKey: feedbackItem(d), title: d.trackingCode }) },
  { event: FeedbackEvents.unpublished, ...feedbackBase, withdraws: feedbackItem },
  { event: FeedbackEvents.statusChanged, ...feedbackBase },
  { event: FeedbackEvents.forwarded, ...feedbackBase },
  {
    event: FeedbackEvents.replied,
    ...feedbackBase,
    template: 'feedback.replied',
    view: (d: FeedbackRef & { body: string }, c) => ({
      trackingCode: d.trackingCode,
      reply: d.body,
      summary: d.body,
      link: trackingLink(d.requestId, c),
      publicLink: publicPage(d.trackingCode, c),
    }),
  },
  {
    event: FeedbackEvents.resolved,
    ...feedbackBase,
    template: 'feedback.resolved',
    view: (d: FeedbackRef & { resolution?: string }, c) => ({
      trackingCode: d.trackingCode,
      resolution: d.resolution,
      summary: d.resolution,
      link: trackingLink(d.requestId, c),
      publicLink: publicPage(d.trackingCode, c),
    }),
  },
  {
    event: FeedbackEvents.rejected,
    ...feedbackBase,
    template: 'feedback.rejected',
    view: (d: FeedbackRef & { reason: string }, c) => ({
      trackingCode: d.trackingCode,
      reason: d.reason,
      summary: d.reason,
      link: trackingLink(d.requestId, c),
      publicLink: publicPage(d.trackingCode, c),
    }),
  },
  {
    event: FeedbackEvents.merged,
    ...feedbackBase,
    template: 'feedback.merged',
    // The original is another resident's report: the duplicate's sender gets its public page
    // only when it is published, never its private tracking link, and its outcome (public
    // text) when it is already closed. Events from before these fields count as unpublished.
    view: (d: FeedbackRef & MergedFacts, c) => {
      const resolved = d.originalStatus === 'resolved' && !!d.originalOutcome;
      const rejected = d.originalStatus === 'rejected' && !!d.originalOutcome;
      const link = d.originalPublished === true ? publicPage(d.originalTrackingCode, c) : undefined;
      return {
        trackingCode: d.trackingCode,
        originalTrackingCode: d.originalTrackingCode,
        resolved,
        rejected,
        ...(resolved || rejected ? { outcome: d.originalOutcome } : {}),
        summary: resolved || rejected ? d.originalOutcome : d.originalTrackingCode,
        ...(link ? { link, publicLink: link } : {}),
      };
    },
    moveSubscribersTo: (d: { originalRequestId: string }) => `feedback:${d.originalRequestId}`,
  },
  ...initiativeRules,
  ...budgetingRules,
  ...grantsRules,
  ...premisesRules,
];

const byType = new Map(notificationRules.map((r) => [r.event.type, r]));

export function ruleFor(eventType: string): NotificationRule | undefined {
  return byType.get(eventType);
}

/** A rule by its template name or its event type, short (`feedback.resolved`) or full. */
export function ruleForTemplateOrType(name: string): NotificationRule | undefined {
  return byType.get(name) ?? notificationRules.find((r) => r.template === name || r.event.type === `fi.vaikuta.${name}.v1`);
}

/** Every template the rules name, plus the digest. */
export function templateNames(): string[] {
  return [...new Set(notificationRules.flatMap((r) => (r.template ? [r.template] : []))), 'digest'];
}

/** Item types people may follow: the prefixes of the rules' item keys. */
export const FOLLOWABLE_ITEM_TYPES = ['feedback', 'initiative'] as const;
export const TOPICS = [...new Set(notificationRules.map((r) => r.topic))];
