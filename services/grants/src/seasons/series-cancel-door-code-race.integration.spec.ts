import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { FakeClock } from '@vaikuta/domain';
import { waitFor } from '@vaikuta/testing';
import { startGatedLock, type GatedLock } from '../../test/gated-lock';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { DoorAccessService } from '../door-access/door-access.service';
import { hallRequest } from '../spaces/space-request.fixture';

jest.setTimeout(90_000);

const clock = new FakeClock(new Date('2027-04-22T09:00:00Z'));
let t: GrantsTestApp;
let stub: LockStub;
let lock: GatedLock;

beforeAll(async () => {
  const { startLockStub } = await import('../../../../scripts/lock-stub.mjs');
  stub = await startLockStub({ port: 0 });
  lock = await startGatedLock(stub.url);
  t = await startGrantsTestApp('series_cancel_code_race', { lock: { apiUrl: lock.url, leadMinutes: 15, trailMinutes: 15, timeoutMs: 60_000, seriesNoticeHours: 48 } }, { clock });
});
afterAll(async () => {
  lock?.open();
  await t?.close();
  await lock?.close();
  await stub?.close();
});

const dataOf = async (type: string, bookingId?: string) =>
  (
    await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = $1 AND ($2::text IS NULL OR envelope #>> '{data,bookingId}' = $2)`, [
      `fi.vaikuta.grants.${type}.v1`,
      bookingId ?? null,
    ])
  ).map((r: { data: Record<string, unknown> }) => r.data);

describe('a season series cancelled while a week’s code is being given', () => {
  it('waits for the code, then says in the series’ one message that it no longer works, and takes it back', async () => {
    const manager = `Bearer ${await t.token('premises_manager')}`;
    const booker = `Bearer ${await t.token('resident', { sub: 'series-race-chair', actingFor: ['4567891-5'] })}`;
    const associationId = (await t.http().post('/grants/associations').set('Authorization', booker).send({ name: 'Sarjakilpa ry', businessId: '4567891-5' }).expect(201)).body.id;
    const spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(hallRequest()).expect(201)).body.id;
    const season = (
      await t.http().post('/premises/seasons').set('Authorization', manager)
        .send({ name: { fi: 'Toukokuu 2027' }, spaceIds: [spaceId], startsOn: '2027-05-03', endsOn: '2027-05-09', skipDates: [] })
        .expect(201)
    ).body;
    const application = (
      await t.http().post(`/premises/seasons/${season.id}/applications`).set('Authorization', booker)
        .send({ associationId, spaceId, purpose: 'Futsal', weekday: 'wed', begins: '18:00', ends: '19:30' })
        .expect(201)
    ).body;
    await t.http().post(`/premises/seasons/${season.id}/allocate`).set('Authorization', manager).send({ version: 1 }).expect(200);
    const published = (await t.http().post(`/premises/seasons/${season.id}/publish`).set('Authorization', manager).send({ version: 2 }).expect(200)).body;
    const [week] = published.series[0].occurrences.filter((o: { outcome: string }) => o.outcome === 'booked') as { date: string; bookingId: string }[];

    // The consumer has applied the week's confirmation (no code yet: not within 48 hours), so
    // only the sweep gives it one.
    const [{ id: confirmation }] = await t.dataSource.query(
      `SELECT envelope->>'id' AS id FROM outbox WHERE type = 'fi.vaikuta.grants.booking_confirmed.v1' AND envelope #>> '{data,bookingId}' = $1`,
      [week.bookingId],
    );
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [confirmation])).length === 1);

    // Tuesday 4 May, 12:00: the sweep asks the provider for the 5 May week's code, held there.
    clock.current = new Date('2027-05-04T09:00:00Z');
    const sweep = t.app.get(DoorAccessService).issueDueSeriesCodes();
    await waitFor(async () => lock.seen.includes('POST'));

    // Meanwhile staff cancel the whole series.
    let answered = false;
    const cancelling = t.http().post(`/premises/seasons/${season.id}/applications/${application.id}/cancel-series`).set('Authorization', manager)
      .send({ reason: 'Seura lopetti' })
      .then((res) => {
        answered = true;
        return res;
      });
    // Let the code through once the cancellation has either finished or is waiting for the code
    // being given (a waiter on the door-code lock while the week is still confirmed: the
    // cancellation's own transaction, not the revocation that follows a committed cancellation).
    await waitFor(async () => {
      if (answered) return true;
      const waiting = await t.dataSource.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      if (!waiting.length) return false;
      const [{ state }] = await t.dataSource.query(`SELECT state FROM bookings WHERE id = $1`, [week.bookingId]);
      return state === 'confirmed';
    });
    lock.open();
    expect(await sweep).toBe(1);
    expect((await cancelling).status).toBe(200);

    // The booker was sent the week's code, so the cancellation says it no longer works: the
    // series' one message names the week, and the code's revocation tells nothing more.
    expect(await dataOf('access_code_issued', week.bookingId)).toHaveLength(1);
    expect(await dataOf('booking_cancelled', week.bookingId)).toEqual([expect.objectContaining({ seasonApplicationId: application.id, doorCodeSent: true })]);
    expect(await dataOf('season_series_cancelled')).toEqual([expect.objectContaining({ applicationId: application.id, cancelledDates: [week.date], revokedCodeDates: [week.date] })]);

    await waitFor(async () => (await t.dataSource.query(`SELECT status FROM door_access_codes WHERE booking_id = $1`, [week.bookingId]))[0]?.status === 'revoked');
    expect(await dataOf('access_code_revoked', week.bookingId)).toEqual([expect.objectContaining({ seasonApplicationId: application.id, toldWithCancellation: true })]);
    expect(stub.codes().filter((c) => c.reservationId === week.bookingId && c.active)).toEqual([]);
  });
});
