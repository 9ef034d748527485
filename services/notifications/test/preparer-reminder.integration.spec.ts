import { randomUUID } from 'node:crypto';
import { InitiativeEvents } from '@vaikuta/contracts';
import { waitFor } from '@vaikuta/testing';
import { NotificationsWithSmtp, now, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(60_000);

/**
 * The initiatives service reminds the assigned preparer of a due date with a
 * `deadline_approaching` event naming them by sign-in subject. The reminder waits in their
 * in-app inbox (created for them if they never signed in here), comes by email too when they
 * chose email, and reaches no one else: not the initiator nor a follower of the initiative.
 */
describe('a deadline reminder reaches the assigned preparer', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('reminder');
  });
  afterAll(() => t?.close());

  const inboxOf = async (sub: string) =>
    (await t.app.http().get('/notifications/inbox').auth(await t.app.token('preparer', sub), { type: 'bearer' }).expect(200)).body.items as { subject: string; text: string; link: string }[];
  const reminder = (initiativeId: string, preparerId: string, kind: 'statement' | 'council') => ({
    initiativeId,
    title: 'Fler bänkar längs Tölöviken',
    caseId: 'HEL-2026-000042',
    language: 'sv',
    preparerId,
    kind,
    dueAt: '2026-09-16T00:00:00.000Z',
  });

  it('puts the reminder in the inbox of a preparer who never signed in here, and tells the initiator nothing', async () => {
    const initiativeId = randomUUID();
    await t.publish(InitiativeEvents.filed, {
      initiativeId,
      title: 'Fler bänkar längs Tölöviken',
      language: 'sv',
      initiativeType: 'resident',
      filedAt: now(),
      contacts: [{ email: 'initiator@example.fi', language: 'sv' }],
      public: true,
    });
    await t.publish(InitiativeEvents.deadlineApproaching, reminder(initiativeId, 'preparer-new', 'statement'));

    const [item, ...more] = await inboxOf('preparer-new');
    expect(more).toHaveLength(0);
    expect(item.subject).toBe('Muistutus: aloitteen ”Fler bänkar längs Tölöviken” lausunnon määräaika on 2026-09-16');
    expect(item.text).toContain('HEL-2026-000042');
    expect(item.link).toBe(`http://portal.test/staff/initiatives/${initiativeId}`);
    // Addressed to the preparer alone: the initiator, subscribed by `filed`, gets no row of it.
    const toOthers = await t.app.dataSource.query(
      `SELECT r.subject FROM notifications x JOIN recipients r ON r.id = x.recipient_id WHERE x.event_type = $1 AND r.subject IS DISTINCT FROM 'preparer-new'`,
      [InitiativeEvents.deadlineApproaching.type],
    );
    expect(toOthers).toEqual([]);
    // Nor did it subscribe the preparer to the initiative's public steps.
    expect(await t.app.dataSource.query(`SELECT 1 FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id WHERE r.subject = 'preparer-new'`)).toEqual([]);
  });

  it('emails a preparer who chose email, in their language, once for a replayed event', async () => {
    const sub = 'preparer-mail';
    await t.app
      .http()
      .put('/notifications/preferences')
      .auth(await t.app.token('preparer', sub), { type: 'bearer' })
      .send({ language: 'sv', channels: ['inapp', 'email'], email: 'beredare@example.fi' })
      .expect(200);
    const eventId = randomUUID();
    const data = reminder(randomUUID(), sub, 'council');
    await t.publish(InitiativeEvents.deadlineApproaching, data, eventId);
    await t.app.publish(InitiativeEvents.deadlineApproaching, data, eventId); // a redelivery

    const mail = await waitFor(() => t.smtp.to('beredare@example.fi')[0], { what: 'the reminder email' });
    expect(mail.subject).toBe('Påminnelse: fullmäktiges tidsfrist för initiativet ”Fler bänkar längs Tölöviken” är 2026-09-16');
    expect(mail.text).toContain('ska behandlas av fullmäktige senast 2026-09-16');
    expect((await inboxOf(sub)).map((i) => i.subject)).toEqual([mail.subject]);
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up, were there one
    expect(t.smtp.to('beredare@example.fi')).toHaveLength(1);
  });
});
