import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

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

  it("still names a council members' initiative's signers, public by their role", async () => {
    const { body: filed } = await paper({ type: 'council_member', initiatorName: 'Valtuutettu Virtanen', coSigners: ['Valtuutettu Järvinen'] });
    const page = (await t.http().get(`/initiatives/${filed.id}`).expect(200)).body;
    expect(page.initiators).toEqual({ publicNames: ['Valtuutettu Virtanen', 'Valtuutettu Järvinen'], count: 2 });
  });
});
