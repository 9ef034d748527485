import { randomUUID } from 'node:crypto';
import { BudgetingEvents, EventDefinition, FeedbackEvents, PremisesEvents, PrivacyEvents } from '@vaikuta/contracts';
import { waitFor } from '@vaikuta/testing';
import { feedbackRef, NotificationsTestApp, startNotificationsTestApp } from './notifications-test-app';

jest.setTimeout(90_000);

/**
 * Streams are not ordered with each other: a booking confirmed, a ballot cast or a report sent
 * just before the person asked to be forgotten can reach this service after their erasure has
 * been applied. Such an event must not bring the person back (a privacy-across-services run
 * found the booker's recipient re-created that way). What they do after their request is new
 * and reaches them as usual.
 */
describe('an erasure request applied before events from before it arrive', () => {
  let t: NotificationsTestApp;
  const SUB = 'late-events-person';
  const EMAIL = 'late.events@example.fi';
  const PHONE = '+358401234567';

  beforeAll(async () => {
    t = await startNotificationsTestApp('erasure_late', { workers: { consumers: true, delivery: false, reconciler: false, digests: false } });
  });
  afterAll(async () => t?.close());

  /** Publishes an event stamped with `time`, as its producer wrote it, and waits until it is applied. */
  async function publishAt(definition: EventDefinition, time: Date, data: object): Promise<void> {
    const id = randomUUID();
    const envelope = { specversion: '1.0', id, source: 'vaikuta/test', type: definition.type, time: time.toISOString(), datacontenttype: 'application/json', data };
    await t.reader.publishRaw(`${t.namespace}.${definition.subject}`, JSON.stringify(envelope), id);
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [id])).length === 1, { what: `${definition.type} applied` });
  }
  const booking = (at: Date) => ({
    bookingId: randomUUID(),
    spaceId: randomUUID(),
    spaceName: 'Kallion nuorisotalo, sali',
    begin: '2027-06-15T15:00:00.000Z',
    end: '2027-06-15T17:00:00.000Z',
    bookerSub: SUB,
    access: 'opened_by_staff',
    confirmedAt: at.toISOString(),
  });
  const ballot = (at: Date) => ({
    roundId: randomUUID(),
    ballotId: randomUUID(),
    channel: 'online',
    withdrawal: false,
    voterSub: SUB,
    language: 'fi',
    planIds: [randomUUID()],
    droppedPlanIds: [],
    confirmedAt: at.toISOString(),
  });
  const report = (at: Date, contact: { email?: string; phone?: string }) => ({
    ...feedbackRef({ ...contact, language: 'fi' }),
    kind: 'fault',
    channel: 'web',
    submittedAt: at.toISOString(),
    dueAt: after(at, 14 * 86_400_000).toISOString(),
  });
  const after = (at: Date, ms: number) => new Date(at.getTime() + ms);
  const recipientsOfThePerson = (): Promise<{ kind: string }[]> =>
    t.dataSource.query(`SELECT kind FROM recipients WHERE subject = $1 OR lower(email) = $2 OR phone = $3 ORDER BY kind`, [SUB, EMAIL, PHONE]);

  it('does not re-create the person from a booking, a ballot or a report sent before their request; what they do afterwards reaches them', async () => {
    const requestedAt = new Date();
    const before = after(requestedAt, -60_000);
    const later = after(requestedAt, 60_000);

    await publishAt(PrivacyEvents.erasureRequested, requestedAt, { requestId: randomUUID(), subjectId: SUB, email: 'Late.Events@Example.fi', requestedAt: requestedAt.toISOString() });
    // A second request naming only the phone, as an admin's request by phone would.
    await publishAt(PrivacyEvents.erasureRequested, requestedAt, { requestId: randomUUID(), phone: '040 1234567', requestedAt: requestedAt.toISOString() });

    // Published before the request, applied after it.
    await publishAt(PremisesEvents.bookingConfirmed, before, booking(before)); // addressed to the booker by sub
    await publishAt(BudgetingEvents.ballotConfirmed, before, ballot(before)); // the voter follows and gets a receipt
    await publishAt(FeedbackEvents.submitted, before, report(before, { email: EMAIL.toUpperCase() })); // a consented contact
    await publishAt(FeedbackEvents.submitted, before, report(before, { phone: PHONE }));
    expect(await recipientsOfThePerson()).toEqual([]);
    // Nothing was planned for them either: no message waits for a recipient that is not there.
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 0 }]);

    // What remembers the erasure names nobody: keyed digests, never the subject, email or phone.
    const remembered = JSON.stringify(await t.dataSource.query(`SELECT * FROM erased_identities`));
    for (const value of [SUB, EMAIL, 'late.events', '1234567']) expect(remembered).not.toContain(value);

    // After the request the person books again and reports again: they are told as anyone is.
    await publishAt(PremisesEvents.bookingConfirmed, later, booking(later));
    await publishAt(FeedbackEvents.submitted, later, report(later, { email: EMAIL }));
    expect(await recipientsOfThePerson()).toEqual([{ kind: 'contact' }, { kind: 'person' }]);
  });
});
