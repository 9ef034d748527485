import type { LockStub } from '../../../../scripts/lock-stub.mjs';
import { premisesSpaceRequest, waitFor } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { DoorAccessService } from './door-access.service';

// Door codes end to end: the booking service confirms, the outbox relays to the test's own
// GRANTS stream, the door-access consumer asks the lock stand-in (a real HTTP server), and a
// cancellation revokes the code there.
jest.setTimeout(60_000);

let t: GrantsTestApp;
let stub: LockStub;
let manager: string;
let resident: string;

beforeAll(async () => {
  const { startLockStub } = await import('../../../../scripts/lock-stub.mjs');
  stub = await startLockStub({ port: 0, apiKey: 'test-lock-key' });
  t = await startGrantsTestApp('dooraccess', { lock: { apiUrl: stub.url, apiKey: 'test-lock-key', leadMinutes: 15, trailMinutes: 10, timeoutMs: 2_000, seriesNoticeHours: 48 } });
  manager = `Bearer ${await t.token('premises_manager')}`;
  resident = `Bearer ${await t.token('resident')}`;
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

/** A weekday a week from now at 17:00–18:00 Helsinki time (winter: +02:00). */
function nextWeek(hour = 17): { begin: string; end: string } {
  const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const pad = (h: number) => String(h).padStart(2, '0');
  return { begin: `${day}T${pad(hour)}:00:00+02:00`, end: `${day}T${pad(hour + 1)}:00:00+02:00` };
}

async function space(overrides = {}): Promise<string> {
  return (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest(overrides)).expect(201)).body.id;
}
const access = (bookingId: string, auth = resident) => t.http().get(`/premises/bookings/${bookingId}/access`).set('Authorization', auth);
const eventTypes = async (bookingId: string): Promise<string[]> =>
  (await t.dataSource.query(`SELECT type FROM outbox WHERE envelope #>> '{data,bookingId}' = $1 ORDER BY seq`, [bookingId])).map((r: { type: string }) => r.type);

describe('door access', () => {
  it('gives a confirmed door-code booking a code at the lock, shows it only to the booker and staff, and revokes it on cancel', async () => {
    const spaceId = await space();
    const times = nextWeek();
    const booked = await t.http().post(`/premises/spaces/${spaceId}/bookings`).set('Authorization', resident).send(times).expect(201);
    const id = booked.body.id as string;

    await waitFor(async () => stub.codes().some((c) => c.reservationId === id));
    const atLock = stub.codes().find((c) => c.reservationId === id)!;
    expect(atLock).toMatchObject({ lockId: spaceId, active: true });
    // Valid from 15 minutes before to 10 minutes after the booking.
    expect(atLock.validFrom).toBe(new Date(Date.parse(times.begin) - 15 * 60_000).toISOString());
    expect(atLock.validUntil).toBe(new Date(Date.parse(times.end) + 10 * 60_000).toISOString());

    await waitFor(async () => (await access(id)).body.status === 'issued');
    const mine = await access(id).expect(200);
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.body).toEqual({
      bookingId: id,
      accessType: 'door_code',
      status: 'issued',
      code: atLock.accessCode,
      validFrom: expect.stringMatching(/T16:45:00\+02:00$/),
      validUntil: expect.stringMatching(/T18:10:00\+02:00$/),
      // Only a week of a season series waits for a due time; this booking's code came at once.
      codeDueAt: null,
    });
    expect((await access(id, manager).expect(200)).body.code).toBe(atLock.accessCode);
    // Someone else learns nothing, not even that the booking exists.
    await access(id, `Bearer ${await t.token('resident', { sub: 'someone-else' })}`).expect(404);
    await t.http().get(`/premises/bookings/${id}/access`).expect(401);

    // The event says a code is ready and where to read it; the code itself is in no event.
    const issued = await t.dataSource.query(`SELECT envelope FROM outbox WHERE type = 'fi.vaikuta.grants.access_code_issued.v1' AND envelope #>> '{data,bookingId}' = $1`, [id]);
    expect(issued).toHaveLength(1);
    expect(issued[0].envelope.data.accessUrl).toBe(`http://portal.test/premises/bookings/${id}`);
    expect(JSON.stringify(issued[0].envelope)).not.toContain(atLock.accessCode);

    await t.http().post(`/premises/bookings/${id}/cancel`).set('Authorization', resident).send({ version: booked.body.version }).expect(200);
    await waitFor(async () => stub.codes().find((c) => c.reservationId === id)?.active === false);
    await waitFor(async () => (await access(id)).body.status === 'revoked');
    expect((await access(id)).body).toMatchObject({ status: 'revoked', code: null });
    expect(await eventTypes(id)).toEqual([
      'fi.vaikuta.grants.booking_confirmed.v1',
      'fi.vaikuta.grants.access_code_issued.v1',
      'fi.vaikuta.grants.booking_cancelled.v1',
      'fi.vaikuta.grants.access_code_revoked.v1',
    ]);
    // The cancellation says the code went, so the booker is told once (by the cancellation's email).
    const dataOf = async (type: string) =>
      (await t.dataSource.query(`SELECT envelope->'data' AS data FROM outbox WHERE type = $1 AND envelope #>> '{data,bookingId}' = $2`, [type, id]))[0].data;
    expect(await dataOf('fi.vaikuta.grants.booking_cancelled.v1')).toMatchObject({ doorCodeSent: true });
    expect(await dataOf('fi.vaikuta.grants.access_code_revoked.v1')).toMatchObject({ toldWithCancellation: true });
    expect(stub.codes().filter((c) => c.reservationId === id)).toHaveLength(1);
  });

  it('keeps the confirmation through a lock outage and gives the code once the lock answers again', async () => {
    const spaceId = await space();
    stub.setDown(true);
    const asked = stub.stats.requests;
    const booked = await t.http().post(`/premises/spaces/${spaceId}/bookings`).set('Authorization', resident).send(nextWeek(19)).expect(201);
    const id = booked.body.id as string;
    expect(booked.body.state).toBe('confirmed');
    // The consumer tried and failed: the booking stands, the code is pending.
    await waitFor(() => stub.stats.requests > asked);
    expect((await access(id).expect(200)).body.status).toBe('pending');
    expect((await t.http().get(`/premises/bookings/${id}`).set('Authorization', resident).expect(200)).body.state).toBe('confirmed');
    stub.setDown(false);
    await waitFor(async () => (await access(id)).body.status === 'issued', { timeoutMs: 30_000 });
    expect(stub.codes().filter((c) => c.reservationId === id)).toHaveLength(1);
  });

  it('gives the codes again to a lock that forgot them (the demo seed on every start), so what the booker reads opens the door', async () => {
    const spaceId = await space();
    const booked = await t.http().post(`/premises/spaces/${spaceId}/bookings`).set('Authorization', resident).send(nextWeek(20)).expect(201);
    const id = booked.body.id as string;
    await waitFor(async () => (await access(id)).body.status === 'issued');
    stub.reset();
    const { issued, pending } = await t.app.get(DoorAccessService).reconcile();
    expect(pending).toBe(0);
    expect(issued).toBeGreaterThanOrEqual(1);
    const atLock = stub.codes().find((c) => c.reservationId === id);
    expect(atLock).toMatchObject({ active: true, lockId: spaceId });
    expect((await access(id)).body.code).toBe(atLock!.accessCode);
  });

  it('answers key pick-up spaces with where and when; a request has a pending code until a manager confirms it, none once denied', async () => {
    const keyPickup = { where: { fi: 'Koulun vahtimestari, B-ovi', en: 'School caretaker, door B' }, when: { fi: 'Arkisin 8–15', en: 'Weekdays 8–15' } };
    const keySpace = await space({ accessType: 'key_pickup', keyPickup });
    const keyBooking = await t.http().post(`/premises/spaces/${keySpace}/bookings`).set('Authorization', resident).send(nextWeek()).expect(201);
    expect((await access(keyBooking.body.id).expect(200)).body).toEqual({ bookingId: keyBooking.body.id, accessType: 'key_pickup', keyPickup });

    const approvalSpace = await space({ requiresApproval: true });
    const request = await t.http().post(`/premises/spaces/${approvalSpace}/bookings`).set('Authorization', resident).send(nextWeek()).expect(201);
    expect(request.body.state).toBe('requires_handling');
    expect((await access(request.body.id).expect(200)).body).toMatchObject({ status: 'pending', code: null });
    await t.http().post(`/premises/bookings/${request.body.id}/deny`).set('Authorization', manager).send({ version: 1, reason: 'Varattu muuhun' }).expect(200);
    expect((await access(request.body.id).expect(200)).body).toMatchObject({ status: 'not_issued', code: null });
    expect(stub.codes().some((c) => c.reservationId === request.body.id)).toBe(false);

    // A request a manager confirms gets its code as a direct booking does.
    const approved = await t.http().post(`/premises/spaces/${approvalSpace}/bookings`).set('Authorization', resident).send(nextWeek(20)).expect(201);
    await t.http().post(`/premises/bookings/${approved.body.id}/confirm`).set('Authorization', manager).send({ version: 1 }).expect(200);
    await waitFor(async () => (await access(approved.body.id)).body.status === 'issued');
    expect(stub.codes().find((c) => c.reservationId === approved.body.id)?.active).toBe(true);
  });

  it('answers 400 naming the path parameter for a malformed booking id', async () => {
    const res = await access('not-a-uuid').expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
