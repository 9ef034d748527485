import ICAL from 'ical.js';
import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
let aino: string;

beforeAll(async () => {
  t = await startGrantsTestApp('calendars', { calendarFeedUrl: 'https://tilat.example.fi' }, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  aino = `Bearer ${await t.token('resident', { sub: 'aino-sub-123', name: 'Aino Virtanen' })}`;
});
afterAll(() => t?.close());

/** The feed read with an independent parser (ical.js): each event's summary, times as instants, and every property's text. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    return {
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      tzid: v.getFirstProperty('dtstart')?.getParameter('tzid'),
      status: v.getFirstPropertyValue('status'),
      sequence: v.getFirstPropertyValue('sequence'),
      description: event.description,
      location: event.location,
    };
  });
}

async function bookedSpace() {
  const spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201)).body.id as string;
  // Aino's booking for her association, with a purpose; staff's maintenance block with a reason.
  const booking = await t
    .http()
    .post(`/premises/spaces/${spaceId}/bookings`)
    .set('Authorization', aino)
    .send({ begin: '2026-12-10T17:00:00+02:00', end: '2026-12-10T18:30:00+02:00', purpose: 'Ainon syntymäpäivät, p. 040 123 4567' })
    .expect(201);
  await t
    .http()
    .post(`/premises/spaces/${spaceId}/staff-bookings`)
    .set('Authorization', manager)
    .send({ begin: '2026-12-11T12:00:00+02:00', end: '2026-12-11T13:00:00+02:00', bookerSub: 'eero-sub-456', purpose: 'Eeron kerho' })
    .expect(201);
  await t.http().post(`/premises/spaces/${spaceId}/blocks`).set('Authorization', manager).send({ begin: '2026-12-12T08:00:00+02:00', end: '2026-12-12T10:00:00+02:00', reason: 'Lattian vahaus' }).expect(201);
  return { spaceId, bookingId: booking.body.id as string, version: booking.body.version as number };
}

describe('premises calendars', () => {
  it('serves a space’s busy times publicly, in Helsinki time, with no personal data', async () => {
    const { spaceId, bookingId } = await bookedSpace();
    const res = await t.http().get(`/premises/spaces/${spaceId}/calendar.ics`).expect(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const events = parse(res.text);
    expect(events.map(({ summary, start, end, tzid }) => ({ summary, start, end, tzid }))).toEqual([
      { summary: 'Varattu', start: '2026-12-10T15:00:00.000Z', end: '2026-12-10T16:30:00.000Z', tzid: 'Europe/Helsinki' },
      { summary: 'Varattu', start: '2026-12-11T10:00:00.000Z', end: '2026-12-11T11:00:00.000Z', tzid: 'Europe/Helsinki' },
      { summary: 'Varattu', start: '2026-12-12T06:00:00.000Z', end: '2026-12-12T08:00:00.000Z', tzid: 'Europe/Helsinki' },
    ]);
    expect(res.text).toContain('DTSTART;TZID=Europe/Helsinki:20261210T170000');
    expect(res.text).toContain('BEGIN:VTIMEZONE');
    for (const secret of ['aino', 'Aino', 'eero', 'Eero', '040 123 4567', 'syntymä', 'kerho', 'Lattian', bookingId]) expect(res.text).not.toContain(secret);
    const swedish = parse((await t.http().get(`/premises/spaces/${spaceId}/calendar.ics?lang=sv`).expect(200)).text);
    expect(swedish[0].summary).toBe('Bokad');
  });

  it('drops a cancelled booking from the public feed', async () => {
    const { spaceId, bookingId, version } = await bookedSpace();
    await t.http().post(`/premises/bookings/${bookingId}/cancel`).set('Authorization', aino).send({ version }).expect(200);
    const events = parse((await t.http().get(`/premises/spaces/${spaceId}/calendar.ics`).expect(200)).text);
    expect(events.map((e) => e.start)).toEqual(['2026-12-11T10:00:00.000Z', '2026-12-12T06:00:00.000Z']);
  });

  it('gives a person their own bookings at a secret address that rotation replaces', async () => {
    const { bookingId } = await bookedSpace();
    await t.http().post('/premises/calendar-token').send({}).expect(401);
    const first = await t.http().post('/premises/calendar-token').set('Authorization', aino).send({ lang: 'en' }).expect(201);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body.url).toMatch(/^https:\/\/tilat\.example\.fi\/premises\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(first.body.url).pathname;

    const feed = await t.http().get(path).expect(200);
    const mine = parse(feed.text).filter((e) => e.description?.includes(bookingId));
    expect(mine).toEqual([
      expect.objectContaining({
        summary: 'Test hall',
        start: '2026-12-10T15:00:00.000Z',
        end: '2026-12-10T16:30:00.000Z',
        tzid: 'Europe/Helsinki',
        status: 'CONFIRMED',
        location: 'Testikatu 1, 00100 Helsinki',
      }),
    ]);
    // Only Aino's bookings: not Eero's on the same space, and no door code.
    expect(parse(feed.text).every((e) => e.summary === 'Test hall')).toBe(true);
    expect(feed.text).not.toContain('eero');

    const second = await t.http().post('/premises/calendar-token').set('Authorization', aino).send({}).expect(201);
    expect(second.body.url).not.toBe(first.body.url);
    await t.http().get(path).expect(404);
    expect(parse((await t.http().get(new URL(second.body.url).pathname).expect(200)).text)[0].summary).toBe('Testihalli');
  });

  it('keeps a cancelled booking in the personal feed as CANCELLED with a higher SEQUENCE, so subscribed calendars drop it', async () => {
    const { bookingId, version } = await bookedSpace();
    const feedPath = new URL((await t.http().post('/premises/calendar-token').set('Authorization', aino).send({}).expect(201)).body.url).pathname;
    const before = parse((await t.http().get(feedPath).expect(200)).text).find((e) => e.description?.includes(bookingId));
    expect(before).toMatchObject({ status: 'CONFIRMED', sequence: 0 });
    await t.http().post(`/premises/bookings/${bookingId}/cancel`).set('Authorization', aino).send({ version }).expect(200);
    const after = parse((await t.http().get(feedPath).expect(200)).text).find((e) => e.description?.includes(bookingId));
    expect(after).toMatchObject({ status: 'CANCELLED', sequence: 1 });
  });

  it('answers 404 for a made-up token and 400 for a bad language', async () => {
    await t.http().get(`/premises/calendar/${'A'.repeat(43)}.ics`).expect(404);
    await t.http().get('/premises/calendar/short.ics').expect(404);
    const res = await t.http().post('/premises/calendar-token').set('Authorization', aino).send({ lang: 'de' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['lang']);
  });
});
