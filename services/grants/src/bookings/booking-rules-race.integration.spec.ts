import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { lockWaiters, secondSession } from './second-session.fixture';

// A booking checked against a space's rules must not commit after a change of those rules
// that it did not see (issue 11 hardening: "booking while the space's rules change").
// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
let resident: string;

beforeAll(async () => {
  t = await startGrantsTestApp('booking_rules_race', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  resident = `Bearer ${await t.token('resident')}`;
});
afterAll(() => t?.close());

it('a booking that read the rules before a manager made the space require approval is not confirmed after that change committed', async () => {
  const space = await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201);
  const holder = await secondSession(t);
  const finished: string[] = [];
  try {
    // Hold the booking between its reading of the rules and its insert.
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE bookings IN SHARE MODE');
    const booking = t
      .http()
      .post(`/premises/spaces/${space.body.id}/bookings`)
      .set('Authorization', resident)
      .send({ begin: '2026-12-10T12:00:00+02:00', end: '2026-12-10T13:00:00+02:00' })
      .then((res) => (finished.push('booking'), res));
    await lockWaiters(t, 1);
    // Meanwhile the manager makes the space require approval.
    const change = t
      .http()
      .put(`/premises/spaces/${space.body.id}`)
      .set('Authorization', manager)
      .send({ ...premisesSpaceRequest({ requiresApproval: true }), version: space.body.version })
      .then((res) => (finished.push('rules'), res));
    // Either the change waits for the booking (2 waiters) or it commits at once; give it the time to.
    await Promise.race([lockWaiters(t, 2), change]).catch(() => undefined);
    await holder.query('ROLLBACK');
    const [booked, changed] = await Promise.all([booking, change]);
    expect(changed.status).toBe(200);
    // Confirmed under the old rules is right only if it committed before the change did.
    if (booked.status === 201 && booked.body.state === 'confirmed') expect(finished).toEqual(['booking', 'rules']);
    else expect(booked.status).toBe(409);
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
});
