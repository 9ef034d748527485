import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';
import { PrivatePaperCoSigners1770000000100 } from '../migrations/1770000000100-PrivatePaperCoSigners';

/**
 * Council members sign in a public role, so their names are shown; the co-signers of a
 * resident's paper initiative are private persons: counted and contactable by staff, never
 * named on the public page merely for having signed.
 */
describe('co-signers of a paper initiative (integration)', () => {
  let t: InitiativesTestApp;
  let preparer: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('paper_co_signers');
    preparer = await t.token('preparer', [], 'preparer-1');
  });
  afterAll(() => t?.close());

  const paper = (body: Record<string, unknown>) =>
    t.http().post('/initiatives/staff/paper').set('Authorization', `Bearer ${preparer}`).send({ language: 'fi', title: 'Paperialoite', body: 'Paperilla jätetty aloite.', ...body }).expect(201);

  it("keeps a resident paper initiative's co-signers out of the public page, but counts them and shows them to staff", async () => {
    const { body: filed } = await paper({ type: 'resident', initiatorName: 'Pekka Paperinen', namePublic: false, coSigners: ['Liisa Naapuri', 'Matti Meikäläinen'] });
    const page = (await t.http().get(`/initiatives/${filed.id}`).expect(200)).body;
    expect(page.initiators).toEqual({ publicNames: [], count: 3 });
    expect(JSON.stringify(page)).not.toContain('Liisa Naapuri');
    const staff = (await t.http().get(`/initiatives/staff/${filed.id}`).set('Authorization', `Bearer ${preparer}`).expect(200)).body;
    expect(staff.initiatorContacts.map((c: { name: string }) => c.name)).toEqual(['Pekka Paperinen', 'Liisa Naapuri', 'Matti Meikäläinen']);
  });

  it('makes the co-signers recorded public before the fix private, and leaves council members named', async () => {
    const { body: resident } = await paper({ type: 'resident', initiatorName: 'Vanha Paperinen', namePublic: false, coSigners: ['Vanha Naapuri'] });
    const { body: council } = await paper({ type: 'council_member', initiatorName: 'Valtuutettu Vanhanen', coSigners: ['Valtuutettu Vanhala'] });
    // As a co-signer row was written before the fix.
    await t.dataSource.query(`UPDATE initiative_initiators SET name_public = true WHERE initiative_id = $1 AND role = 'co_signer'`, [resident.id]);
    expect((await t.http().get(`/initiatives/${resident.id}`).expect(200)).body.initiators.publicNames).toEqual(['Vanha Naapuri']);

    const runner = t.dataSource.createQueryRunner();
    try {
      await new PrivatePaperCoSigners1770000000100().up(runner);
    } finally {
      await runner.release();
    }
    expect((await t.http().get(`/initiatives/${resident.id}`).expect(200)).body.initiators).toEqual({ publicNames: [], count: 2 });
    expect((await t.http().get(`/initiatives/${council.id}`).expect(200)).body.initiators.publicNames).toEqual(['Valtuutettu Vanhanen', 'Valtuutettu Vanhala']);
  });

  it("still names a council members' initiative's signers, public by their role", async () => {
    const { body: filed } = await paper({ type: 'council_member', initiatorName: 'Valtuutettu Virtanen', coSigners: ['Valtuutettu Järvinen'] });
    const page = (await t.http().get(`/initiatives/${filed.id}`).expect(200)).body;
    expect(page.initiators).toEqual({ publicNames: ['Valtuutettu Virtanen', 'Valtuutettu Järvinen'], count: 2 });
  });
});
