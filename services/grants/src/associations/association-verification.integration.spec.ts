import { FakeClock } from '@vaikuta/domain';
import { FinnishBusinessIds } from 'finnish-business-ids';
import { GrantsTestApp, startGrantsTestApp } from '../../test/grants-test-app';
import { AssociationAccessService } from './association-access.service';

// Issue 11, point 1: a typed registration number (or a group's name) is a claim, not proof.
const clock = new FakeClock(new Date('2027-03-01T09:00:00Z'));
let t: GrantsTestApp;
let officer: string;
let roundId: string;
beforeAll(async () => {
  t = await startGrantsTestApp('association_verification', {}, { clock });
  officer = `Bearer ${await t.token('grants_officer', { sub: 'officer-v' })}`;
  roundId = (
    await post('/grants/rounds', officer, {
      type: 'small',
      title: { fi: 'Pienavustukset' },
      department: 'KUVA',
      budgetCents: 1_000_000,
      continuous: true,
      opensAt: '2027-01-01T00:00:00+02:00',
      criteria: [{ key: 'impact', label: { fi: 'Vaikuttavuus' }, weight: 100 }],
    }).expect(201)
  ).body.id;
});
afterAll(() => t?.close());

const resident = async (sub: string, actingFor?: string[]) => `Bearer ${await t.token('resident', { sub, ...(actingFor ? { actingFor } : {}) })}`;
function post(url: string, auth: string, body: object) {
  return t.http().post(url).set('Authorization', auth).send(body);
}
let numbers = 100;
/** A fresh registered-association number per test (123.456 form). */
const newNumber = () => `${200 + numbers++}.${100 + numbers}`;

