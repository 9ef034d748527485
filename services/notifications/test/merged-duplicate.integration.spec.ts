import { randomUUID } from 'node:crypto';
import { FeedbackEvents } from '@vaikuta/contracts';
import { ReceivedMail, waitFor } from '@vaikuta/testing';
import { feedbackRef, NotificationsWithSmtp, now, startNotificationsWithSmtp, worker } from './notifications-test-app';

jest.setTimeout(60_000);

/**
 * A duplicate merged into another resident's report: its sender may learn only what the
 * original shows in public, and only while it is public — never the original's private
 * tracking link (its id), nor replies sent to its sender while it is unpublished.
 */
describe('a merged duplicate’s sender and the original’s privacy', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('merged');
  });
  afterAll(() => t?.close());

  const mailTo = (address: string, subject: RegExp) =>
    waitFor(() => t.smtp.to(address).find((m: ReceivedMail) => subject.test(m.subject)), { what: `mail to ${address} about ${subject}` });
  const pair = (tag: string) => {
    const anna = { email: `anna-${tag}@example.fi`, language: 'fi' as const };
    const bertil = { email: `bertil-${tag}@example.fi`, language: 'en' as const };
    return { anna, bertil, original: feedbackRef(anna), duplicate: feedbackRef(bertil) };
  };

  it('into an unpublished original: no link, no private reply; the public page once it is published', async () => {
    const { anna, bertil, original, duplicate } = pair('unpublished');
    // Every feedback event subscribes its sender, so no `submitted` is needed here.
    await t.publish(FeedbackEvents.statusChanged, { ...original, from: 'received', to: 'in_process', by: worker, changedAt: now() });
    await t.publish(FeedbackEvents.merged, {
      ...duplicate,
      originalRequestId: original.requestId,
      originalTrackingCode: original.trackingCode,
      originalStatus: 'in_process',
      originalPublished: false,
      by: worker,
      mergedAt: now(),
    });
    const merged = await mailTo(bertil.email, /combined/);
    for (const part of [merged.text, merged.html]) {
      expect(part).not.toContain(original.requestId);
      expect(part).not.toContain('/feedback/track/');
      expect(part).toContain('The other report is being handled.');
      expect(part).not.toContain('We will tell you');
    }

    // A reply to the original's sender while it is unpublished is theirs alone.
    await t.publish(FeedbackEvents.replied, { ...original, replyId: randomUUID(), body: 'Hei Anna, tulemme kotiovellesi.', by: worker, repliedAt: now() });
    await mailTo(anna.email, /^Vastaus/);

    // Once public, the duplicate's sender follows it through its public page.
    await t.publish(FeedbackEvents.published, { ...original, by: worker, publishedAt: now() });
    await t.publish(FeedbackEvents.resolved, { ...original, resolution: 'Valo korjattu.', by: worker, resolvedAt: now() });
    const annaResolved = await mailTo(anna.email, /käsitelty/);
    expect(annaResolved.text).toContain(`/feedback/track/${original.requestId}`); // her own private link
    const resolved = await mailTo(bertil.email, /handled/);
    expect(resolved.text).toContain('Valo korjattu.');
    expect(resolved.text).toContain(`/feedback/track/${original.trackingCode}`);
    expect(resolved.text + resolved.html).not.toContain(original.requestId);
    expect(t.smtp.to(bertil.email).some((m: ReceivedMail) => (m.text + m.html).includes('kotiovellesi'))).toBe(false);
  });

  it('into a published original: its public page, never its private link', async () => {
    const { bertil, original, duplicate } = pair('published');
    await t.publish(FeedbackEvents.merged, {
      ...duplicate,
      originalRequestId: original.requestId,
      originalTrackingCode: original.trackingCode,
      originalStatus: 'received',
      originalPublished: true,
      by: worker,
      mergedAt: now(),
    });
    const merged = await mailTo(bertil.email, /combined/);
    expect(merged.text).toContain(`/feedback/track/${original.trackingCode}?lang=en`);
    expect(merged.text).toContain('We will tell you when it has been handled.');
    expect(merged.text + merged.html).not.toContain(original.requestId);
  });

  it('into an original already resolved: tells the outcome, not that it will be told later', async () => {
    const { bertil, original, duplicate } = pair('resolved');
    await t.publish(FeedbackEvents.merged, {
      ...duplicate,
      originalRequestId: original.requestId,
      originalTrackingCode: original.trackingCode,
      originalStatus: 'resolved',
      originalPublished: false,
      originalOutcome: 'Katuvalo vaihdettiin 3.12.',
      by: worker,
      mergedAt: now(),
    });
    const merged = await mailTo(bertil.email, /combined/);
    expect(merged.text).toContain('It has already been handled:\nKatuvalo vaihdettiin 3.12.');
    expect(merged.html).toContain('<blockquote>Katuvalo vaihdettiin 3.12.</blockquote>');
    expect(merged.text).not.toContain('We will tell you');
    expect(merged.text + merged.html).not.toContain(original.requestId);
  });

  it('into an original already rejected: tells the reason', async () => {
    const { bertil, original, duplicate } = pair('rejected');
    await t.publish(FeedbackEvents.merged, {
      ...duplicate,
      originalRequestId: original.requestId,
      originalTrackingCode: original.trackingCode,
      originalStatus: 'rejected',
      originalPublished: true,
      originalOutcome: 'Tie on valtion tie.',
      by: worker,
      mergedAt: now(),
    });
    const merged = await mailTo(bertil.email, /combined/);
    expect(merged.text).toContain('It has already been handled and will not be fixed:\nTie on valtion tie.');
    expect(merged.text).not.toContain('We will tell you');
  });
});
