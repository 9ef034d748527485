import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { PremisesEvents } from '@vaikuta/contracts';
import { NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(90_000);

type Mail = { subject: string; text: string; html?: string; attachments: { filename: string; contentType: string; content: Buffer }[] };

/** The mail's calendar attachment read with ical.js, as a calendar client would. */
function calendarOf(mail: Mail) {
  const attachment = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
  const calendar = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
  return { filename: attachment.filename, method: calendar.getFirstPropertyValue('method'), events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

/**
 * Cancelling one booking of a door-code space whose code had been sent publishes two events: the
 * booking's cancellation and, once the lock has revoked the code, the revocation. The booker did
 * one thing, so they get one email — the cancellation, saying the code no longer works — whether
 * the booking is a week of a season series cancelled alone or a booking of its own. The planned
 * rows are read once both events are applied (planning happens in the event's inbox
 * transaction), so no wait for a duplicate that might come later is needed.
 */
describe('one cancelled booking with a door code, by email', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('week_cancel_code_mail');
  });
  afterAll(() => t?.close());

  /** The emails planned for a person, by template, in the order their events came. */
  const emailsPlannedFor = async (sub: string): Promise<string[]> =>
    (
      await t.app.dataSource.query(
        `SELECT n.template FROM notifications n JOIN recipients r ON r.id = n.recipient_id WHERE r.subject = $1 AND n.channel = 'email' ORDER BY n.created_at`,
        [sub],
      )
    ).map((r: { template: string }) => r.template);

  const booking = (sub: string, begin: string) => ({
    bookingId: randomUUID(),
    spaceId: randomUUID(),
    spaceName: 'Kallion nuorisotalo, sali',
    begin,
    end: new Date(Date.parse(begin) + 2 * 3_600_000).toISOString(),
    bookerSub: sub,
  });

  it('sends one email when the booker cancels a season week whose code was sent: the week cancelled, its code dead, the series’ occurrence CANCELled', async () => {
    await prefer(t.app, 'week-coded', { language: 'sv', channels: ['email'], email: 'week-coded@example.fi' });
    const applicationId = randomUUID();
    // Tuesdays 17:00–19:00 Helsinki time.
    const dates = ['2028-10-17', '2028-10-24', '2028-10-31'];
    await t.publish(PremisesEvents.seasonApplicationDecided, {
      applicationId, seasonId: randomUUID(), seasonName: 'Syyskausi 2028', associationId: randomUUID(), applicantSub: 'week-coded', spaceId: randomUUID(),
      spaceName: 'Kallion nuorisotalo, sali', weekday: 'tue', begins: '17:00', ends: '19:00', outcome: 'allocated', refusal: null,
      weeks: dates.map((date) => ({ date, booked: true, note: null })), decidedAt: new Date().toISOString(),
    });
    const [decided] = await t.mailsTo('week-coded@example.fi', 1);
    const [series] = calendarOf(decided as Mail).events;

    // The week of 24 October had its code (sent 48 hours before); the booker cancels that week alone.
    const week = booking('week-coded', '2028-10-24T14:00:00.000Z');
    await t.publish(PremisesEvents.bookingCancelled, { ...week, by: 'booker', seriesWeekOf: applicationId, doorCodeSent: true, cancelledAt: new Date().toISOString() });
    await t.publish(PremisesEvents.accessCodeRevoked, { ...week, toldWithCancellation: true, revokedAt: new Date().toISOString() });

    expect(await emailsPlannedFor('week-coded')).toEqual(['grants.season_application_decided', 'grants.booking_cancelled']);
    const [, cancelled] = await t.mailsTo('week-coded@example.fi', 2);
    expect(cancelled.subject).toBe('Bokningen är avbokad: Kallion nuorisotalo, sali, tis 24.10.2028 kl. 17.00–19.00');
    expect(cancelled.text).toContain('din avbokning har tagits emot.');
    expect(cancelled.text).toContain('Säsongsturens övriga gånger gäller som förut.');
    expect(cancelled.text).toContain('Dörrkoden som skickades för bokningen har spärrats och öppnar inte längre dörren.');
    expect(cancelled.html).toContain('Dörrkoden som skickades för bokningen har spärrats');
    const calendar = calendarOf(cancelled as Mail);
    expect(calendar.method).toBe('CANCEL');
    expect(calendar.events).toHaveLength(1);
    expect(calendar.events[0].uid).toBe(series.uid);
    expect(calendar.events[0].recurrenceId.toJSDate().toISOString()).toBe(week.begin);
    expect(t.smtp.to('week-coded@example.fi')).toHaveLength(2);
  });

  it('sends one email when a booking of its own on a door-code space is cancelled, and says nothing of a code for a week whose code had not come', async () => {
    await prefer(t.app, 'single-coded', { language: 'en', channels: ['email'], email: 'single-coded@example.fi' });
    const single = booking('single-coded', '2028-11-03T15:00:00.000Z');
    await t.publish(PremisesEvents.bookingCancelled, { ...single, by: 'staff', reason: 'Vesivahinko', doorCodeSent: true, cancelledAt: new Date().toISOString() });
    await t.publish(PremisesEvents.accessCodeRevoked, { ...single, toldWithCancellation: true, revokedAt: new Date().toISOString() });
    // A week of a series cancelled alone before its code was due: no code to speak of, nor a revocation.
    const early = booking('single-coded', '2028-12-05T15:00:00.000Z');
    await t.publish(PremisesEvents.bookingCancelled, { ...early, by: 'booker', seriesWeekOf: randomUUID(), cancelledAt: new Date().toISOString() });

    expect(await emailsPlannedFor('single-coded')).toEqual(['grants.booking_cancelled', 'grants.booking_cancelled']);
    const [first, second] = await t.mailsTo('single-coded@example.fi', 2);
    const [own, week] = first.subject.includes('3.11.2028') ? [first, second] : [second, first];
    expect(own.subject).toBe('Booking cancelled: Kallion nuorisotalo, sali, Fri 3.11.2028 17:00–19:00');
    expect(own.text).toContain('The door code sent for this booking has been revoked and no longer opens the door.');
    expect(own.text).not.toContain('season slot');
    expect(calendarOf(own as Mail)).toMatchObject({ filename: 'cancelled-booking.ics', method: 'CANCEL' });
    expect(calendarOf(own as Mail).events[0].uid).toBe(`${single.bookingId}@premises.vaikuta`);
    expect(week.text).toContain('The other times of your season slot stay as they are.');
    expect(week.text).not.toContain('door code');
  });

  it('still tells a revocation the cancellation did not (a code given while the booking was being cancelled)', async () => {
    await prefer(t.app, 'late-code', { language: 'fi', channels: ['email'], email: 'late-code@example.fi' });
    const raced = booking('late-code', '2028-11-10T15:00:00.000Z');
    await t.publish(PremisesEvents.bookingCancelled, { ...raced, by: 'booker', cancelledAt: new Date().toISOString() });
    await t.publish(PremisesEvents.accessCodeRevoked, { ...raced, revokedAt: new Date().toISOString() });
    expect(await emailsPlannedFor('late-code')).toEqual(['grants.booking_cancelled', 'grants.access_code_revoked']);
    const mails = await t.mailsTo('late-code@example.fi', 2);
    expect(mails.map((m) => m.subject).sort()).toEqual(['Ovikoodi ei enää toimi: Kallion nuorisotalo, sali, pe 10.11.2028 klo 17.00–19.00', 'Varaus on peruttu: Kallion nuorisotalo, sali, pe 10.11.2028 klo 17.00–19.00']);
    expect(mails.find((m) => m.subject.startsWith('Varaus'))!.text).not.toContain('ovikoodi');
  });
});
