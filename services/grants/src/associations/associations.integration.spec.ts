import { FinnishBusinessIds } from 'finnish-business-ids';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';

let t: GrantsTestApp;
beforeAll(async () => {
  t = await startGrantsTestApp('associations');
});
afterAll(() => t?.close());

/** A person signed in as a resident, optionally with a Suomi.fi mandate for business IDs. */
const resident = async (sub: string, actingFor?: string[]) => `Bearer ${await t.token('resident', { sub, ...(actingFor ? { actingFor } : {}) })}`;
const register = (auth: string, body: Record<string, unknown>) => t.http().post('/grants/associations').set('Authorization', auth).send(body);
const detail = (auth: string, id: string) => t.http().get(`/grants/associations/${id}`).set('Authorization', auth);

/** A fresh valid business ID for each test, so the tests do not meet in the register. */
const newBusinessId = () => FinnishBusinessIds.generateBusinessId();

describe('the association register', () => {
  it('registers an association with a valid business ID for a person with a mandate for it: 201, audited, told on the outbox', async () => {
    const businessId = newBusinessId();
    const chair = await resident('chair-1', [businessId]);
    const res = await register(chair, {
      name: 'Järvenpään Shakkikerho ry',
      nameSv: 'Träskända Schackklubb rf',
      businessId,
      address: { street: 'Seutulantie 11', postalCode: '04400', city: 'Järvenpää' },
      iban: 'fi21 1234 5600 0007 85',
      role: 'chair',
      representativeName: 'Aino Virtanen',
    }).expect(201);
    expect(res.body).toMatchObject({
      name: 'Järvenpään Shakkikerho ry',
      nameSv: 'Träskända Schackklubb rf',
      identification: 'business_id',
      businessId,
      iban: 'FI2112345600000785',
      access: 'mandate',
      version: 1,
      representatives: [{ sub: 'chair-1', role: 'chair', name: 'Aino Virtanen' }],
    });
    const [audit] = await t.dataSource.query(`SELECT action, actor_id, actor_role FROM association_audit WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual({ action: 'registered', actor_id: 'chair-1', actor_role: 'mandate' });
    const [event] = await t.dataSource.query(`SELECT type, envelope FROM outbox WHERE envelope #>> '{data,associationId}' = $1`, [res.body.id]);
    expect(event.type).toBe('fi.vaikuta.grants.association_registered.v1');
    // The registrant is named by sub only: no name or contact on the bus.
    expect(JSON.stringify(event.envelope)).not.toContain('Aino');
  });

  it('refuses an invalid business ID with a 400 problem naming businessId, and writes nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM associations`);
    const res = await register(await resident('someone', ['1234567-2']), { name: 'Väärä ry', businessId: '1234567-2' }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'businessId' })]);
    await register(await resident('someone'), { name: 'Ei tunnusta ry' }).expect(400);
    const iban = await register(await resident('someone', ['1234567-1']), { name: 'Pankki ry', businessId: '1234567-1', iban: 'FI2112345600000786' }).expect(400);
    expect(iban.body.errors).toEqual([expect.objectContaining({ field: 'iban' })]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM associations`)).toEqual(before);
  });

  it('answers a retried registration (same Idempotency-Key) with the first answer and registers once', async () => {
    const businessId = newBusinessId();
    const chair = await resident('retrying-chair', [businessId]);
    const mine = await t.http().get('/grants/associations/mine').set('Authorization', chair).expect(200);
    expect(mine.body).toEqual({ items: [], unregisteredBusinessIds: [businessId] });
    const send = () => register(chair, { name: 'Yhteys katkesi ry', businessId }).set('Idempotency-Key', `register-${businessId}`);
    const [first, second] = [await send().expect(201), await send().expect(201)];
    expect(second.body.id).toBe(first.body.id);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM associations WHERE business_id = $1`, [businessId])).toEqual([{ n: 1 }]);
  });

  it('refuses a valid business ID from someone without a mandate for it (403), and a second registration of the same ID (409)', async () => {
    const businessId = newBusinessId();
    const res = await register(await resident('no-mandate', [newBusinessId()]), { name: 'Toisen yhdistys ry', businessId }).expect(403);
    expect(res.body.detail).toContain(businessId);
    await register(await resident('first', [businessId]), { name: 'Oikea ry', businessId }).expect(201);
    await register(await resident('second', [businessId]), { name: 'Oikea ry uudestaan', businessId }).expect(409);
  });

  it('lets a representative add another person, who can then act; a removed one cannot', async () => {
    const founder = await resident('group-founder');
    const { body: group } = await register(founder, { name: 'Keskiviikon kävelijät', unregisteredGroup: true, role: 'contact' }).expect(201);
    const newcomer = await resident('group-newcomer');
    // Before being added, the newcomer is a stranger: 404 (the id reveals nothing), and no change goes through.
    await detail(newcomer, group.id).expect(404);
    await t.http().patch(`/grants/associations/${group.id}`).set('Authorization', newcomer).send({ version: 1, name: 'Kaapattu' }).expect(404);

    const added = await t
      .http()
      .post(`/grants/associations/${group.id}/representatives`)
      .set('Authorization', founder)
      .send({ version: 1, sub: 'group-newcomer', role: 'treasurer', name: 'Eero' })
      .expect(201);
    expect(added.body.representatives.map((r: { sub: string; role: string }) => [r.sub, r.role])).toEqual([
      ['group-newcomer', 'treasurer'],
      ['group-founder', 'contact'],
    ]);

    // The newcomer acts now: sees it among their own and changes it.
    const mine = await t.http().get('/grants/associations/mine').set('Authorization', newcomer).expect(200);
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([group.id]);
    const updated = await t
      .http()
      .patch(`/grants/associations/${group.id}`)
      .set('Authorization', newcomer)
      .send({ version: 2, iban: 'FI21 1234 5600 0007 85', address: { street: 'Kauppatori 1', postalCode: '04400', city: 'Järvenpää' } })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 3, iban: 'FI2112345600000785', access: 'representative' });

    // A stale version is a 409 and changes nothing.
    await t.http().patch(`/grants/associations/${group.id}`).set('Authorization', founder).send({ version: 2, name: 'Myöhässä' }).expect(409);

    await t.http().delete(`/grants/associations/${group.id}/representatives?sub=group-founder&version=3`).set('Authorization', newcomer).expect(204);
    await detail(founder, group.id).expect(404);
    // The last representative of a group without a business ID stays.
    const last = await t.http().delete(`/grants/associations/${group.id}/representatives?sub=group-newcomer&version=4`).set('Authorization', newcomer).expect(409);
    expect(last.body.title).toBe('The last representative');

    const events = await t.dataSource.query(`SELECT type FROM outbox WHERE envelope #>> '{data,associationId}' = $1 ORDER BY seq`, [group.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'fi.vaikuta.grants.association_registered.v1',
      'fi.vaikuta.grants.representative_added.v1',
      'fi.vaikuta.grants.representative_removed.v1',
    ]);
    const audit = await t.dataSource.query(`SELECT version, action, actor_id FROM association_audit WHERE entity_id = $1 ORDER BY id`, [group.id]);
    expect(audit).toEqual([
      { version: 1, action: 'registered', actor_id: 'group-founder' },
      { version: 2, action: 'representative_added', actor_id: 'group-founder' },
      { version: 3, action: 'updated', actor_id: 'group-newcomer' },
      { version: 4, action: 'representative_removed', actor_id: 'group-newcomer' },
    ]);
  });

  it("keeps each association's staff to their own: another association's people get 404, officers read but may not act (403)", async () => {
    const ownId = newBusinessId();
    const otherId = newBusinessId();
    const own = await resident('own-chair', [ownId]);
    const other = await resident('other-chair', [otherId]);
    const { body: ours } = await register(own, { name: 'Oma ry', businessId: ownId, iban: 'FI2112345600000785' }).expect(201);
    const { body: theirs } = await register(other, { name: 'Muu ry', businessId: otherId }).expect(201);

    await detail(other, ours.id).expect(404);
    await t.http().post(`/grants/associations/${ours.id}/representatives`).set('Authorization', other).send({ version: 1, sub: 'other-chair', role: 'chair' }).expect(404);
    const theirMine = await t.http().get('/grants/associations/mine').set('Authorization', other).expect(200);
    expect(theirMine.body.items.map((a: { id: string }) => a.id)).toEqual([theirs.id]);
    expect(theirMine.body.unregisteredBusinessIds).toEqual([]);

    // A mandate alone (no representative row) acts too: the token says so.
    const mandateOnly = await resident('board-member', [ownId]);
    await detail(mandateOnly, ours.id).expect(200);

    const officer = `Bearer ${await t.token('grants_officer')}`;
    const read = await detail(officer, ours.id).expect(200);
    expect(read.body).toMatchObject({ access: 'officer', iban: 'FI2112345600000785' });
    await t.http().patch(`/grants/associations/${ours.id}`).set('Authorization', officer).send({ version: 1, name: 'Virkamiehen nimi' }).expect(403);
    const all = await t.http().get('/grants/associations').set('Authorization', officer).expect(200);
    expect(all.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([ours.id, theirs.id]));
    await t.http().get('/grants/associations').set('Authorization', own).expect(403);
    const found = async (q: string) => (await t.http().get('/grants/associations').query({ q }).set('Authorization', officer).expect(200)).body.items.map((a: { id: string }) => a.id);
    expect(await found('oma r')).toEqual([ours.id]);
    expect(await found(ownId.slice(0, 6))).toContain(ours.id);
    // LIKE's wildcards are plain characters to the search.
    expect(await found('%')).toEqual([]);
  });

  it('shows the public only names and business IDs of registered associations', async () => {
    const businessId = newBusinessId();
    const { body: club } = await register(await resident('public-chair', [businessId]), {
      name: 'Julkinen ry',
      businessId,
      iban: 'FI2112345600000785',
      email: 'hallitus@julkinen.example',
      representativeName: 'Salainen Henkilö',
    }).expect(201);
    await register(await resident('private-group'), { name: 'Matin tiistailenkki', unregisteredGroup: true }).expect(201);
    const res = await t.http().get('/grants/associations/public').expect(200);
    expect(res.body.items).toContainEqual({ id: club.id, name: 'Julkinen ry', nameSv: null, businessId });
    const text = JSON.stringify(res.body);
    for (const hidden of ['public-chair', 'Salainen', 'FI21', 'hallitus@', 'Matin tiistailenkki']) expect(text).not.toContain(hidden);
    await t.http().get(`/grants/associations/${club.id}`).expect(401);
  });
});
