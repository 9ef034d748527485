import { randomUUID } from 'node:crypto';
import type { PremisesHttp } from '@vaikuta/contracts';
import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
let resident: string;

beforeAll(async () => {
  t = await startGrantsTestApp('bookings', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  resident = `Bearer ${await t.token('resident')}`;
});
afterAll(() => t?.close());

async function space(overrides: Partial<PremisesHttp.SpaceRequest> = {}, rules: Partial<PremisesHttp.BookingRules> = {}): Promise<string> {
  return (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest(overrides, rules)).expect(201)).body.id;
}

const asPerson = async (sub: string) => `Bearer ${await t.token('resident', { sub })}`;
const book = (spaceId: string, begin: string, end: string, auth = resident) =>
  t.http().post(`/premises/spaces/${spaceId}/bookings`).set('Authorization', auth).send({ begin, end });
const step = (id: string, what: 'confirm' | 'deny' | 'cancel', body: object, auth: string) =>
  t.http().post(`/premises/bookings/${id}/${what}`).set('Authorization', auth).send(body);
/**
 * The booking's own events. A door-code space's code events come from the door-access consumer
 * in its own time (before or after the next step), so they are left out here.
 */
const eventsOf = (bookingId: string): Promise<{ type: string; data: Record<string, unknown> }[]> =>
  t.dataSource.query(
    `SELECT type, envelope->'data' AS data FROM outbox WHERE envelope #>> '{data,bookingId}' = $1 AND type NOT LIKE '%.access\\_code\\_%' ORDER BY seq`,
    [bookingId],
  );

