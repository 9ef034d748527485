import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { PremisesEvents } from '@vaikuta/contracts';
import { NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(90_000);

/**
 * Premises booking events as the grants service publishes them, on real NATS, PostgreSQL, Redis
 * and SMTP: the booker (known to notifications only by sub, with the email and language they
 * gave) gets the confirmation in their language with an .ics entry a calendar reads, and the
 * cancellation with a METHOD:CANCEL entry of the same UID, which takes that entry away again.
 */
describe('premises booking emails', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('premises_mail');
  });
  afterAll(() => t?.close());

  /** The attached calendar read with ical.js, as a calendar client would. */
  function calendarIn(mail: { attachments: { filename: string; contentType: string; content: Buffer }[] }) {
    const attachment = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(attachment).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8')));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    return {
      filename: attachment!.filename,
      method: calendar.getFirstPropertyValue('method'),
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      zone: event.startDate.zone?.tzid,
      summary: event.summary,
      organizer: calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('organizer'),
    };
  }

  it('emails the booker the confirmation in Swedish with a calendar entry, and the cancellation with its CANCEL', async () => {
    await prefer(t.app, 'booker-sv', { language: 'sv', channels: ['email'], email: 'booker@example.fi' });
    const bookingId = randomUUID();
    // 18:00–20:00 on a summer evening in Helsinki (UTC+3).
    const ref = { bookingId, spaceId: randomUUID(), spaceName: 'Berghälls ungdomsgård, sal', begin: '2027-06-15T15:00:00.000Z', end: '2027-06-15T17:00:00.000Z', bookerSub: 'booker-sv' };

    // (A door-code booking is confirmed by its code's message instead: premises-booking-to-email.e2e.spec.ts.)
    await t.publish(PremisesEvents.bookingConfirmed, { ...ref, access: 'opened_by_staff', confirmedAt: new Date().toISOString() });
    const [confirmation] = await t.mailsTo('booker@example.fi', 1);
    expect(confirmation.subject).toBe('Din bokning är bekräftad: Berghälls ungdomsgård, sal, tis 15.6.2027 kl. 18.00–20.00');
    expect(confirmation.text).toContain('Personalen öppnar lokalens dörr för dig.');
    expect(confirmation.text).toContain(`http://portal.test/premises/bookings/${bookingId}?lang=sv`);
    expect(confirmation.text).not.toContain('booker-sv');
    const entry = calendarIn(confirmation);
    expect(entry).toEqual({
      filename: 'booking.ics',
      method: 'PUBLISH',
      uid: `${bookingId}@premises.vaikuta`,
      sequence: 0,
      start: ref.begin,
      end: ref.end,
      zone: 'Europe/Helsinki',
      summary: 'Berghälls ungdomsgård, sal',
      // The sender (MAIL_FROM) publishes the entry, as RFC 5546 asks.
      organizer: expect.stringMatching(/^mailto:[^@]+@[^@]+$/),
    });

    await t.publish(PremisesEvents.bookingCancelled, { ...ref, by: 'staff', reason: 'Vattenskada i salen.', cancelledAt: new Date().toISOString() });
    const [, cancellation] = await t.mailsTo('booker@example.fi', 2);
    expect(cancellation.subject).toBe('Bokningen är avbokad: Berghälls ungdomsgård, sal, tis 15.6.2027 kl. 18.00–20.00');
    expect(cancellation.text).toMatch(/Orsak:\nVattenskada i salen\./);
    expect(calendarIn(cancellation)).toMatchObject({ filename: 'cancelled-booking.ics', method: 'CANCEL', uid: entry.uid, sequence: 1, start: ref.begin });
  });

  it('names the space in the booker’s language, in the email and its calendar entry; else in Finnish', async () => {
    // A space named in Finnish and Swedish: events carry `spaceName` (Finnish) and `spaceNames`.
    const space = { spaceId: randomUUID(), spaceName: 'Kallion liikuntasali', spaceNames: { fi: 'Kallion liikuntasali', sv: 'Berghälls idrottssal' } };
    const booking = (bookerSub: string) => ({ bookingId: randomUUID(), ...space, begin: '2027-06-15T15:00:00.000Z', end: '2027-06-15T17:00:00.000Z', bookerSub });
    const confirm = (bookerSub: string) => t.publish(PremisesEvents.bookingConfirmed, { ...booking(bookerSub), access: 'opened_by_staff', confirmedAt: new Date().toISOString() });

    await prefer(t.app, 'booker-sv-named', { language: 'sv', channels: ['email'], email: 'bokare@example.fi' });
    await confirm('booker-sv-named');
    const [swedish] = await t.mailsTo('bokare@example.fi', 1);
    expect(swedish.subject).toBe('Din bokning är bekräftad: Berghälls idrottssal, tis 15.6.2027 kl. 18.00–20.00');
    expect(swedish.text).not.toContain('Kallion liikuntasali');
    expect(calendarIn(swedish).summary).toBe('Berghälls idrottssal');

    // No English name: the Finnish one, as before.
    await prefer(t.app, 'booker-en-named', { language: 'en', channels: ['email'], email: 'booker-en@example.fi' });
    await confirm('booker-en-named');
    const [english] = await t.mailsTo('booker-en@example.fi', 1);
    expect(english.subject).toContain('Kallion liikuntasali');
    expect(calendarIn(english).summary).toBe('Kallion liikuntasali');
  });

  it('sends messages without an attachment as before', async () => {
    await prefer(t.app, 'booker-fi', { language: 'fi', channels: ['email'], email: 'varaaja@example.fi' });
    await t.publish(PremisesEvents.bookingRequested, {
      bookingId: randomUUID(),
      spaceId: randomUUID(),
      spaceName: 'Kallion nuorisotalo, sali',
      begin: '2027-01-15T15:00:00.000Z',
      end: '2027-01-15T17:00:00.000Z',
      bookerSub: 'booker-fi',
      requestedAt: new Date().toISOString(),
    });
    const [receipt] = await t.mailsTo('varaaja@example.fi', 1);
    expect(receipt.subject).toBe('Varauspyyntösi on vastaanotettu: Kallion nuorisotalo, sali');
    expect(receipt.text).toContain('pe 15.1.2027 klo 17.00–19.00');
    expect(receipt.attachments).toEqual([]);
  });
});