describe('verification of associations registered without a mandate', () => {
  it('makes a business ID under a mandate verified at once, and a registration number or a group pending', async () => {
    const businessId = FinnishBusinessIds.generateBusinessId();
    const mandated = await post('/grants/associations', await resident('v-mandate', [businessId]), { name: 'Mandaatti ry', businessId }).expect(201);
    expect(mandated.body.verification).toBe('verified');
    const claimed = await post('/grants/associations', await resident('v-claim'), { name: 'Numero ry', registrationNumber: newNumber() }).expect(201);
    expect(claimed.body).toMatchObject({ verification: 'pending_verification', rejectionReason: null });
    const group = await post('/grants/associations', await resident('v-group'), { name: 'Tiistain lenkki', unregisteredGroup: true }).expect(201);
    expect(group.body.verification).toBe('pending_verification');
    // An admin's registration by business ID without a mandate is a claim too.
    const other = FinnishBusinessIds.generateBusinessId();
    const byAdmin = await post('/grants/associations', `Bearer ${await t.token('admin', { sub: 'v-admin' })}`, { name: 'Ylläpito ry', businessId: other }).expect(201);
    expect(byAdmin.body.verification).toBe('pending_verification');
  });

  it('lets a pending association prepare a draft but not submit it (409 saying why), nor book', async () => {
    const chair = await resident('v-draft');
    const { body: a } = await post('/grants/associations', chair, { name: 'Luonnos ry', registrationNumber: newNumber() }).expect(201);
    const { body: draft } = await post(`/grants/rounds/${roundId}/applications`, chair, { associationId: a.id, title: 'Kevätretki', requestedCents: 50_000 }).expect(201);
    const refused = await post(`/grants/applications/${draft.id}/submit`, chair, { version: 1 }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ title: 'Association not verified', verification: 'pending_verification' });
    const after = await t.http().get(`/grants/applications/${draft.id}`).set('Authorization', chair).expect(200);
    expect(after.body).toMatchObject({ state: 'draft', version: 1 });
    const submitted = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE envelope->'data'->>'applicationId' = $1`, [draft.id]);
    expect(submitted[0].n).toBe(0);
    // The shared check bookings and seasons call refuses too, before anything else is looked at.
    await expect(t.app.get(AssociationAccessService).assertMayAct({ sub: 'v-draft', roles: ['resident'] } as never, a.id)).rejects.toMatchObject({ status: 409 });

    // Once an officer verifies it, the same draft goes in.
    await post(`/grants/associations/${a.id}/verification`, officer, { version: 1, note: 'Extract from the register, PRH 2027-02-27' }).expect(200);
    await post(`/grants/applications/${draft.id}/submit`, chair, { version: 1 }).expect(200);
  });

  it('verifies with a note: audited with the officer and note, told as association_verified, and only once', async () => {
    const { body: a } = await post('/grants/associations', await resident('v-verify'), { name: 'Tarkistettu ry', registrationNumber: newNumber() }).expect(201);
    const res = await post(`/grants/associations/${a.id}/verification`, officer, { version: 1, note: 'Called the chair listed in PRH' }).expect(200);
    expect(res.body).toMatchObject({ verification: 'verified', version: 2, access: 'officer' });
    const [audit] = await t.dataSource.query(`SELECT action, actor_id, actor_role, details FROM association_audit WHERE entity_id = $1 AND version = 2`, [a.id]);
    expect(audit).toMatchObject({ action: 'verified', actor_id: 'officer-v', actor_role: 'grants_officer', details: { note: 'Called the chair listed in PRH' } });
    const [event] = await t.dataSource.query(`SELECT type, envelope FROM outbox WHERE type = 'fi.vaikuta.grants.association_verified.v1' AND envelope #>> '{data,associationId}' = $1`, [a.id]);
    expect(event.envelope.data).toMatchObject({ associationName: 'Tarkistettu ry', verifiedBy: 'officer-v', representativeSubs: ['v-verify'] });
    const again = await post(`/grants/associations/${a.id}/verification`, officer, { version: 2, note: 'again' }).expect(409);
    expect(again.body.title).toBe('Already decided');
    // Now in the public register; a pending one is not.
    const pub = await t.http().get('/grants/associations/public').expect(200);
    expect(pub.body.items.map((x: { id: string }) => x.id)).toContain(a.id);
  });

  it('refuses a verification without a note or with a stale version, and lets no resident verify', async () => {
    const registrant = await resident('v-self');
    const { body: a } = await post('/grants/associations', registrant, { name: 'Itse ry', registrationNumber: newNumber() }).expect(201);
    const noNote = await post(`/grants/associations/${a.id}/verification`, officer, { version: 1 }).expect(400);
    expect(noNote.body.errors).toEqual([expect.objectContaining({ field: 'note' })]);
    await post(`/grants/associations/${a.id}/verification`, officer, { version: 7, note: 'x' }).expect(409);
    await post(`/grants/associations/${a.id}/verification`, registrant, { version: 1, note: 'It is me' }).expect(403);
    const noReason = await post(`/grants/associations/${a.id}/rejection`, officer, { version: 1, reason: ' ' }).expect(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const still = await t.http().get(`/grants/associations/${a.id}`).set('Authorization', registrant).expect(200);
    expect(still.body).toMatchObject({ verification: 'pending_verification', version: 1 });
  });

  it('answers a second claim to a pending number with a 409 that says how to contest; rejecting the first frees the number', async () => {
    const number = newNumber();
    const squatter = await resident('v-squatter');
    const { body: first } = await post('/grants/associations', squatter, { name: 'Oikea Seura ry', registrationNumber: number }).expect(201);
    const real = await resident('v-real-chair');
    const refused = await post('/grants/associations', real, { name: 'Oikea Seura ry', registrationNumber: number }).expect(409);
    expect(refused.body).toMatchObject({ title: 'Registration awaits verification', verification: 'pending_verification' });
    expect(refused.body.detail).toContain('grants office');
    // The officers' queue lists it.
    const queue = await t.http().get('/grants/associations?verification=pending_verification').set('Authorization', officer).expect(200);
    expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: first.id, verification: 'pending_verification' })]));

    // A second representative the registrant added is told of the rejection too.
    await post(`/grants/associations/${first.id}/representatives`, squatter, { version: 1, sub: 'v-squatter-friend', role: 'secretary' }).expect(201);
    const rejected = await post(`/grants/associations/${first.id}/rejection`, officer, { version: 2, reason: 'The board of Oikea Seura ry does not know this person' }).expect(200);
    expect(rejected.body).toMatchObject({ verification: 'rejected', rejectionReason: 'The board of Oikea Seura ry does not know this person' });
    const seen = await t.http().get(`/grants/associations/${first.id}`).set('Authorization', squatter).expect(200);
    expect(seen.body.rejectionReason).toContain('does not know');
    const [audit] = await t.dataSource.query(`SELECT action, details FROM association_audit WHERE entity_id = $1 AND version = 3`, [first.id]);
    expect(audit).toMatchObject({ action: 'verification_rejected', details: { reason: expect.stringContaining('does not know') } });
    // Told on the stream with the reason and every representative, so notifications can tell each of them.
    const [event] = await t.dataSource.query(`SELECT envelope FROM outbox WHERE type = 'fi.vaikuta.grants.association_rejected.v1' AND envelope #>> '{data,associationId}' = $1`, [first.id]);
    expect(event.envelope.data).toMatchObject({
      associationName: 'Oikea Seura ry',
      reason: 'The board of Oikea Seura ry does not know this person',
      rejectedBy: 'officer-v',
      representativeSubs: expect.arrayContaining(['v-squatter', 'v-squatter-friend']),
    });
    expect(event.envelope.data.representativeSubs).toHaveLength(2);

    const { body: second } = await post('/grants/associations', real, { name: 'Oikea Seura ry', registrationNumber: number }).expect(201);
    expect(second.verification).toBe('pending_verification');
    // A verified number is refused as before, pointing at its representatives.
    await post(`/grants/associations/${second.id}/verification`, officer, { version: 1, note: 'PRH extract' }).expect(200);
    const taken = await post('/grants/associations', squatter, { name: 'Oikea Seura ry', registrationNumber: number }).expect(409);
    expect(taken.body.title).toBe('Already registered');
  });

  it('keeps a rejected association from submitting even a draft made before', async () => {
    const chair = await resident('v-rejected');
    const { body: a } = await post('/grants/associations', chair, { name: 'Hylätty ry', unregisteredGroup: true }).expect(201);
    const { body: draft } = await post(`/grants/rounds/${roundId}/applications`, chair, { associationId: a.id, title: 'Retki', requestedCents: 10_000 }).expect(201);
    await post(`/grants/associations/${a.id}/rejection`, officer, { version: 1, reason: 'Named like Hylätty ry, which is another group' }).expect(200);
    const refused = await post(`/grants/applications/${draft.id}/submit`, chair, { version: 1 }).expect(409);
    expect(refused.body.verification).toBe('rejected');
  });
});
