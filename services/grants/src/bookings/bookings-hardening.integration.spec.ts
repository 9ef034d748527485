import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

// Edges found by the hardening pass (issue 11): times the schema takes but Helsinki time cannot
// read, and an association id staff may name without acting for it.
// Tuesday 1 December 2026, 10:00 in Helsinki.
const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;
let resident: string;
let spaceId: string;

beforeAll(async () => {
  t = await startGrantsTestApp('bookings_edges', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
  resident = `Bearer ${await t.token('resident')}`;
  spaceId = (await t.http().post('/premises/spaces').set('Authorization', manager).send(premisesSpaceRequest()).expect(201)).body.id;
});
afterAll(() => t?.close());

const rows = async (): Promise<number> => Number((await t.dataSource.query(`SELECT count(*) AS n FROM bookings WHERE space_id = $1`, [spaceId]))[0].n);

describe('booking times outside 2000–2100', () => {
  // Year 0 and years before 1921 (Helsinki's local mean time, +01:39:49) were 500s in the opening-hours check.
  it.each([
    ['a resident', 'bookings', {}],
    ['staff on a person’s behalf', 'staff-bookings', { bookerSub: 'test-resident' }],
  ])('%s gets a 400 naming begin and end for year 0 and for 1919, and nothing is stored', async (_who, path, extra) => {
    const auth = path === 'bookings' ? resident : manager;
    for (const year of ['0000', '1919']) {
      const res = await t
        .http()
        .post(`/premises/spaces/${spaceId}/${path}`)
        .set('Authorization', auth)
        .send({ begin: `${year}-06-01T10:00:00+00:00`, end: `${year}-06-01T11:00:00+00:00`, ...extra })
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['begin', 'end']);
    }
    expect(await rows()).toBe(0);
  });

  it('refuses a maintenance block in year 0 or 9999 (it was stored, with a +01:39 offset in its answer)', async () => {
    for (const [begin, end] of [
      ['0000-01-01T12:00:00+00:00', '0000-01-01T13:00:00+00:00'],
      ['2026-12-20T12:00:00+02:00', '9999-12-31T13:00:00+00:00'],
    ]) {
      const res = await t.http().post(`/premises/spaces/${spaceId}/blocks`).set('Authorization', manager).send({ begin, end, reason: 'Huolto' }).expect(400);
      expect(res.body.errors[res.body.errors.length - 1].field).toBe('end');
    }
    expect(await rows()).toBe(0);
  });

  it('still takes a block near the end of 2100', async () => {
    await t
      .http()
      .post(`/premises/spaces/${spaceId}/blocks`)
      .set('Authorization', manager)
      .send({ begin: '2100-12-31T10:00:00+02:00', end: '2100-12-31T12:00:00+02:00', reason: 'Huolto' })
      .expect(201);
  });
});

describe('staff booking for an association', () => {
  it('refuses an association id the register does not have with a 400 naming associationId, storing nothing', async () => {
    const before = await rows();
    const res = await t
      .http()
      .post(`/premises/spaces/${spaceId}/staff-bookings`)
      .set('Authorization', manager)
      .send({ begin: '2026-12-10T12:00:00+02:00', end: '2026-12-10T13:00:00+02:00', bookerSub: 'test-resident', associationId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'associationId', message: expect.any(String) }]);
    expect(await rows()).toBe(before);
  });

  it('takes a registered association', async () => {
    const chair = `Bearer ${await t.token('resident', { sub: 'edges-chair', actingFor: ['1234567-1'] })}`;
    const association = await t.http().post('/grants/associations').set('Authorization', chair).send({ name: 'Reuna ry', businessId: '1234567-1' }).expect(201);
    const res = await t
      .http()
      .post(`/premises/spaces/${spaceId}/staff-bookings`)
      .set('Authorization', manager)
      .send({ begin: '2026-12-11T12:00:00+02:00', end: '2026-12-11T13:00:00+02:00', bookerSub: 'edges-chair', associationId: association.body.id })
      .expect(201);
    expect(res.body.associationId).toBe(association.body.id);
  });
});
