import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { lockWaiters, secondSession } from './second-session.fixture';

// Two transactions inserting clashing rows under the exclusion constraint can each find the
// other's uncommitted row and wait for it; PostgreSQL then aborts one with "deadlock detected"
// (40P01). Two managers publishing one season at once did this week after week (a 500).
// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;

beforeAll(async () => {
  t = await startGrantsTestApp('booking_deadlock', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
});
afterAll(() => t?.close());

/** A maintenance row inserted by another session's open transaction, as a concurrent booking's would be. */
const blockRow = (c: Client, spaceId: string, begin: string, end: string) =>
  c.query(
    `INSERT INTO bookings (id, space_id, kind, state, during, held, booked_by, cancellable_until, reason)
     VALUES ($1, $2, 'maintenance', 'confirmed', tstzrange($3, $4, '[)'), tstzrange($3, $4, '[)'), 'other-session', $3, 'x')`,
    [randomUUID(), spaceId, begin, end],
  );

it('a booking aborted by a deadlock with a clashing insert is tried again: 201 once the other transaction is gone, not a 500', async () => {
  const spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201)).body.id;
  const other = await secondSession(t);
  try {
    // The other session holds 12:00–13:00; the staff booking of 13:00–14:00 (buffers 12:45–14:15) waits for it.
    await other.query('BEGIN');
    await blockRow(other, spaceId, '2026-12-10T12:00:00+02:00', '2026-12-10T13:00:00+02:00');
    const booking = t
      .http()
      .post(`/premises/spaces/${spaceId}/staff-bookings`)
      .set('Authorization', manager)
      .send({ begin: '2026-12-10T13:00:00+02:00', end: '2026-12-10T14:00:00+02:00', bookerSub: 'test-resident' });
    const answer = booking.then((res) => res);
    await lockWaiters(t, 1);
    // …and the other session then wants 14:00–14:10, which only the booking's buffer holds: each waits for the other.
    await blockRow(other, spaceId, '2026-12-10T14:00:00+02:00', '2026-12-10T14:10:00+02:00').catch(() => undefined);
    await other.query('ROLLBACK');
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'confirmed', begin: '2026-12-10T13:00:00+02:00' });
  } finally {
    await other.query('ROLLBACK').catch(() => undefined);
    await other.end();
  }
}, 30_000);