describe('premises bookings', () => {
  it('books a direct space: 201 confirmed with local times, an event naming the booker only by sub, in the booker’s list', async () => {
    const spaceId = await space();
    const res = await book(spaceId, '2026-12-10T17:00:00+02:00', '2026-12-10T18:30:00+02:00').expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), state: 'confirmed', begin: '2026-12-10T17:00:00+02:00', end: '2026-12-10T18:30:00+02:00' });
    expect(res.body).not.toHaveProperty('bookerSub');
    const events = await eventsOf(res.body.id);
    expect(events).toEqual([
      {
        type: 'fi.vaikuta.grants.booking_confirmed.v1',
        data: expect.objectContaining({
          bookerSub: 'test-resident',
          access: 'door_code',
          begin: '2026-12-10T15:00:00.000Z',
          spaceName: 'Testihalli',
          // Every language the space is named in, so the booker's message names it in theirs.
          spaceNames: { fi: 'Testihalli', sv: 'Testhallen', en: 'Test hall' },
        }),
      },
    ]);
    const mine = await t.http().get('/premises/bookings/mine').set('Authorization', resident).expect(200);
    expect(mine.body.items.map((b: { id: string }) => b.id)).toContain(res.body.id);
    const other = await t.http().get('/premises/bookings/mine').set('Authorization', await asPerson('someone-else')).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('answers a repeated request with the same Idempotency-Key once: one booking, the same answer; the purpose stays out of events', async () => {
    const spaceId = await space();
    const send = () =>
      t
        .http()
        .post(`/premises/spaces/${spaceId}/bookings`)
        .set('Authorization', resident)
        .set('Idempotency-Key', `retry-${spaceId}`)
        .send({ begin: '2026-12-12T12:00:00+02:00', end: '2026-12-12T13:00:00+02:00', purpose: 'Matin synttärit, p. 040 123 4567' });
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body.id).toBe(first.body.id);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM bookings WHERE space_id = $1`, [spaceId]);
    expect(row.n).toBe(1);
    const events = await eventsOf(first.body.id);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('040 123 4567');
  });

  it('refuses a time without an offset with a 400 naming the field', async () => {
    const spaceId = await space();
    const res = await book(spaceId, '2026-12-10T17:00:00', '2026-12-10T18:00:00+02:00').expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['begin']);
  });

  it('answers 422 naming the rule a booking breaks', async () => {
    const spaceId = await space({}, { maxActiveBookingsPerPerson: 1, maxDaysAhead: 30 });
    const rules = async (begin: string, end: string) => (await book(spaceId, begin, end).expect(422)).body.rules;
    expect(await rules('2026-12-10T17:00:00+02:00', '2026-12-10T17:30:00+02:00')).toEqual(['duration']);
    expect(await rules('2026-12-10T17:10:00+02:00', '2026-12-10T18:10:00+02:00')).toEqual(['interval']);
    expect(await rules('2026-12-10T21:30:00+02:00', '2026-12-10T22:30:00+02:00')).toEqual(['opening_hours']);
    expect(await rules('2027-01-05T17:00:00+02:00', '2027-01-05T18:00:00+02:00')).toEqual(['booking_window']);
    expect(await rules('2026-12-01T09:00:00+02:00', '2026-12-01T10:00:00+02:00')).toEqual(['booking_window']);
    await book(spaceId, '2026-12-10T17:00:00+02:00', '2026-12-10T18:00:00+02:00').expect(201);
    const res = await book(spaceId, '2026-12-11T17:00:00+02:00', '2026-12-11T18:00:00+02:00').expect(422);
    expect(res.body).toMatchObject({ rules: ['per_person_maximum'], errors: [expect.objectContaining({ field: '(body)' })] });
  });

  it('lets only staff book a staff-only space, and asks for an association on an associations-only one', async () => {
    const staffOnly = await space({}, { whoMayBook: 'staff' });
    expect((await book(staffOnly, '2026-12-10T17:00:00+02:00', '2026-12-10T18:00:00+02:00').expect(422)).body.rules).toEqual(['who_may_book']);
    await book(staffOnly, '2026-12-10T17:00:00+02:00', '2026-12-10T18:00:00+02:00', manager).expect(201);
    const clubs = await space({}, { whoMayBook: 'associations' });
    const res = await book(clubs, '2026-12-10T17:00:00+02:00', '2026-12-10T18:00:00+02:00').expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'associationId' })]);
    // An association the person does not act for is not theirs to name.
    await t
      .http()
      .post(`/premises/spaces/${clubs}/bookings`)
      .set('Authorization', resident)
      .send({ begin: '2026-12-10T17:00:00+02:00', end: '2026-12-10T18:00:00+02:00', associationId: randomUUID() })
      .expect(404);
  });

  it('keeps the buffers of both bookings clear: the database refuses a booking in them with 409', async () => {
    const spaceId = await space();
    await book(spaceId, '2026-12-10T10:00:00+02:00', '2026-12-10T11:00:00+02:00').expect(201);
    const clash = await book(spaceId, '2026-12-10T11:00:00+02:00', '2026-12-10T12:00:00+02:00', await asPerson('p2')).expect(409);
    expect(clash.headers['content-type']).toContain('application/problem+json');
    expect(clash.body.title).toBe('The time is already booked');
    await book(spaceId, '2026-12-10T09:00:00+02:00', '2026-12-10T10:00:00+02:00', await asPerson('p3')).expect(409);
    // Clean-up after one and set-up before the next add up: 30 minutes between bookings.
    await book(spaceId, '2026-12-10T08:30:00+02:00', '2026-12-10T09:30:00+02:00', await asPerson('p3')).expect(201);
    await book(spaceId, '2026-12-10T11:30:00+02:00', '2026-12-10T12:30:00+02:00', await asPerson('p4')).expect(201);
    const free = await t.http().get(`/premises/spaces/${spaceId}/availability?from=2026-12-10&to=2026-12-10`).expect(200);
    expect(free.body.slots).toEqual([{ begin: '2026-12-10T13:00:00+02:00', end: '2026-12-10T22:00:00+02:00' }]);
  });

  it('frees the slot when the booker cancels; another person cannot cancel it, and after the deadline only staff can', async () => {
    const spaceId = await space();
    const mine = (await book(spaceId, '2026-12-10T10:00:00+02:00', '2026-12-10T11:00:00+02:00').expect(201)).body;
    const stranger = await asPerson('stranger');
    await step(mine.id, 'cancel', { version: 1 }, stranger).expect(404);
    await t.http().get(`/premises/bookings/${mine.id}`).set('Authorization', stranger).expect(404);
    expect((await t.http().get(`/premises/bookings/${mine.id}`).set('Authorization', resident).expect(200)).body.state).toBe('confirmed');

    const cancelled = await step(mine.id, 'cancel', { version: 1, reason: 'Harjoitukset peruttu' }, resident).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', version: 2 });
    expect((await eventsOf(mine.id)).map((e) => e.type)).toEqual(['fi.vaikuta.grants.booking_confirmed.v1', 'fi.vaikuta.grants.booking_cancelled.v1']);
    await book(spaceId, '2026-12-10T10:00:00+02:00', '2026-12-10T11:00:00+02:00', stranger).expect(201);

    // A request not yet handled can be withdrawn by its booker.
    const approval = await space({ requiresApproval: true });
    const pending = (await book(approval, '2026-12-02T12:00:00+02:00', '2026-12-02T13:00:00+02:00').expect(201)).body;
    expect((await step(pending.id, 'cancel', { version: 1 }, resident).expect(200)).body.state).toBe('cancelled');

    const late = (await book(spaceId, '2026-12-02T09:00:00+02:00', '2026-12-02T10:00:00+02:00').expect(201)).body;
    const refused = await step(late.id, 'cancel', { version: 1 }, resident).expect(422);
    expect(refused.body.rules).toEqual(['cancellation_deadline']);
    await step(late.id, 'cancel', { version: 1 }, manager).expect(200);
    const audit = await t.dataSource.query(`SELECT action, actor_role, details FROM booking_audit WHERE entity_id = $1 ORDER BY id`, [late.id]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'booked', actor_role: 'booker' }),
      expect.objectContaining({ action: 'cancelled', actor_role: 'premises_manager', details: { by: 'staff' } }),
    ]);
  });

  it('puts an approval space’s bookings in the managers’ queue; a resident cannot confirm or deny; a manager does, with the reason told', async () => {
    const spaceId = await space({ requiresApproval: true, accessType: 'opened_by_staff' });
    const a = (await book(spaceId, '2026-12-10T10:00:00+02:00', '2026-12-10T11:00:00+02:00').expect(201)).body;
    const b = (await book(spaceId, '2026-12-11T10:00:00+02:00', '2026-12-11T11:00:00+02:00').expect(201)).body;
    expect([a.state, b.state]).toEqual(['requires_handling', 'requires_handling']);
    // A request holds its time too.
    await book(spaceId, '2026-12-10T10:00:00+02:00', '2026-12-10T11:00:00+02:00', await asPerson('p5')).expect(409);

    await step(a.id, 'confirm', { version: 1 }, resident).expect(403);
    await step(a.id, 'deny', { version: 1, reason: 'x' }, resident).expect(403);
    await t.http().get('/premises/bookings/queue').set('Authorization', resident).expect(403);
    const queue = await t.http().get(`/premises/bookings/queue?spaceId=${spaceId}`).set('Authorization', manager).expect(200);
    expect(queue.body.items.map((x: { id: string; bookerSub: string }) => [x.id, x.bookerSub])).toEqual([
      [a.id, 'test-resident'],
      [b.id, 'test-resident'],
    ]);

    expect((await step(a.id, 'confirm', { version: 1 }, manager).expect(200)).body.state).toBe('confirmed');
    await step(a.id, 'confirm', { version: 2 }, manager).expect(409);
    const denied = await step(b.id, 'deny', { version: 1, reason: 'Sali on remontissa' }, manager).expect(200);
    expect(denied.body).toMatchObject({ state: 'denied', reason: 'Sali on remontissa' });
    await step(b.id, 'deny', { version: 1, reason: 'again' }, manager).expect(409);
    expect((await eventsOf(a.id)).map((e) => e.type)).toEqual(['fi.vaikuta.grants.booking_requested.v1', 'fi.vaikuta.grants.booking_confirmed.v1']);
    expect(await eventsOf(b.id)).toEqual([
      expect.objectContaining({ type: 'fi.vaikuta.grants.booking_requested.v1' }),
      { type: 'fi.vaikuta.grants.booking_denied.v1', data: expect.objectContaining({ reason: 'Sali on remontissa', bookerSub: 'test-resident' }) },
    ]);
    // The denied request's time is free again.
    await book(spaceId, '2026-12-11T10:00:00+02:00', '2026-12-11T11:00:00+02:00', await asPerson('p6')).expect(201);
    expect((await t.http().get(`/premises/bookings/queue?spaceId=${spaceId}`).set('Authorization', manager).expect(200)).body.items).toHaveLength(1);
  });

  it('lets staff book on a person’s behalf and block maintenance time without buffers, never over a held booking', async () => {
    const spaceId = await space({ requiresApproval: true });
    const onBehalf = await t
      .http()
      .post(`/premises/spaces/${spaceId}/staff-bookings`)
      .set('Authorization', manager)
      .send({ begin: '2026-12-10T10:00:00+02:00', end: '2026-12-10T11:00:00+02:00', bookerSub: 'phone-caller' })
      .expect(201);
    expect(onBehalf.body).toMatchObject({ state: 'confirmed', bookerSub: 'phone-caller', bookedBy: 'test-premises_manager' });
    const mine = await t.http().get('/premises/bookings/mine').set('Authorization', await asPerson('phone-caller')).expect(200);
    expect(mine.body.items.map((b: { id: string }) => b.id)).toEqual([onBehalf.body.id]);

    const block = (begin: string, end: string) =>
      t.http().post(`/premises/spaces/${spaceId}/blocks`).set('Authorization', manager).send({ begin, end, reason: 'Lattian hionta' });
    // Inside the booking's clean-up buffer (11:00–11:15): refused.
    await block('2026-12-10T11:00:00+02:00', '2026-12-10T12:00:00+02:00').expect(409);
    // Right after the buffer, at any minute: a block keeps no buffers and no grid.
    const blocked = await block('2026-12-10T11:15:00+02:00', '2026-12-10T13:07:00+02:00').expect(201);
    expect(blocked.body).toMatchObject({ kind: 'maintenance', state: 'confirmed', bookerSub: null, reason: 'Lattian hionta' });
    await t.http().post(`/premises/spaces/${spaceId}/blocks`).set('Authorization', resident).send({}).expect(403);
    const free = await t.http().get(`/premises/spaces/${spaceId}/availability?from=2026-12-10&to=2026-12-10`).expect(200);
    // Before the booking: its 15-minute set-up from 09:45 plus a new booking's clean-up: until 09:30.
    // After the block: a booking needs its 15-minute set-up after 13:07: 13:22, on the grid 13:30.
    expect(free.body.slots).toEqual([
      { begin: '2026-12-10T08:00:00+02:00', end: '2026-12-10T09:30:00+02:00' },
      { begin: '2026-12-10T13:30:00+02:00', end: '2026-12-10T22:00:00+02:00' },
    ]);
  });

  it('bounds the availability range: 400 naming to beyond 92 days or before from', async () => {
    const spaceId = await space();
    const ok = await t.http().get(`/premises/spaces/${spaceId}/availability?from=2026-12-01&to=2027-03-02`).expect(200);
    expect(ok.body.slots.length).toBeGreaterThan(80);
    const far = await t.http().get(`/premises/spaces/${spaceId}/availability?from=2026-12-01&to=2027-03-03`).expect(400);
    expect(far.body.errors[0].field).toBe('to');
    await t.http().get(`/premises/spaces/${spaceId}/availability?from=2026-12-10&to=2026-12-09`).expect(400);
    // Times with offsets cut the windows; a time without one is refused naming the field.
    const cut = await t
      .http()
      .get(`/premises/spaces/${spaceId}/availability`)
      .query({ from: '2026-12-10T18:00:00+02:00', to: '2026-12-10T20:00:00+02:00' })
      .expect(200);
    expect(cut.body.slots).toEqual([{ begin: '2026-12-10T18:00:00+02:00', end: '2026-12-10T20:00:00+02:00' }]);
    const naive = await t.http().get(`/premises/spaces/${spaceId}/availability`).query({ from: '2026-12-10T18:00:00', to: '2026-12-11' }).expect(400);
    expect(naive.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
    await t.http().get(`/premises/spaces/${randomUUID()}/availability?from=2026-12-10&to=2026-12-10`).expect(404);
  });

  it('confirms exactly one of 200 concurrent requests for clashing slots; the others get 409, none 500', async () => {
    const spaceId = await space({}, { maxActiveBookingsPerPerson: 100 });
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => asPerson(`racer-${i}`)));
    // Every request overlaps every other, directly or through the buffers.
    const times = (i: number) => {
      const begin = new Date(Date.parse('2026-12-15T12:00:00+02:00') + (i % 3) * 30 * 60_000);
      return [begin.toISOString(), new Date(begin.getTime() + 60 * 60_000).toISOString()] as const;
    };
    const answers = await Promise.all(tokens.map((token, i) => book(spaceId, ...times(i), token).then((r) => r.status)));
    const counts = answers.reduce<Record<number, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 201: 1, 409: 199 });
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM bookings WHERE space_id = $1 AND state = 'confirmed'`, [spaceId]);
    expect(row.n).toBe(1);
  }, 60_000);
});
