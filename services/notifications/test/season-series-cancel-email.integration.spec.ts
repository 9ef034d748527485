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

/** The moments a recurring entry stands for, expanded by the calendar library itself. */
function expand(event: ICAL.Event): string[] {
  const out: string[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) out.push(next.toJSDate().toISOString());
  return out;
}

/**
 * Staff cancel a season's series. The season's message put one recurring entry (one UID, RRULE)
 * in the applicant's calendar; on real NATS, PostgreSQL, Redis and SMTP the cancellation is one
 * email whose CANCEL names that UID — the whole entry, or each cancelled week by RECURRENCE-ID
 * when weeks were held already — and the weeks' own booking_cancelled events send nothing.
 */
describe('a season series cancelled, by email', () => {
  let t: NotificationsWithSmtp;

  beforeAll(async () => {
    t = await startNotificationsWithSmtp('season_series_cancel_mail');
  });
  afterAll(() => t?.close());

  // Tuesdays 17:00–19:00 across the autumn clock change (31.10.2028).
  const dates = ['2028-10-17', '2028-10-24', '2028-10-31', '2028-11-07'];
  const starts = ['2028-10-17T14:00:00.000Z', '2028-10-24T14:00:00.000Z', '2028-10-31T15:00:00.000Z', '2028-11-07T15:00:00.000Z'];

  /** The season's message, as published: its calendar entry is what the cancellation must take away. */
  async function seasonSent(sub: string, address: string, language: 'fi' | 'sv' | 'en') {
    await prefer(t.app, sub, { language, channels: ['email'], email: address });
    const applicationId = randomUUID();
    const seasonId = randomUUID();
    const facts = { applicationId, seasonId, seasonName: 'Syyskausi 2028', applicantSub: sub, spaceName: 'Kallion nuorisotalo, sali', weekday: 'tue' as const, begins: '17:00', ends: '19:00' };
    await t.publish(PremisesEvents.seasonApplicationDecided, {
      ...facts, associationId: randomUUID(), spaceId: randomUUID(), outcome: 'allocated', refusal: null,
      weeks: dates.map((date) => ({ date, booked: true, note: null })), decidedAt: new Date().toISOString(),
    });
    const [decided] = await t.mailsTo(address, 1);
    const [series] = calendarOf(decided as Mail).events;
    expect(expand(series)).toEqual(starts);
    return { facts, series };
  }

  /** What the series' weeks' own cancellations publish: nothing for the booker, the series' message tells it. */
  async function weeksCancelled(facts: { applicationId: string; applicantSub: string }, weeks: number[]) {
    for (const i of weeks) {
      await t.publish(PremisesEvents.bookingCancelled, {
        bookingId: randomUUID(), spaceId: randomUUID(), spaceName: 'Kallion nuorisotalo, sali', begin: starts[i],
        end: new Date(Date.parse(starts[i]) + 2 * 3_600_000).toISOString(), bookerSub: facts.applicantSub, by: 'staff', reason: 'Lattiaremontti',
        seasonApplicationId: facts.applicationId, cancelledAt: new Date().toISOString(),
      });
    }
  }

  it('cancels the whole series with one CANCEL of the series’ UID when no week was held', async () => {
    const { facts, series } = await seasonSent('series-whole', 'whole@example.fi', 'fi');
    await weeksCancelled(facts, [0, 1, 2, 3]);
    await t.publish(PremisesEvents.seasonSeriesCancelled, {
      ...facts, dates, cancelledDates: dates, whole: true, reason: 'Lattiaremontti', cancelledAt: new Date().toISOString(),
    });
    const [, cancelled] = await t.mailsTo('whole@example.fi', 2);
    expect(cancelled.subject).toBe('Kausivuoronne on peruttu: Syyskausi 2028');
    expect(cancelled.text).toContain('Nämä kerrat on peruttu:\n- 17.10.2028\n- 24.10.2028\n- 31.10.2028\n- 7.11.2028');
    expect(cancelled.text).toMatch(/Syy:\nLattiaremontti/);
    const calendar = calendarOf(cancelled as Mail);
    expect(calendar).toMatchObject({ filename: 'cancelled-season-series.ics', method: 'CANCEL' });
    expect(calendar.events).toHaveLength(1);
    const [cancel] = calendar.events;
    expect(cancel.uid).toBe(series.uid);
    expect(cancel.sequence).toBeGreaterThan(series.sequence);
    expect(cancel.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel.isRecurrenceException()).toBe(false);
    expect(expand(cancel)).toEqual(starts);
    // No email a week: the two mails are the season's and the cancellation.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.smtp.to('whole@example.fi')).toHaveLength(2);
  });

  it('cancels each week to come by RECURRENCE-ID under the series’ UID when weeks were held, in the booker’s language', async () => {
    const { facts, series } = await seasonSent('series-part', 'part@example.fi', 'en');
    await weeksCancelled(facts, [2, 3]);
    await t.publish(PremisesEvents.seasonSeriesCancelled, {
      ...facts, dates, cancelledDates: dates.slice(2), whole: false, reason: 'The floor is being renewed.', cancelledAt: new Date().toISOString(),
    });
    const [, cancelled] = await t.mailsTo('part@example.fi', 2);
    expect(cancelled.subject).toBe('Your season slot is cancelled: Syyskausi 2028');
    expect(cancelled.text).toContain('These times are cancelled:\n- 31.10.2028\n- 7.11.2028');
    expect(cancelled.text).toContain('The times already held stay in your calendar.');
    const calendar = calendarOf(cancelled as Mail);
    expect(calendar.method).toBe('CANCEL');
    expect(calendar.events.map((e) => e.uid)).toEqual([series.uid, series.uid]);
    // Each names its week as the series put it in the calendar: 17:00 Helsinki, after the clock change too.
    expect(calendar.events.map((e) => e.recurrenceId.toJSDate().toISOString())).toEqual(starts.slice(2));
    expect(calendar.events.every((e) => e.sequence > series.sequence)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.smtp.to('part@example.fi')).toHaveLength(2);
  });

  it('takes a week cancelled alone out of the series by its RECURRENCE-ID under the series’ UID', async () => {
    const { facts, series } = await seasonSent('series-week', 'week@example.fi', 'sv');
    // The booker cancels the week after the clock change through the booking's own cancel.
    await t.publish(PremisesEvents.bookingCancelled, {
      bookingId: randomUUID(), spaceId: randomUUID(), spaceName: 'Kallion nuorisotalo, sali', begin: starts[2],
      end: new Date(Date.parse(starts[2]) + 2 * 3_600_000).toISOString(), bookerSub: facts.applicantSub, by: 'booker',
      seriesWeekOf: facts.applicationId, cancelledAt: new Date().toISOString(),
    });
    const [, cancelled] = await t.mailsTo('week@example.fi', 2);
    expect(cancelled.subject).toContain('tis 31.10.2028 kl. 17.00–19.00');
    const calendar = calendarOf(cancelled as Mail);
    expect(calendar).toMatchObject({ filename: 'cancelled-booking.ics', method: 'CANCEL' });
    expect(calendar.events).toHaveLength(1);
    const [cancel] = calendar.events;
    // The series' entry, that one occurrence of it (as the RRULE put it there), a newer version.
    expect(cancel.uid).toBe(series.uid);
    expect(cancel.isRecurrenceException()).toBe(true);
    expect(cancel.recurrenceId.toJSDate().toISOString()).toBe(starts[2]);
    expect(cancel.recurrenceId.zone.tzid).toBe('Europe/Helsinki');
    expect(cancel.sequence).toBeGreaterThan(series.sequence);
    expect(cancel.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('says in the series’ one message which weeks’ door codes went, instead of an email a code', async () => {
    const { facts } = await seasonSent('series-coded', 'coded@example.fi', 'fi');
    await weeksCancelled(facts, [2, 3]);
    // The first cancelled week's code had been sent: the lock revokes it with the series.
    const week = { bookingId: randomUUID(), spaceId: randomUUID(), spaceName: 'Kallion nuorisotalo, sali', begin: starts[2], end: new Date(Date.parse(starts[2]) + 2 * 3_600_000).toISOString(), bookerSub: facts.applicantSub };
    await t.publish(PremisesEvents.accessCodeRevoked, { ...week, seasonApplicationId: facts.applicationId, revokedAt: new Date().toISOString() });
    await t.publish(PremisesEvents.seasonSeriesCancelled, {
      ...facts, dates, cancelledDates: dates.slice(2), revokedCodeDates: [dates[2]], whole: false, reason: 'Lattiaremontti', cancelledAt: new Date().toISOString(),
    });
    const [, cancelled] = await t.mailsTo('coded@example.fi', 2);
    expect(cancelled.subject).toBe('Kausivuoronne on peruttu: Syyskausi 2028');
    expect(cancelled.text).toContain('Näiden kertojen ovikoodit on poistettu käytöstä, eivätkä ne enää avaa ovea:\n- 31.10.2028\n');
    expect(cancelled.html).toContain('<li>31.10.2028</li></ul>');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.smtp.to('coded@example.fi')).toHaveLength(2);
  });
});
