import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/**
 * Filing counts the initiator as the first supporter; their own support afterwards must not
 * count them a second time (the count decides the council deadline at 2 % of the voters).
 */
describe("an initiator's own support (integration)", () => {
  let t: InitiativesTestApp;
  let initiator: string;
  let other: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('initiator_support', {}, { env: { CITY_ELIGIBLE_VOTERS: '100000' } });
    initiator = await t.token('resident', [], 'initiator-1');
    other = await t.token('resident', [], 'resident-2');
  });
  afterAll(() => t?.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('counts the initiator once, however often they press support, and other residents once each', async () => {
    const filed = await t
      .http()
      .post('/initiatives')
      .set(as(initiator))
      .send({ type: 'resident', language: 'fi', title: 'Lisää penkkejä puistoon', body: 'Puistoon tarvitaan lisää penkkejä.', initiatorName: 'Aino Aloitteentekijä' })
      .expect(201);
    const id = filed.body.id;
    expect(filed.body.supportCount).toBe(1);

    await t.http().post(`/initiatives/${id}/supports`).set(as(initiator)).expect(200, { supportCount: 1, councilDeadline: null });
    await t.http().post(`/initiatives/${id}/supports`).set(as(other)).expect(200, { supportCount: 2, councilDeadline: null });
    await t.http().post(`/initiatives/${id}/supports`).set(as(initiator)).expect(200, { supportCount: 2, councilDeadline: null });
    expect((await t.http().get(`/initiatives/${id}`).expect(200)).body.supportCount).toBe(2);
  });
});
