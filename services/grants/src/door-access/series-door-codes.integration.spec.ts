import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { FakeClock } from '@vaikuta/domain';
import { waitFor } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { hallRequest } from '../spaces/space-request.fixture';
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
    const associationId = (await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Sarjaseura ry', businessId: '1234567-1' }).expect(201)).body.id;
    const spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(hallRequest()).expect(201)).body.id;
    const season = (
      await t.http().post('/premises/seasons').set('Authorization', manager)
        .send({ name: { fi: 'Tammikuu 2027' }, spaceIds: [spaceId], startsOn: '2027-01-04', endsOn: '2027-01-31', skipDates: [] })
        .expect(201)
    ).body;
    const application = (
      await t.http().post(`/premises/seasons/${season.id}/applications`).set('Authorization', chair)
        .send({ associationId, spaceId, purpose: 'Salibandy', weekday: 'wed', begins: '18:00', ends: '19:30' })
        .expect(201)
    ).body;
    await t.http().post(`/premises/seasons/${season.id}/allocate`).set('Authorization', manager).send({ version: 1 }).expect(200);
    const published = (await t.http().post(`/premises/seasons/${season.id}/publish`).set('Authorization', manager).send({ version: 2 }).expect(200)).body;
    const weeks: { date: string; bookingId: string }[] = published.series[0].occurrences.filter((o: { outcome: string }) => o.outcome === 'booked');
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
    expect(first).toMatchObject({ bookingId: ids[0], seasonApplicationId: application.id, validFrom: '2027-01-06T15:45:00.000Z' });
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
});
