import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { FakeClock } from '@vaikuta/domain';
import { waitFor } from '@vaikuta/testing';
import { startGrantsBehindGatedLock, type GatedLock, type GrantsBehindGatedLock } from '../../test/gated-lock';
import type { GrantsTestApp } from '../../test/grants-test-app';
import { publishWeeklySeries } from '../../test/weekly-series';
import { DoorAccessService } from './door-access.service';

jest.setTimeout(90_000);

const clock = new FakeClock(new Date('2027-04-22T09:00:00Z'));
let t: GrantsTestApp;
let stub: LockStub;
let lock: GatedLock;
let grants: GrantsBehindGatedLock;

beforeAll(async () => {
  grants = await startGrantsBehindGatedLock('door_code_race', clock);
  ({ t, stub, lock } = grants);
});
afterAll(() => grants?.close());

describe('a week cancelled while its code is being given', () => {
  it('leaves no working code at the lock: the code being given is waited for, then taken back', async () => {
    const manager = `Bearer ${await t.token('premises_manager')}`;
    const booker = `Bearer ${await t.token('resident', { sub: 'race-chair', actingFor: ['3456780-6'] })}`;
    const series = await publishWeeklySeries(t, manager, {
      booker,
      businessId: '3456780-6',
      associationName: 'Kilpaseura ry',
      season: { name: 'Toukokuu 2027', startsOn: '2027-05-03', endsOn: '2027-05-09' },
      purpose: 'Futsal',
    });
    const [{ bookingId: week }] = series.weeks;

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
