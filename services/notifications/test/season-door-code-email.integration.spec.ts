import { randomUUID } from 'node:crypto';
import { doorCodePurpose, PremisesEvents } from '@vaikuta/contracts';
import { DEV_EVENT_SEAL_KEY, EventSeal } from '@vaikuta/messaging';
import { NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(90_000);

/**
 * A week of a season series on a door-code space gets its code shortly before the week (the
 * grants service's series sweep), told as that week's code: on real NATS, PostgreSQL, Redis and
 * SMTP the booker gets the week's own code in their language, and no calendar entry (the
 * series' one recurring entry came with the season's message), while a single booking's code
 * still comes as its confirmation with its .ics.
 */
describe('a season week’s door code by email', () => {
  let t: NotificationsWithSmtp;
  const seal = new EventSeal(DEV_EVENT_SEAL_KEY);

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('season_door_code_mail');
  });
  afterAll(() => t?.close());

  const issued = (bookingId: string, code: string, begin: string, end: string, extra: object = {}) => ({
    bookingId,
    spaceId: randomUUID(),
    spaceName: 'Kallion nuorisotalo, sali',
    begin,
    end,
    bookerSub: 'series-booker',
    validFrom: new Date(Date.parse(begin) - 15 * 60_000).toISOString(),
    validUntil: new Date(Date.parse(end) + 15 * 60_000).toISOString(),
    accessUrl: `http://portal.test/premises/bookings/${bookingId}`,
    sealedCode: seal.seal(code, doorCodePurpose(bookingId)),
    issuedAt: new Date().toISOString(),
    ...extra,
  });

  it('sends each week its own code without a calendar entry, and a single booking its confirmation with one', async () => {
    await prefer(t.app, 'series-booker', { language: 'sv', channels: ['email'], email: 'series@example.fi' });
    const seasonApplicationId = randomUUID();
    const week1 = randomUUID();
    const week2 = randomUUID();
    // Wednesdays 18:00–19:30 Helsinki time (UTC+2).
    await t.publish(PremisesEvents.accessCodeIssued, issued(week1, '482913', '2027-01-06T16:00:00.000Z', '2027-01-06T17:30:00.000Z', { seasonApplicationId }));
    const [first] = await t.mailsTo('series@example.fi', 1);
    expect(first.subject).toBe('Dörrkod till säsongsturen: Kallion nuorisotalo, sali, ons 6.1.2027 kl. 18.00–19.30');
    expect(first.text).toContain('här är dörrkoden till er säsongstur den här gången:');
    expect(first.text).toContain('Dörrkod: 482913');
    expect(first.text).toContain('Varje gång har en egen dörrkod');
    expect(first.text).not.toContain('booking.ics');
    expect(first.attachments.filter((a) => a.contentType.startsWith('text/calendar'))).toEqual([]);

    await t.publish(PremisesEvents.accessCodeIssued, issued(week2, '771204', '2027-01-13T16:00:00.000Z', '2027-01-13T17:30:00.000Z', { seasonApplicationId }));
    const [, second] = await t.mailsTo('series@example.fi', 2);
    expect(second.subject).toContain('ons 13.1.2027');
    expect(second.text).toContain('Dörrkod: 771204');
    expect(second.text).not.toContain('482913');

    // A booking of their own, not of the series: its code is its confirmation, with the calendar entry.
    const single = randomUUID();
    await t.publish(PremisesEvents.accessCodeIssued, issued(single, '305577', '2027-01-08T15:00:00.000Z', '2027-01-08T16:00:00.000Z'));
    const [, , third] = await t.mailsTo('series@example.fi', 3);
    expect(third.subject).toBe('Din bokning är bekräftad, med dörrkod: Kallion nuorisotalo, sali, fre 8.1.2027 kl. 17.00–18.00');
    expect(third.attachments.filter((a) => a.contentType.startsWith('text/calendar')).map((a) => a.filename)).toEqual(['booking.ics']);
  });
});
