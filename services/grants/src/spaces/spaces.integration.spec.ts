import { FakeClock } from '@vaikuta/domain';
import { premisesSpaceRequest } from '@vaikuta/testing';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

const clock = new FakeClock(new Date('2026-12-01T08:00:00Z'));
let t: GrantsTestApp;
let manager: string;

beforeAll(async () => {
  t = await startGrantsTestApp('spaces', {}, { clock });
  manager = `Bearer ${await t.token('premises_manager')}`;
});
afterAll(() => t?.close());

const create = (body: object) => t.http().post('/premises/spaces').set('Authorization', manager).send(body);

describe('premises spaces', () => {
  it('lists created spaces publicly with id, name, requiresApproval and accessType, and filters by capacity, accessibility and unit', async () => {
    const hall = (await create(premisesSpaceRequest({ name: { fi: 'Aalto-halli' }, capacity: 200 })).expect(201)).body;
    const room = (
      await create(
        premisesSpaceRequest({
          name: { fi: 'Bertan kokoushuone', sv: 'Bertas mötesrum' },
          unit: 'Kirjasto',
          capacity: 12,
          accessibility: { features: ['induction_loop'] },
          requiresApproval: true,
          accessType: 'key_pickup',
          keyPickup: { where: { fi: 'Kirjaston neuvonta' }, when: { fi: 'Aukioloaikoina' } },
        }),
      ).expect(201)
    ).body;
    const list = await t.http().get('/premises/spaces').expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: hall.id, name: { fi: 'Aalto-halli' }, requiresApproval: false, accessType: 'door_code' }));
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: room.id, requiresApproval: true, accessType: 'key_pickup' }));

    const ids = async (query: string) => (await t.http().get(`/premises/spaces?${query}`).expect(200)).body.items.map((s: { id: string }) => s.id);
    expect(await ids('capacity=100')).toEqual([hall.id]);
    expect(await ids('accessibility=induction_loop')).toEqual([room.id]);
    expect(await ids('accessibility=step_free,accessible_toilet')).toContain(hall.id);
    expect(await ids('accessibility=step_free,induction_loop')).toEqual([]);
    expect(await ids('unit=Kirjasto')).toEqual([room.id]);

    const first = await t.http().get('/premises/spaces?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await t.http().get(`/premises/spaces?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

    const detail = await t.http().get(`/premises/spaces/${room.id}`).expect(200);
    expect(detail.body).toMatchObject({ keyPickup: { where: { fi: 'Kirjaston neuvonta' } }, photos: [], version: 1, rules: { startIntervalMinutes: 30 } });
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const before = (await t.http().get('/premises/spaces?limit=100').expect(200)).body.items.length;
    const fields = async (body: object) => (await create(body).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect(await fields(premisesSpaceRequest({ accessType: 'key_pickup' }))).toContain('keyPickup');
    expect(await fields(premisesSpaceRequest({}, { startIntervalMinutes: 20 as never }))).toContain('rules.startIntervalMinutes');
    expect(await fields(premisesSpaceRequest({}, { minDurationMinutes: 240 }))).toContain('rules.minDurationMinutes');
    expect(await fields(premisesSpaceRequest({ openingHours: { weekly: { mon: [{ opens: '18:00', closes: '08:00' }] }, exceptions: [] } }))).toContain(
      'openingHours.weekly.mon.0.closes',
    );
    expect(await fields({ ...premisesSpaceRequest(), capacity: 0 })).toContain('capacity');
    // An exception's note with nothing visible (zero-width spaces) was stored and shown as a blank note.
    const noted = (note: string) => premisesSpaceRequest({ openingHours: { weekly: { mon: [{ opens: '08:00', closes: '20:00' }] }, exceptions: [{ date: '2026-12-24', periods: [], note }] } });
    expect(await fields(noted('\u200b\u200b'))).toEqual(['openingHours.exceptions.0.note']);
    expect(await fields(noted('   '))).toEqual(['openingHours.exceptions.0.note']);
    expect((await t.http().get('/premises/spaces?limit=100').expect(200)).body.items.length).toBe(before);
    await t.http().get('/premises/spaces?accessibility=jetpack').expect(400);
  });

  it('lets only premises managers and admins write; edits need the version seen and are audited', async () => {
    await t.http().post('/premises/spaces').send(premisesSpaceRequest()).expect(401);
    await t.http().post('/premises/spaces').set('Authorization', `Bearer ${await t.token('resident')}`).send(premisesSpaceRequest()).expect(403);
    const space = (await create(premisesSpaceRequest()).expect(201)).body;
    const updated = await t
      .http()
      .put(`/premises/spaces/${space.id}`)
      .set('Authorization', manager)
      .send({ ...premisesSpaceRequest({ capacity: 60 }), version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ capacity: 60, version: 2 });
    await t.http().put(`/premises/spaces/${space.id}`).set('Authorization', manager).send({ ...premisesSpaceRequest(), version: 1 }).expect(409);
    const audit = await t.dataSource.query(`SELECT action, details FROM space_audit WHERE entity_id = $1 ORDER BY id`, [space.id]);
    expect(audit).toEqual([expect.objectContaining({ action: 'created' }), expect.objectContaining({ action: 'updated', details: { changed: ['capacity'] } })]);
  });
});
