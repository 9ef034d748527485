import { InitiativesTestApp, startInitiativesTestApp } from '../../test/initiatives-test-app';

/**
 * Regression: assigning to `kymp` stored the code as typed, which matched no preparer's
 * departments (tokens say `KYMP`): the preparer who assigned it, and every other, got 403 on
 * it from then on. Department codes are upper-cased, and a code that cannot be one is refused.
 */
describe('assigning an initiative to a department (integration)', () => {
  let t: InitiativesTestApp;
  let preparer: string;

  beforeAll(async () => {
    t = await startInitiativesTestApp('assign_department');
    preparer = await t.token('preparer', ['KYMP'], 'preparer-assign');
  });
  afterAll(() => t?.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('keeps the preparer of the department in charge when the code is typed in lower case', async () => {
    const resident = await t.token('resident', [], 'resident-assign');
    const filed = await t.http().post('/initiatives').set(as(resident)).send({ type: 'resident', language: 'fi', title: 'Pyöräparkki', body: 'Lisää pyöräparkkeja.', initiatorName: 'Asukas' }).expect(201);
    const id = filed.body.id as string;
    const registered = await t.http().post(`/initiatives/${id}/register`).set(as(preparer)).send({ version: filed.body.version }).expect(200);

    const bad = await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: registered.body.version, departmentCode: 'KY MP', preparerId: 'preparer-assign' }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'departmentCode' })]);

    const assigned = await t.http().post(`/initiatives/${id}/assign`).set(as(preparer)).send({ version: registered.body.version, departmentCode: ' kymp ', preparerId: 'preparer-assign' }).expect(200);
    expect(assigned.body.departmentCode).toBe('KYMP');
    await t.http().get(`/initiatives/staff/${id}`).set(as(preparer)).expect(200);
    await t.http().post(`/initiatives/${id}/propose`).set(as(preparer)).send({ version: assigned.body.version, body: 'valtuusto', proposal: 'Esitys' }).expect(200);
  });
});
