import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { FakeClock } from '@vaikuta/domain';
import { waitFor } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { publishWeeklySeries } from '../../test/weekly-series';
import { DoorAccessService } from './door-access.service';

// Issue 11: a season series on a door-code space. Each week is its own booking with its own
// code, and the booker is sent each week's code 48 hours before that week, not the whole
// season's codes the day the season is published. Real PostgreSQL, NATS, Redis and the lock stand-in.
jest.setTimeout(90_000);

// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let stub: LockStub;
let manager: string;
let chair: string;

beforeAll(async () => {
  const { startLockStub } = await import('../../../../scripts/lock-stub.mjs');
  stub = await startLockStub({ port: 0 });
  t = await startGrantsTestApp('series_door_codes', { lock: { apiUrl: stub.url, leadMinutes: 15, trailMinutes: 15, timeoutMs: 2_000, seriesNoticeHours: 48 } }, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  chair = `Bearer ${await t.token('resident', { sub: 'series-chair', actingFor: ['1234567-1'] })}`;
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

const issuedEvents = async (bookingIds: string[]) =>
  (
    await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = 'fi.vaikuta.grants.access_code_issued.v1' AND envelope #>> '{data,bookingId}' = ANY($1)`, [bookingIds])
  ).map((r: { data: { bookingId: string; seasonApplicationId?: string } }) => r.data);
const codedAtLock = (bookingIds: string[]) => stub.codes().filter((c) => bookingIds.includes(c.reservationId) && c.active).map((c) => c.reservationId);

describe('door codes of a season series', () => {
  it('gives each week its own code shortly before it, once, and tells the booker of that week only', async () => {
    const { spaceId, applicationId, weeks } = await publishWeeklySeries(t, manager, {
      booker: chair,
      businessId: '1234567-1',
      associationName: 'Sarjaseura ry',
      season: { name: 'Tammikuu 2027', startsOn: '2027-01-04', endsOn: '2027-01-31' },
      purpose: 'Salibandy',
    });
    expect(weeks.map((w) => w.date)).toEqual(['2027-01-06', '2027-01-13', '2027-01-20', '2027-01-27']);
    const ids = weeks.map((w) => w.bookingId);

    // A single booking made after the publication gets its code at once, as ever; the consumer
    // takes events in stream order, so by then every week's confirmation has been through it.
    const single = (await t.http().post(`/premises/spaces/${spaceId}/bookings`).set('Authorization', `Bearer ${await t.token('resident', { sub: 'single-booker' })}`).send({ begin: '2026-12-10T17:00:00+02:00', end: '2026-12-10T18:00:00+02:00' }).expect(201)).body;
    await waitFor(async () => codedAtLock([single.id]).length === 1);
    expect(codedAtLock(ids)).toEqual([]);
    expect(await issuedEvents(ids)).toEqual([]);
    // The booker's access page says the code is still to come.
    expect((await t.http().get(`/premises/bookings/${ids[0]}/access`).set('Authorization', chair).expect(200)).body).toMatchObject({ status: 'pending', code: null });

    const doorAccess = t.app.get(DoorAccessService);
    // Five weeks before: nothing due.
    expect(await doorAccess.issueDueSeriesCodes()).toBe(0);

    // Tuesday 5 January, 12:00: the 6 January week (18:00) is 30 hours away, the next 198.
    clock.current = new Date('2027-01-05T10:00:00Z');
    expect(await doorAccess.issueDueSeriesCodes()).toBe(1);
    expect(codedAtLock(ids)).toEqual([ids[0]]);
    const [first] = await issuedEvents(ids);
    expect(first).toMatchObject({ bookingId: ids[0], seasonApplicationId: applicationId, validFrom: '2027-01-06T15:45:00.000Z' });
    // Swept again (another instance, the next round): the week keeps its one code and one message.
    expect(await doorAccess.issueDueSeriesCodes()).toBe(0);
    expect(await issuedEvents(ids)).toHaveLength(1);
    const access = (await t.http().get(`/premises/bookings/${ids[0]}/access`).set('Authorization', chair).expect(200)).body;
    expect(access).toMatchObject({ status: 'issued', code: stub.codes().find((c) => c.reservationId === ids[0])!.accessCode });

    // A week later the next week's code, a code of its own.
    clock.current = new Date('2027-01-12T10:00:00Z');
    expect(await doorAccess.issueDueSeriesCodes()).toBe(1);
    expect(codedAtLock(ids).sort()).toEqual([ids[0], ids[1]].sort());
    const codes = stub.codes().filter((c) => ids.includes(c.reservationId));
    expect(new Set(codes.map((c) => c.accessCode)).size).toBe(2);
    expect((await issuedEvents(ids)).map((e: { bookingId: string }) => e.bookingId).sort()).toEqual([ids[0], ids[1]].sort());

    // The reconciler (npm start's seed) leaves weeks further off to their time as well.
    await doorAccess.reconcile();
    expect(codedAtLock(ids)).toHaveLength(2);
  });

  it('says when a week’s code is due, marks a week cancelled alone as the series’, and tells the series’ cancel which codes went', async () => {
    const events = async (type: string, key: string, value: string) =>
      (await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = $1 AND envelope #>> $2 = $3`, [type, `{data,${key}}`, value])).map(
        (r: { data: Record<string, unknown> }) => r.data,
      );
    // Thursday 25 February 2027, 12:00 in Helsinki; a March season of Wednesdays.
    clock.current = new Date('2027-02-25T10:00:00Z');
    const booker = `Bearer ${await t.token('resident', { sub: 'march-chair', actingFor: ['2345678-0'] })}`;
    const { seasonId, applicationId, weeks } = await publishWeeklySeries(t, manager, {
      booker,
      businessId: '2345678-0',
      associationName: 'Maaliskuun Seura ry',
      season: { name: 'Maaliskuu 2027', startsOn: '2027-03-01', endsOn: '2027-03-28' },
      purpose: 'Sähly',
    });
    const ids = weeks.map((w) => w.bookingId);
    expect(ids).toHaveLength(4);
    const accessOf = async (id: string) => (await t.http().get(`/premises/bookings/${id}/access`).set('Authorization', booker).expect(200)).body;

    // The access page's answer says when the code comes: 48 hours before 3 March 18:00, Helsinki time.
    expect(await accessOf(ids[0])).toMatchObject({ status: 'pending', code: null, codeDueAt: '2027-03-01T18:00:00+02:00' });

    // Tuesday 2 March, 12:00: the first week's code is given; the next still says when.
    clock.current = new Date('2027-03-02T10:00:00Z');
    const doorAccess = t.app.get(DoorAccessService);
    expect(await doorAccess.issueDueSeriesCodes()).toBe(1);
    expect(await accessOf(ids[0])).toMatchObject({ status: 'issued', codeDueAt: null });
    expect(await accessOf(ids[1])).toMatchObject({ status: 'pending', codeDueAt: '2027-03-08T18:00:00+02:00' });

    // The booker cancels the last week alone: its event names the series it is a week of (the
    // booker's calendar has it as an occurrence of the series), and is not one of the series' cancellation.
    const last = (await t.http().get(`/premises/bookings/${ids[3]}`).set('Authorization', booker).expect(200)).body;
    await t.http().post(`/premises/bookings/${ids[3]}/cancel`).set('Authorization', booker).send({ version: last.version }).expect(200);
    const [alone] = await events('fi.vaikuta.grants.booking_cancelled.v1', 'bookingId', ids[3]);
    expect(alone).toMatchObject({ seriesWeekOf: applicationId, by: 'booker' });
    expect(alone.seasonApplicationId).toBeUndefined();

    // Staff cancel the series: one message names the week whose code had been sent; that code is
    // revoked at the lock, its own event marked as the series' (so it sends no email of its own).
    await t.http().post(`/premises/seasons/${seasonId}/applications/${applicationId}/cancel-series`).set('Authorization', manager).send({ reason: 'Sali suljetaan' }).expect(200);
    const [told] = await events('fi.vaikuta.grants.season_series_cancelled.v1', 'applicationId', applicationId);
    expect(told).toMatchObject({ cancelledDates: ['2027-03-03', '2027-03-10', '2027-03-17', '2027-03-24'], revokedCodeDates: ['2027-03-03'], whole: true });
    await waitFor(async () => (await events('fi.vaikuta.grants.access_code_revoked.v1', 'bookingId', ids[0])).length === 1);
    expect((await events('fi.vaikuta.grants.access_code_revoked.v1', 'bookingId', ids[0]))[0]).toMatchObject({ seasonApplicationId: applicationId });
    expect(codedAtLock([ids[0]])).toEqual([]);
    const [weekOne] = await events('fi.vaikuta.grants.booking_cancelled.v1', 'bookingId', ids[0]);
    expect(weekOne).toMatchObject({ seasonApplicationId: applicationId, seriesWeekOf: applicationId });
  });

  it('tells a week cancelled alone whose code was sent in its cancellation, so the revocation that follows tells the booker nothing more', async () => {
    const events = async (type: string, bookingId: string) =>
      (await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = $1 AND envelope #>> '{data,bookingId}' = $2`, [type, bookingId])).map(
        (r: { data: Record<string, unknown> }) => r.data,
      );
    // Thursday 22 April 2027, 12:00 in Helsinki; a May season of Wednesdays.
    clock.current = new Date('2027-04-22T09:00:00Z');
    const booker = `Bearer ${await t.token('resident', { sub: 'may-chair', actingFor: ['3456780-6'] })}`;
    const { applicationId, weeks } = await publishWeeklySeries(t, manager, {
      booker,
      businessId: '3456780-6',
      associationName: 'Toukokuun Seura ry',
      season: { name: 'Toukokuu 2027', startsOn: '2027-05-03', endsOn: '2027-05-23' },
      purpose: 'Futsal',
    });
    const ids = weeks.map((w) => w.bookingId);
    expect(ids).toHaveLength(3);

    // Tuesday 4 May, 12:00: the 5 May week's code is sent; the booker then cancels that week alone.
    clock.current = new Date('2027-05-04T09:00:00Z');
    expect(await t.app.get(DoorAccessService).issueDueSeriesCodes()).toBe(1);
    const cancelAlone = async (id: string) => {
      const { version } = (await t.http().get(`/premises/bookings/${id}`).set('Authorization', booker).expect(200)).body;
      await t.http().post(`/premises/bookings/${id}/cancel`).set('Authorization', booker).send({ version }).expect(200);
    };
    await cancelAlone(ids[0]);
    const [cancelled] = await events('fi.vaikuta.grants.booking_cancelled.v1', ids[0]);
    expect(cancelled).toMatchObject({ seriesWeekOf: applicationId, doorCodeSent: true });
    await waitFor(async () => (await events('fi.vaikuta.grants.access_code_revoked.v1', ids[0])).length === 1);
    const [revoked] = await events('fi.vaikuta.grants.access_code_revoked.v1', ids[0]);
    expect(revoked).toMatchObject({ toldWithCancellation: true });
    expect(revoked.seasonApplicationId).toBeUndefined();
    expect(codedAtLock([ids[0]])).toEqual([]);

    // A week whose code is not due yet has none to speak of.
    await cancelAlone(ids[1]);
    const [early] = await events('fi.vaikuta.grants.booking_cancelled.v1', ids[1]);
    expect(early).toMatchObject({ seriesWeekOf: applicationId });
    expect(early.doorCodeSent).toBeUndefined();
  });
});
