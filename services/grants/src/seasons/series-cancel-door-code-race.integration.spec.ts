import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { FakeClock } from '@vaikuta/domain';
import { waitFor } from '@vaikuta/testing';
import { startGrantsBehindGatedLock, type GatedLock, type GrantsBehindGatedLock } from '../../test/gated-lock';
import type { GrantsTestApp } from '../../test/grants-test-app';
import { publishWeeklySeries } from '../../test/weekly-series';
import { DoorAccessService } from '../door-access/door-access.service';

jest.setTimeout(90_000);

const clock = new FakeClock(new Date('2027-04-22T09:00:00Z'));
let t: GrantsTestApp;
let stub: LockStub;
let lock: GatedLock;
let grants: GrantsBehindGatedLock;

beforeAll(async () => {
  grants = await startGrantsBehindGatedLock('series_cancel_code_race', clock);
  ({ t, stub, lock } = grants);
});
afterAll(() => grants?.close());

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
    const series = await publishWeeklySeries(t, manager, {
      booker,
      businessId: '4567891-5',
      associationName: 'Sarjakilpa ry',
      season: { name: 'Toukokuu 2027', startsOn: '2027-05-03', endsOn: '2027-05-09' },
      purpose: 'Futsal',
    });
    const [week] = series.weeks;

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
    const cancelling = t.http().post(`/premises/seasons/${series.seasonId}/applications/${series.applicationId}/cancel-series`).set('Authorization', manager)
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
    expect(await dataOf('booking_cancelled', week.bookingId)).toEqual([expect.objectContaining({ seasonApplicationId: series.applicationId, doorCodeSent: true })]);
    expect(await dataOf('season_series_cancelled')).toEqual([expect.objectContaining({ applicationId: series.applicationId, cancelledDates: [week.date], revokedCodeDates: [week.date] })]);

    await waitFor(async () => (await t.dataSource.query(`SELECT status FROM door_access_codes WHERE booking_id = $1`, [week.bookingId]))[0]?.status === 'revoked');
    expect(await dataOf('access_code_revoked', week.bookingId)).toEqual([expect.objectContaining({ seasonApplicationId: series.applicationId, toldWithCancellation: true })]);
    expect(stub.codes().filter((c) => c.reservationId === week.bookingId && c.active)).toEqual([]);
  });
});
