import { randomUUID } from 'node:crypto';
import { CloudEvent, EventDefinition, FeedbackEvents } from '@vaikuta/contracts';
import { NotificationPlanner } from '../src/delivery/notification-planner';
import { feedbackRef, now, NotificationsTestApp, startNotificationsTestApp, worker } from './notifications-test-app';

/**
 * The consumer plans a backlog of events in one transaction with set-based statements. What
 * it writes must be exactly what planning the same events one at a time writes: these tests
 * plan one scenario both ways, on separate items, and compare the rows.
 */
describe('planning a batch of events', () => {
  let t: NotificationsTestApp;
  let planner: NotificationPlanner;

  beforeAll(async () => {
    t = await startNotificationsTestApp('batchplan', { workers: { consumers: false, delivery: false, reconciler: false, digests: false } });
    planner = t.app.get(NotificationPlanner);
  });
  afterAll(async () => t?.close());

  const envelope = (definition: EventDefinition, data: Record<string, unknown>): CloudEvent =>
    ({ specversion: '1.0', id: randomUUID(), source: 'vaikuta/test', type: definition.type, time: now(), datacontenttype: 'application/json', data }) as CloudEvent;

  /**
   * Two senders report the same pothole; the second one's report is merged into the first,
   * and the first is then resolved. `tag` keeps the two runs' contacts and items apart.
   */
  function scenario(tag: string): CloudEvent[] {
    const first = randomUUID();
    const duplicate = randomUUID();
    const anna = { email: `anna-${tag}@example.fi`, language: 'fi' as const };
    const bertil = { email: `bertil-${tag}@example.fi`, language: 'sv' as const };
    const chris = { phone: `+35840${tag === 'one' ? '1' : '2'}000000`, language: 'en' as const };
    return [
      envelope(FeedbackEvents.submitted, { ...feedbackRef(anna, first), kind: 'fault', submittedAt: now() }),
      // Replied before Bertil takes part: only Anna is told.
      envelope(FeedbackEvents.replied, { ...feedbackRef(anna, first), replyId: randomUUID(), body: 'Tulossa', by: worker, repliedAt: now() }),
      envelope(FeedbackEvents.submitted, { ...feedbackRef(bertil, duplicate), kind: 'fault', submittedAt: now() }),
      envelope(FeedbackEvents.replied, { ...feedbackRef(chris, first), replyId: randomUUID(), body: 'Again', by: worker, repliedAt: now() }),
      envelope(FeedbackEvents.merged, {
        ...feedbackRef(bertil, duplicate),
        originalRequestId: first,
        originalTrackingCode: 'VKT-2026-000001',
        by: worker,
        mergedAt: now(),
      }),
      // After the merge Bertil follows the original — as a follower, told only once it is public.
      envelope(FeedbackEvents.published, { ...feedbackRef(anna, first), by: worker, publishedAt: now() }),
      envelope(FeedbackEvents.resolved, { ...feedbackRef(anna, first), resolution: 'Paikattu', by: worker, resolvedAt: now() }),
    ];
  }

  /** The rows written for these events, as (event position, recipient contact, channel). */
  async function rowsFor(events: CloudEvent[]): Promise<string[]> {
    const rows: { event_id: string; contact_key: string; channel: string }[] = await t.dataSource.query(
      `SELECT n.event_id, r.contact_key, n.channel FROM notifications n JOIN recipients r ON r.id = n.recipient_id
        WHERE n.event_id = ANY ($1::text[])`,
      [events.map((e) => e.id)],
    );
    const position = new Map(events.map((e, i) => [e.id, i]));
    return rows.map((r) => `${position.get(r.event_id)} ${r.contact_key.replace(/-(one|two)@/, '@').replace(/\+35840[12]/, '+35840x')} ${r.channel}`).sort();
  }

  it('writes the same rows as planning the events one at a time', async () => {
    const oneByOne = scenario('one');
    for (const event of oneByOne) await t.dataSource.transaction((m) => planner.planEvents([event], m));
    const batch = scenario('two');
    await t.dataSource.transaction((m) => planner.planEvents(batch, m));

    const expected = [
      '0 email:anna@example.fi email', // each sender's receipt
      '1 email:anna@example.fi email', // the first reply: Anna only
      '2 email:bertil@example.fi email',
      '3 email:anna@example.fi email', // the second reply, which subscribes Chris
      '3 phone:+35840x000000 sms',
      '4 email:bertil@example.fi email', // the merge tells the duplicate's sender
      '6 email:anna@example.fi email', // resolved: everyone, Bertil through the merge (it is public)
      '6 email:bertil@example.fi email',
      '6 phone:+35840x000000 sms',
    ];
    expect(await rowsFor(oneByOne)).toEqual(expected);
    expect(await rowsFor(batch)).toEqual(expected);
  });
});
