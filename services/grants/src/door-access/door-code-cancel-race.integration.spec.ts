import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { FakeClock } from '@vaikuta/domain';
import { waitFor } from '@vaikuta/testing';
import { startGatedLock, type GatedLock } from '../../test/gated-lock';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { hallRequest } from '../spaces/space-request.fixture';
import { DoorAccessService } from './door-access.service';

jest.setTimeout(90_000);

const clock = new FakeClock(new Date('2027-04-22T09:00:00Z'));
let t: GrantsTestApp;
let stub: LockStub;
let lock: GatedLock;

beforeAll(async () => {
  const { startLockStub } = await import('../../../../scripts/lock-stub.mjs');
  stub = await startLockStub({ port: 0 });
  lock = await startGatedLock(stub.url);
  t = await startGrantsTestApp('door_code_race', { lock: { apiUrl: lock.url, leadMinutes: 15, trailMinutes: 15, timeoutMs: 60_000, seriesNoticeHours: 48 } }, { clock });
});
afterAll(async () => {
  lock?.open();
  await t?.close();
  await lock?.close();
  await stub?.close();
});

describe('a week cancelled while its code is being given', () => {
  it('leaves no working code at the lock: the code being given is waited for, then taken back', async () => {
    const manager = `Bearer ${await t.token('premises_manager')}`;
    const booker = `Bearer ${await t.token('resident', { sub: 'race-chair', actingFor: ['3456780-6'] })}`;
    const associationId = (await t.http().post('/grants/associations').set('Authorization', booker).send({ name: 'Kilpaseura ry', businessId: '3456780-6' }).expect(201)).body.id;
    const spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(hallRequest()).expect(201)).body.id;
    const season = (
      await t.http().post('/premises/seasons').set('Authorization', manager)
        .send({ name: { fi: 'Toukokuu 2027' }, spaceIds: [spaceId], startsOn: '2027-05-03', endsOn: '2027-05-09', skipDates: [] })
        .expect(201)
    ).body;
    await t.http().post(`/premises/seasons/${season.id}/applications`).set('Authorization', booker)
      .send({ associationId, spaceId, purpose: 'Futsal', weekday: 'wed', begins: '18:00', ends: '19:30' })
      .expect(201);
    await t.http().post(`/premises/seasons/${season.id}/allocate`).set('Authorization', manager).send({ version: 1 }).expect(200);
    const published = (await t.http().post(`/premises/seasons/${season.id}/publish`).set('Authorization', manager).send({ version: 2 }).expect(200)).body;
    const [week] = published.series[0].occurrences.filter((o: { outcome: string }) => o.outcome === 'booked').map((o: { bookingId: string }) => o.bookingId);

    // The consumer has applied the week's confirmation (no code yet: not within 48 hours), so
    // only the sweep gives it one.
    const [{ id: confirmation }] = await t.dataSource.query(
      `SELECT envelope->>'id' AS id FROM outbox WHERE type = 'fi.vaikuta.grants.booking_confirmed.v1' AND envelope #>> '{data,bookingId}' = $1`,
      [week],
    );
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [confirmation])).length === 1);

    // Tuesday 4 May, 12:00: the sweep asks the provider for the 5 May week's code, held there.
    clock.current = new Date('2027-05-04T09:00:00Z');
    const sweep = t.app.get(DoorAccessService).issueDueSeriesCodes();
    await waitFor(async () => lock.seen.includes('POST'));

    // Meanwhile the booker cancels that week; its revocation runs in the event consumer.
    const { version } = (await t.http().get(`/premises/bookings/${week}`).set('Authorization', booker).expect(200)).body;
    const cancelling = t.http().post(`/premises/bookings/${week}/cancel`).set('Authorization', booker).send({ version }).then((res) => res);
    // Let the code through once the revocation has either reached the provider or is waiting its
    // turn, or the cancellation itself is waiting for the code being given.
    await waitFor(async () => {
      if (lock.seen.includes('DELETE')) return true;
      const waiting = await t.dataSource.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      return waiting.length > 0;
    });
    lock.open();
    expect(await sweep).toBe(1);
    expect((await cancelling).status).toBe(200);

    await waitFor(async () => (await t.dataSource.query(`SELECT status FROM door_access_codes WHERE booking_id = $1`, [week]))[0]?.status === 'revoked');
    expect(stub.codes().filter((c) => c.reservationId === week && c.active)).toEqual([]);
  });
});
