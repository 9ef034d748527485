import { FeedbackEvents } from '@vaikuta/contracts';
import { TestSmtpServer, waitFor } from '@vaikuta/testing';
import { feedbackRef, FAST_DELIVERY, now, NotificationsTestApp, startNotificationsTestApp, worker } from './notifications-test-app';

/**
 * Found by the chaos suite (chaos/, issue 12): PostgreSQL restarting between an email's SMTP
 * hand-over and the statement that records it as sent made the row pending again, and the same
 * message went out twice. Here the database refuses that record once (a trigger, counted by a
 * sequence, which a rollback does not undo) while the message is already with the SMTP server.
 */
jest.setTimeout(120_000);

describe('delivery when recording a sent message fails', () => {
  let smtp: TestSmtpServer;
  let n: NotificationsTestApp;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    // A lease long enough to retry the record under it; retries of failed sends are quick.
    n = await startNotificationsTestApp('record_after_send', { config: { ...FAST_DELIVERY, smtpUrl: smtp.url, leaseSeconds: 30 } });
  });
  afterAll(async () => {
    await n?.close();
    await smtp?.close();
  });

  it('sends the message once and records it once the database answers again', async () => {
    await n.dataSource.query(`CREATE SEQUENCE refused_records`);
    await n.dataSource.query(`
      CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM nextval('refused_records'); RAISE EXCEPTION 'database going away'; END $$`);
    await n.dataSource.query(`
      CREATE TRIGGER refuse_sent BEFORE UPDATE ON notifications FOR EACH ROW
      WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()`);

    await n.publish(FeedbackEvents.resolved, { ...feedbackRef({ email: 'once@example.fi', language: 'fi' }), resolution: 'Korjattu.', by: worker, resolvedAt: now() });
    await waitFor(async () => (await n.dataSource.query(`SELECT is_called FROM refused_records`))[0].is_called, { what: 'a refused record of a sent message' });
    expect(smtp.to('once@example.fi')).toHaveLength(1);
    await n.dataSource.query(`DROP TRIGGER refuse_sent ON notifications`);

    const [row] = await waitFor(async () => {
      const rows: { status: string }[] = await n.dataSource.query(`SELECT status FROM notifications`);
      return rows[0]?.status === 'sent' ? rows : undefined;
    }, { what: 'the notification recorded as sent', timeoutMs: 20_000 });
    expect(row.status).toBe('sent');
    // Before the fix the row went back to pending and the retry had sent it again by now.
    expect(smtp.to('once@example.fi')).toHaveLength(1);
    const attempts: { outcome: string }[] = await n.dataSource.query(`SELECT outcome FROM delivery_attempts`);
    expect(attempts.map((a) => a.outcome)).toEqual(['sent']);
  });
});
