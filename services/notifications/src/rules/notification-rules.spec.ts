import { randomUUID } from 'node:crypto';
import { EventCatalogue, FeedbackEvents } from '@vaikuta/contracts';
import { initialStatus } from '../delivery/notification-planner';
import { reachableChannels } from '../recipients/recipient';
import { notificationRules, ruleFor, ruleForTemplateOrType, templateNames } from './notification-rules';

const ref = { requestId: randomUUID(), trackingCode: 'VKT-2026-000001', departmentCode: 'KYMP', categoryCode: '171', language: 'sv' as const };
const contact = { email: 'asukas@example.fi', language: 'sv' as const };

describe('notification rules', () => {
  it('names only catalogue events, each once', () => {
    const types = notificationRules.map((r) => r.event.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of types) expect(EventCatalogue.find(t)).toBeDefined();
  });

  it('subscribes the consented sender on submission and sends them alone a receipt with the private link, at once', () => {
    const rule = ruleFor(FeedbackEvents.submitted.type)!;
    expect(rule.template).toBe('feedback.submitted');
    expect(rule.tellsParticipantsOnly).toBe(true);
    expect(rule.immediate).toBe(true);
    expect(rule.participants!({ ...ref, contact })).toEqual([contact]);
    expect(rule.participants!(ref)).toEqual([]); // no consent, no contact on the bus, nobody subscribed
    expect(rule.itemKey(ref)).toBe(`feedback:${ref.requestId}`);
    const view = rule.view!({ ...ref, contact, excerpt: 'Gropen' }, { portalUrl: 'https://p' });
    expect(view.link).toBe(`https://p/feedback/track/${ref.requestId}`);
    // The text is kept with the sender's subscription, never in the message data others could read.
    expect(JSON.stringify(view)).not.toContain('Gropen');
    expect(JSON.stringify(view)).not.toContain('asukas@example.fi');
    expect(rule.participantExcerpt!({ ...ref, contact, excerpt: 'Gropen' })).toBe('Gropen');
    expect(rule.participantExcerpt!({ ...ref, excerpt: 'Gropen' })).toBeUndefined();
  });

  it('tells subscribers on submitted, replied, resolved, rejected and merged — and not on the rest', () => {
    const telling = notificationRules.filter((r) => r.template && r.topic === 'feedback').map((r) => r.event.type);
    expect(telling.sort()).toEqual(
      [FeedbackEvents.submitted, FeedbackEvents.replied, FeedbackEvents.resolved, FeedbackEvents.rejected, FeedbackEvents.merged].map((d) => d.type).sort(),
    );
  });

  it('puts the public reply in the resolved message and never the contact', () => {
    const view = ruleFor(FeedbackEvents.resolved.type)!.view!({ ...ref, contact, resolution: 'Lagat' }, { portalUrl: 'https://p' });
    expect(view).toEqual({
      trackingCode: ref.trackingCode,
      resolution: 'Lagat',
      summary: 'Lagat',
      link: `https://p/feedback/track/${ref.requestId}`,
      publicLink: `https://p/feedback/track/${ref.trackingCode}`,
    });
    expect(JSON.stringify(view)).not.toContain('asukas@example.fi');
  });

  it('moves a merged duplicate’s followers to the original', () => {
    const original = randomUUID();
    const rule = ruleFor(FeedbackEvents.merged.type)!;
    expect(rule.moveSubscribersTo!({ ...ref, originalRequestId: original })).toBe(`feedback:${original}`);
    // Never the original's private link (its id): its public page, and only once it is published.
    expect(rule.view!({ ...ref, originalRequestId: original, originalTrackingCode: 'VKT-1' }, { portalUrl: 'https://p' }).link).toBeUndefined();
    expect(rule.view!({ ...ref, originalRequestId: original, originalTrackingCode: 'VKT-1', originalPublished: false }, { portalUrl: 'https://p' }).link).toBeUndefined();
    expect(rule.view!({ ...ref, originalRequestId: original, originalTrackingCode: 'VKT-1', originalPublished: true }, { portalUrl: 'https://p' }).link).toBe(
      'https://p/feedback/track/VKT-1',
    );
  });

  it('makes an item public on publication with its tracking code only, and withdraws it on unpublish', () => {
    expect(ruleFor(FeedbackEvents.published.type)!.publishes!({ ...ref, contact })).toEqual({
      itemKey: `feedback:${ref.requestId}`,
      title: ref.trackingCode,
    });
    expect(ruleFor(FeedbackEvents.unpublished.type)!.withdraws!(ref)).toBe(`feedback:${ref.requestId}`);
    // Rejecting and merging leave a request public in the feedback service, so they change nothing here.
    const changing = notificationRules.filter((r) => (r.publishes || r.withdraws) && r.topic === 'feedback').map((r) => r.event.type);
    expect(changing.sort()).toEqual([FeedbackEvents.published.type, FeedbackEvents.unpublished.type].sort());
  });

  it('finds rules by short or full event type and lists every template with the digest', () => {
    expect(ruleForTemplateOrType('feedback.resolved')?.event).toBe(FeedbackEvents.resolved);
    expect(ruleForTemplateOrType(FeedbackEvents.resolved.type)?.event).toBe(FeedbackEvents.resolved);
    expect(ruleForTemplateOrType('feedback.exploded')).toBeUndefined();
    expect(templateNames()).toEqual(expect.arrayContaining(['feedback.replied', 'feedback.resolved', 'feedback.rejected', 'feedback.merged', 'digest']));
  });

  it('reaches people only on channels they can be reached on, holding for digests', () => {
    expect(reachableChannels({ kind: 'contact', channels: ['email'], email: 'a@b.fi', phone: null })).toEqual(['email']);
    expect(reachableChannels({ kind: 'person', channels: ['email', 'sms', 'inapp'], email: null, phone: '+358401234567' })).toEqual(['sms', 'inapp']);
    expect(reachableChannels({ kind: 'contact', channels: ['inapp'], email: 'a@b.fi', phone: null })).toEqual([]);
    expect(initialStatus({ digest: 'immediate' }, 'email')).toBe('pending');
    expect(initialStatus({ digest: 'daily' }, 'email')).toBe('held');
    expect(initialStatus({ digest: 'weekly' }, 'inapp')).toBe('sent');
  });
});
