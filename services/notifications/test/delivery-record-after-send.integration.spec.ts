import { FeedbackEvents } from '@vaikuta/contracts';
import { waitFor } from '@vaikuta/testing';
import { feedbackRef, NotificationsWithSmtp, now, startNotificationsWithSmtp, worker } from './notifications-test-app';

/**
 * Found by the chaos suite (chaos/, issue 12): PostgreSQL restarting between an email's SMTP
 * hand-over and the statement that records it as sent made the row pending again, and the same
 * message went out twice. Here the database refuses that record once (a trigger, counted by a
 * sequence, which a rollback does not undo) while the message is already with the SMTP server.
 */
jest.setTimeout(120_000);

describe('delivery when recording a sent message fails', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    // A lease long enough to retry the record under it; retries of failed sends are quick.
    t = await startNotificationsWithSmtp('record_after_send', { config: { leaseSeconds: 30 } });
  });
  afterAll(() => t?.close());

  it('sends the message once and records it once the database answers again', async () => {
    await t.app.dataSource.query(`CREATE SEQUENCE refused_records`);
    await t.app.dataSource.query(`
      CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM nextval('refused_records'); RAISE EXCEPTION 'database going away'; END $$`);
    await t.app.dataSource.query(`
      CREATE TRIGGER refuse_sent BEFORE UPDATE ON notifications FOR EACH ROW
      WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()`);

    await t.app.publish(FeedbackEvents.resolved, { ...feedbackRef({ email: 'once@example.fi', language: 'fi' }), resolution: 'Korjattu.', by: worker, resolvedAt: now() });
    await waitFor(async () => (await t.app.dataSource.query(`SELECT is_called FROM refused_records`))[0].is_called, { what: 'a refused record of a sent message' });
    expect(t.smtp.to('once@example.fi')).toHaveLength(1);
    await t.app.dataSource.query(`DROP TRIGGER refuse_sent ON notifications`);

    const [row] = await waitFor(async () => {
      const rows: { status: string }[] = await t.app.dataSource.query(`SELECT status FROM notifications`);
      return rows[0]?.status === 'sent' ? rows : undefined;
    }, { what: 'the notification recorded as sent', timeoutMs: 20_000 });
    expect(row.status).toBe('sent');
    // Before the fix the row went back to pending and the retry had sent it again by now.
    expect(t.smtp.to('once@example.fi')).toHaveLength(1);
    const attempts: { outcome: string }[] = await t.app.dataSource.query(`SELECT outcome FROM delivery_attempts`);
    expect(attempts.map((a) => a.outcome)).toEqual(['sent']);
  });
});
