import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { PremisesEvents } from '@vaikuta/contracts';
import { NotificationsWithSmtp, prefer, startNotificationsWithSmtp } from './notifications-test-app';

jest.setTimeout(90_000);

/**
 * A published season books every week through the ordinary booking flow, so the grants service
 * publishes one booking_confirmed a week. On real NATS, PostgreSQL, Redis and SMTP: the applicant
 * gets the season's one message listing the weeks, with one recurring calendar entry, and no
 * confirmation a week; a booking of their own outside the season is still confirmed.
 */
describe('a season series by email', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('season_series_mail');
  });
  afterAll(() => t?.close());

  it('sends the season message with the weeks and one RRULE entry, and no email for each weekly booking', async () => {
    await prefer(t.app, 'chair-fi', { language: 'fi', channels: ['email'], email: 'pj@example.fi' });
    const applicationId = randomUUID();
    const spaceId = randomUUID();
    // Tuesdays 17:00–19:00 across the autumn clock change (31.10.2028); 24.10. a holiday-like closure.
    const weeks = [
      { date: '2028-10-17', booked: true, note: null },
      { date: '2028-10-24', booked: false, note: 'Remontti' },
      { date: '2028-10-31', booked: true, note: null },
      { date: '2028-11-07', booked: true, note: null },
    ];
    await t.publish(PremisesEvents.seasonApplicationDecided, {
      applicationId,
      seasonId: randomUUID(),
      seasonName: 'Syyskausi 2028',
      associationId: randomUUID(),
      applicantSub: 'chair-fi',
      spaceId,
      spaceName: 'Kallion nuorisotalo, sali',
      weekday: 'tue',
      begins: '17:00',
      ends: '19:00',
      outcome: 'allocated',
      refusal: null,
      weeks,
      decidedAt: new Date().toISOString(),
    });
    // The weekly bookings, as the season's publication makes them (summer time, then winter time).
    const instants = [
      ['2028-10-17T14:00:00.000Z', '2028-10-17T16:00:00.000Z'],
      ['2028-10-31T15:00:00.000Z', '2028-10-31T17:00:00.000Z'],
      ['2028-11-07T15:00:00.000Z', '2028-11-07T17:00:00.000Z'],
    ];
    for (const [begin, end] of instants) {
      await t.publish(PremisesEvents.bookingConfirmed, {
        bookingId: randomUUID(), spaceId, spaceName: 'Kallion nuorisotalo, sali', begin, end, bookerSub: 'chair-fi',
        access: 'key_pickup', seasonApplicationId: applicationId, confirmedAt: new Date().toISOString(),
      });
    }
    // A booking of their own afterwards is confirmed as ever: when its email arrives, any weekly one would have too.
    await t.publish(PremisesEvents.bookingConfirmed, {
      bookingId: randomUUID(), spaceId, spaceName: 'Kallion nuorisotalo, sali', begin: '2028-12-01T15:00:00.000Z', end: '2028-12-01T17:00:00.000Z',
      bookerSub: 'chair-fi', access: 'key_pickup', confirmedAt: new Date().toISOString(),
    });
    const mails = await t.mailsTo('pj@example.fi', 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const all = t.smtp.to('pj@example.fi');
    expect(all.map((m) => m.subject)).toEqual([
      'Kausivuorohakemuksesi on käsitelty: Syyskausi 2028',
      expect.stringContaining('pe 1.12.2028'),
    ]);

    const [season] = mails;
    expect(season.text).toContain('Vuoro varataan yhdistyksellenne näinä päivinä (3 kertaa):\n- 17.10.2028\n- 31.10.2028\n- 7.11.2028');
    expect(season.text).toContain('Näinä päivinä vuoroa ei ole:\n- 24.10.2028 (Remontti)');
    const attachment = season.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    expect(attachment.filename).toBe('season-series.ics');
    const vevent = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(`${applicationId}@premises-season.vaikuta`);
    // The calendar's own expansion of the rule gives exactly the booked weeks at 17:00 Helsinki time.
    const expanded: string[] = [];
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) expanded.push(next.toJSDate().toISOString());
    expect(expanded).toEqual(instants.map(([begin]) => begin));
  });

  it('names the season in the applicant’s language, in the email and its calendar entry; else in Finnish', async () => {
    // A season named in Finnish and Swedish: events carry `seasonName` (Finnish) and `seasonNames`.
    const season = { seasonId: randomUUID(), seasonName: 'Syyskausi 2028', seasonNames: { fi: 'Syyskausi 2028', sv: 'Höstsäsong 2028' } };
    const space = { spaceId: randomUUID(), spaceName: 'Kallion nuorisotalo, sali', spaceNames: { fi: 'Kallion nuorisotalo, sali', sv: 'Berghälls ungdomsgård, sal' } };
    const decide = (applicantSub: string) =>
      t.publish(PremisesEvents.seasonApplicationDecided, {
        applicationId: randomUUID(), ...season, associationId: randomUUID(), applicantSub, ...space, weekday: 'tue', begins: '17:00', ends: '19:00',
        outcome: 'allocated', refusal: null, weeks: [{ date: '2028-10-17', booked: true, note: null }], decidedAt: new Date().toISOString(),
      });

    await prefer(t.app, 'chair-sv-named', { language: 'sv', channels: ['email'], email: 'ordforande@example.fi' });
    await decide('chair-sv-named');
    const [swedish] = await t.mailsTo('ordforande@example.fi', 1);
    expect(swedish.subject).toBe('Din ansökan om säsongstur har behandlats: Höstsäsong 2028');
    expect(swedish.text).toContain('Höstsäsong 2028: ');
    expect(swedish.text).not.toContain('Syyskausi');
    const attachment = swedish.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const vevent = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8'))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('Berghälls ungdomsgård, sal (Höstsäsong 2028)');

    // No English name: the Finnish one, as before.
    await prefer(t.app, 'chair-en-named', { language: 'en', channels: ['email'], email: 'chair-en@example.fi' });
    await decide('chair-en-named');
    const [english] = await t.mailsTo('chair-en@example.fi', 1);
    expect(english.subject).toBe('Your season slot application has been decided: Syyskausi 2028');
  });
});
