import { issueDevToken } from '@vaikuta/auth';
import { waitFor, ServiceProcess, startServiceProcess } from '@vaikuta/testing';
import { NotificationsTestApp, startNotificationsTestApp } from './notifications-test-app';

/**
 * The right to erasure across services: the feedback service takes the request and
 * publishes it; the notification service, on the same NATS namespace, forgets the person.
 * Nothing is sent here, so only the event consumer runs.
 */
describe('an erasure request taken by the feedback service empties the notification service too', () => {
  let feedback: ServiceProcess;
  let notifications: NotificationsTestApp;
  const bearer = { type: 'bearer' } as const;

  beforeAll(async () => {
    feedback = await startServiceProcess('feedback', { label: 'erasure_e2e' });
    notifications = await startNotificationsTestApp('erasure_e2e', {
      namespace: feedback.namespace,
      keysDir: feedback.keysDir,
      workers: { consumers: true, delivery: false, reconciler: false, digests: false },
    });
  });
  afterAll(async () => {
    await notifications?.close();
    await feedback?.close();
  });

  const send = (fields: Record<string, unknown>, token?: string) => {
    const req = feedback.http().post('/feedback/requests');
    if (token) req.auth(token, bearer);
    return req
      .send({ kind: 'fault', categoryCode: '171', description: 'Katuvalo ei pala pyörätiellä.', address: 'Hämeentie 1', contactConsent: true, ...fields })
      .expect(201);
  };
  const recipients = (where: string, value: string): Promise<unknown[]> =>
    notifications.dataSource.query(`SELECT id FROM recipients WHERE ${where} = $1`, [value]);
  const gone = (where: string, value: string, what: string) =>
    waitFor(async () => (await recipients(where, value)).length === 0, { what, timeoutMs: 20_000 });

  it('an admin’s request by email removes that recipient and their subscriptions; others stay', async () => {
    await send({ email: 'Poistettava@example.fi' });
    await send({ email: 'pysyva@example.fi' });
    await waitFor(async () => (await recipients('email', 'poistettava@example.fi')).length === 1 && (await recipients('email', 'pysyva@example.fi')).length === 1, {
      what: 'both senders to become recipients',
      timeoutMs: 20_000,
    });

    const [{ id: erasedId }] = (await recipients('email', 'poistettava@example.fi')) as { id: string }[];
    const subscriptionsOf = async (id: string) =>
      (await notifications.dataSource.query(`SELECT count(*)::int AS n FROM subscriptions WHERE recipient_id = $1`, [id]))[0].n;
    expect(await subscriptionsOf(erasedId)).toBe(1);
    // The start of their text, which their messages quote, is kept with that subscription.
    const excerpts = async () =>
      (await notifications.dataSource.query(`SELECT count(*)::int AS n FROM subscriptions WHERE excerpt = 'Katuvalo ei pala pyörätiellä.'`))[0].n;
    expect(await excerpts()).toBe(2);

    const admin = await feedback.token('admin', [], 'admin-e2e');
    await feedback.http().post('/feedback/admin/erasure-requests').auth(admin, bearer).send({ email: 'poistettava@example.fi' }).expect(202);

    await gone('email', 'poistettava@example.fi', 'the erased recipient to disappear');
    expect(await recipients('email', 'pysyva@example.fi')).toHaveLength(1);
    expect(await subscriptionsOf(erasedId)).toBe(0);
    expect(await excerpts()).toBe(1); // the other sender's stays
    // The shared erasure consumer's record (libs/domain): how much was erased, never whom.
    expect(await notifications.dataSource.query(`SELECT erased, named FROM erasures_applied`)).toEqual([{ erased: 1, named: ['email'] }]);
  });

  it('a resident’s own request removes their signed-in profile and the recipient under the email their sign-in vouches for', async () => {
    const sub = 'resident-e2e';
    const resident = await issueDevToken({ sub, roles: ['resident'], email: 'itse@example.fi', emailVerified: true }, { keysDir: feedback.keysDir });
    await send({ email: 'itse@example.fi' }, resident);
    // Preferences make the signed-in person a recipient of their own (by subject).
    await notifications
      .http()
      .put('/notifications/preferences')
      .auth(await notifications.token('resident', sub), bearer)
      .send({ channels: ['inapp'] })
      .expect(200);
    await waitFor(async () => (await recipients('email', 'itse@example.fi')).length === 1, { what: 'the contact to become a recipient', timeoutMs: 20_000 });
    expect(await recipients('subject', sub)).toHaveLength(1);

    await feedback.http().post('/feedback/my/erasure').auth(resident, bearer).expect(202);

    await gone('subject', sub, 'the signed-in recipient to disappear');
    await gone('email', 'itse@example.fi', 'the contact recipient to disappear');
  });

  it('erasing oneself after typing another person’s email into one’s own report leaves that person’s recipient and what it follows', async () => {
    // The victim reported without signing in, to be told what becomes of it.
    const { body: report } = await send({ email: 'uhri.e2e@example.fi' });
    await waitFor(async () => (await recipients('email', 'uhri.e2e@example.fi')).length === 1, { what: 'the victim to become a recipient', timeoutMs: 20_000 });
    const [{ id: victim }] = (await recipients('email', 'uhri.e2e@example.fi')) as { id: string }[];
    const followed = async () => (await notifications.dataSource.query(`SELECT count(*)::int AS n FROM subscriptions WHERE recipient_id = $1`, [victim]))[0].n;
    expect(await followed()).toBe(1);

    // The attacker signs in, types the victim's email into a report of their own, and erases themselves.
    const sub = 'attacker-e2e';
    const attacker = await issueDevToken({ sub, roles: ['resident'] }, { keysDir: feedback.keysDir });
    await send({ email: 'UHRI.E2E@example.fi' }, attacker);
    await notifications.http().put('/notifications/preferences').auth(await notifications.token('resident', sub), bearer).send({ channels: ['inapp'] }).expect(200);
    await waitFor(async () => (await followed()) === 2, { what: 'the victim’s recipient to follow the attacker’s report too', timeoutMs: 20_000 });
    const { body: erasure } = await feedback.http().post('/feedback/my/erasure').auth(attacker, bearer).expect(202);

    // Once the notification service has applied the request: the attacker's own recipient is gone,
    // the victim's stays, still following their own report.
    await waitFor(
      async () => (await notifications.dataSource.query(`SELECT 1 FROM erasures_applied WHERE request_id = $1`, [erasure.requestId])).length === 1,
      { what: 'the notification service to apply the erasure', timeoutMs: 20_000 },
    );
    expect(await recipients('subject', sub)).toEqual([]);
    expect(await recipients('email', 'uhri.e2e@example.fi')).toEqual([{ id: victim }]);
    const ownReport = await notifications.dataSource.query(`SELECT active FROM subscriptions WHERE recipient_id = $1 AND item_key LIKE '%' || $2`, [victim, report.id]);
    expect(ownReport).toEqual([{ active: true }]);
    // The request named the attacker's sign-in alone, not the email they typed.
    expect(await notifications.dataSource.query(`SELECT named FROM erasures_applied WHERE request_id = $1`, [erasure.requestId])).toEqual([{ named: ['subjectId'] }]);
  });
});
