import ICAL from 'ical.js';
import type { LockStub } from '../../../scripts/lock-stub.mjs';
import { premisesSpaceRequest, waitFor, ReceivedMail, ServiceProcess, startServiceProcess, StreamReader } from '@vaikuta/testing';
import { NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

/**
 * Issue 11's "books a hall with a door code, receives the confirmation email with the calendar
 * entry, cancels it and sees the code revoked", by email: the grants service (its own process,
 * the lock stand-in behind it) and the notification service on one NATS namespace, a real SMTP
 * server here. The booker told notifications their email and English; nothing else about them
 * leaves the grants service.
 */
jest.setTimeout(120_000);

describe('from a door-code booking to the booker’s inbox', () => {
  let lock: LockStub;
  let grants: ServiceProcess;
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    const { startLockStub } = await import('../../../scripts/lock-stub.mjs');
    lock = await startLockStub({ port: 0, apiKey: 'e2e-lock-key' });
    grants = await startServiceProcess('grants', { label: 'premises_notif_e2e', env: { LOCK_API_URL: lock.url, LOCK_API_KEY: 'e2e-lock-key' } });
    t = await startNotificationsWithSmtp('premises_e2e', { namespace: grants.namespace, keysDir: grants.keysDir });
  });

  afterAll(async () => {
    await t?.close();
    await grants?.close();
    await lock?.close();
  });

  /** The attached calendar entry as ical.js reads it. */
  function entryIn(mail: ReceivedMail) {
    const attachment = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const calendar = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    return { method: calendar.getFirstPropertyValue('method'), uid: event.uid, start: event.startDate.toJSDate().toISOString(), end: event.endDate.toJSDate().toISOString() };
  }

  it('emails one confirmation with the door code (sealed on the stream, in clear only in the booker’s email) and its .ics, then one cancellation with a CANCEL saying the code no longer works', async () => {
    const manager = await grants.token('premises_manager', [], 'manager-1');
    const booker = await grants.token('resident', [], 'booker-en');
    await prefer(t.app, 'booker-en', { language: 'en', channels: ['email'], email: 'booker@example.fi' });

    const { body: space } = await grants.http().post('/premises/spaces').auth(manager, { type: 'bearer' }).send(premisesSpaceRequest()).expect(201);

    // A week ahead, 15:00–16:00 UTC: 17:00 or 18:00 in Helsinki, on the grid and within opening hours either way.
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const times = { begin: `${day}T15:00:00.000Z`, end: `${day}T16:00:00.000Z` };
    const { body: booking } = await grants.http().post(`/premises/spaces/${space.id}/bookings`).auth(booker, { type: 'bearer' }).send(times).expect(201);
    expect(booking.state).toBe('confirmed');

    // One email confirms a door-code booking: the code the lock gave, and the calendar entry.
    const [confirmation] = await t.mailsTo('booker@example.fi', 1);
    expect(confirmation.subject.startsWith('Your booking is confirmed, with its door code: ')).toBe(true);
    // The space by its English name (premisesSpaceRequest names it in fi, sv and en), not its Finnish one.
    expect(confirmation.subject).toContain('Test hall');
    expect(confirmation.text).not.toContain('Testihalli');
    expect(confirmation.text).toContain(`/premises/bookings/${booking.id}?lang=en`);
    const entry = entryIn(confirmation);
    expect(entry).toEqual({ method: 'PUBLISH', uid: `${booking.id}@premises.vaikuta`, start: times.begin, end: times.end });

    // The booker's email carries the code the lock gave; on the stream it was only ciphertext.
    const code = await waitFor(() => lock.codes().find((c) => c.reservationId === booking.id)?.accessCode);
    expect(confirmation.text).toContain('The code works ');
    expect(confirmation.text).toContain(code);
    const reader = await StreamReader.open();
    try {
      const onStream = await reader.events(`${grants.namespace.toUpperCase()}_GRANTS`);
      const issued = onStream.find((e) => e.event.type === 'fi.vaikuta.grants.access_code_issued.v1')!;
      expect((issued.event.data as { sealedCode?: string }).sealedCode).toBeDefined();
      expect(JSON.stringify(onStream.map((e) => e.event))).not.toContain(code);
    } finally {
      await reader.close();
    }

    await grants.http().post(`/premises/bookings/${booking.id}/cancel`).auth(booker, { type: 'bearer' }).send({ version: booking.version }).expect(200);
    const [, cancellation] = await t.mailsTo('booker@example.fi', 2);
    expect(cancellation.subject.startsWith('Booking cancelled: Test hall, ')).toBe(true);
    expect(cancellation.text).toContain('your cancellation has been received.');
    expect(cancellation.text).toContain('The door code sent for this booking has been revoked and no longer opens the door.');
    expect(entryIn(cancellation)).toEqual({ ...entry, method: 'CANCEL' });
    await waitFor(() => lock.codes().find((c) => c.reservationId === booking.id)?.active === false);

    // One cancellation, one email: the revocation's event reached notifications and planned none.
    await waitFor(async () => (await t.app.dataSource.query(`SELECT 1 FROM inbox WHERE event_type = 'fi.vaikuta.grants.access_code_revoked.v1'`)).length === 1);
    expect(t.smtp.to('booker@example.fi')).toHaveLength(2);
    expect(await t.app.dataSource.query(`SELECT template FROM notifications WHERE event_type = 'fi.vaikuta.grants.access_code_revoked.v1'`)).toEqual([]);
  });
});
